"""Data access requests: due at the end of the 40th calendar day, flagged on the 41st, not before;
an s19(2) notice before then stops the flag; a refusal needs its reason and section."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from oversight.models import Flag
from oversight.sweep import sweep
from privacy.flag_kinds import DATA_REQUEST_OVERDUE
from privacy.models import DataRequest
from privacy.requests import do_decide_request, do_record_extension_notice, do_record_request
from tests.conftest import hkt

pytestmark = pytest.mark.usefixtures("imported")
RECEIVED = hkt(2026, 1, 5, 15, 0)


def record(dpo: User) -> DataRequest:
    return do_record_request(
        person=User.objects.get(username="3035000001"),
        kind=DataRequest.Kind.ACCESS,
        received_at=RECEIVED,
        details="a copy of everything",
        identity_checked_at=hkt(2026, 1, 6, 10, 0),
        identity_check="student card seen at the counter",
        acting_user=dpo,
        at=hkt(2026, 1, 6, 10, 0),
    )


def open_flags() -> list[Flag]:
    return list(Flag.objects.filter(kind=DATA_REQUEST_OVERDUE, closed_at__isnull=True))


def test_it_is_due_at_the_end_of_the_40th_calendar_day(dpo: User) -> None:
    assert record(dpo).due_at == hkt(2026, 2, 14, 23, 59, 59)


def test_the_flag_is_raised_on_the_41st_day_and_not_the_40th(dpo: User) -> None:
    request = record(dpo)

    sweep(hkt(2026, 2, 14, 23, 0))
    assert open_flags() == []

    sweep(hkt(2026, 2, 15, 9, 0))
    [flag] = open_flags()
    assert flag.step_key == f"data_request:{request.pk}"
    assert flag.case_id is None


def test_an_s19_2_notice_before_the_deadline_stops_the_flag(dpo: User) -> None:
    request = record(dpo)
    do_record_extension_notice(request, reason="the archive is off site", acting_user=dpo, at=hkt(2026, 2, 10, 9, 0))

    sweep(hkt(2026, 2, 16, 9, 0))

    assert open_flags() == []


def test_an_s19_2_notice_after_the_deadline_is_refused(dpo: User) -> None:
    request = record(dpo)

    with pytest.raises(ValidationError):
        do_record_extension_notice(request, reason="too late", acting_user=dpo, at=hkt(2026, 2, 15, 9, 0))


def test_answering_closes_the_flag(dpo: User) -> None:
    request = record(dpo)
    sweep(hkt(2026, 2, 16, 9, 0))
    assert len(open_flags()) == 1

    do_decide_request(request, decision="complied", reason="", section="", acting_user=dpo, at=hkt(2026, 2, 16, 10, 0))

    assert open_flags() == []


def test_a_refusal_needs_its_reason_and_the_section_relied_on(dpo: User) -> None:
    request = record(dpo)

    with pytest.raises(ValidationError):
        do_decide_request(request, decision="refused", reason="", section="s20(1)(b)", acting_user=dpo, at=RECEIVED)
    with pytest.raises(ValidationError):
        do_decide_request(request, decision="refused", reason="names others", section="", acting_user=dpo, at=RECEIVED)
    do_decide_request(
        request, decision="refused", reason="names others", section="s20(1)(b)", acting_user=dpo, at=RECEIVED
    )
    request.refresh_from_db()
    assert (request.decision, request.section_relied_on) == ("refused", "s20(1)(b)")
