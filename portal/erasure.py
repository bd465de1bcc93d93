"""What the purge (privacy.purge) erases of the parties' pages, registered through casemgr.erasure:
every text a party or an officer wrote there about the purged case (messages, reviews, delay reasons,
the notice, withdrawals, what the respondent was told of a measure)."""

from __future__ import annotations

import datetime as dt

from portal.models import DelayExplanation, MeasureDisclosure, Message, NoticeRelease, ReviewRequest, Withdrawal


def erase_case(case_id: int, now: dt.datetime) -> None:
    Message.objects.filter(party__case_id=case_id).delete()
    ReviewRequest.objects.filter(party__case_id=case_id).delete()
    Withdrawal.objects.filter(party__case_id=case_id).delete()
    DelayExplanation.objects.filter(flag__case_id=case_id).delete()
    MeasureDisclosure.objects.filter(measure__case_id=case_id).delete()
    NoticeRelease.objects.filter(case_id=case_id).delete()
