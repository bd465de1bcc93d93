"""The parties' part of the officer's case page: the message threads, delays to explain, requests for a
review, the notice to the respondent and what he is told of measures. Read for a case the caller has
already authorised (cases.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accommodations.models import Measure
from casemgr.vocabulary import MeasureType
from cases.models import Case, Party, PartyRole
from deadlines.calendar import WorkingCalendar
from deadlines.policy import delay_explanation_deadline
from oversight.models import Flag
from portal.flag_kinds import WAITED_ON
from portal.models import MeasureDisclosure, Message, NoticeRelease, ReviewRequest, Withdrawal


@dataclass(frozen=True)
class Thread:
    party: Party
    messages: list[Message]


@dataclass(frozen=True)
class DelayToExplain:
    flag: Flag
    explain_by: dt.datetime
    explained: bool


@dataclass(frozen=True)
class OfficerPanel:
    case: Case
    threads: list[Thread]
    delays: list[DelayToExplain]
    reviews: list[ReviewRequest]
    release: NoticeRelease | None
    restricting: list[Measure]
    withdrawals: list[Withdrawal]
    now: dt.datetime


RESTRICTING = (MeasureType.NO_CONTACT_DIRECTIVE, MeasureType.CAMPUS_ACCESS_RESTRICTION)


def officer_panel(
    case: Case, *, calendar: WorkingCalendar, now: dt.datetime, parties: list[Party], measures: list[Measure]
) -> OfficerPanel:
    """The panel of `case`, from the case page's `parties` (with their people) and `measures`, which it
    has read already: at 100,000 cases each query of this page costs a few milliseconds
    (docs/benchmarks.md, "Scale")."""
    parties = [p for p in parties if p.role in (PartyRole.COMPLAINANT, PartyRole.RESPONDENT)]
    by_party: dict[int, list[Message]] = {p.pk: [] for p in parties}
    for message in Message.objects.filter(party__case=case).select_related("author"):
        by_party.setdefault(message.party_id, []).append(message)
    flags = Flag.objects.filter(case=case, kind__in=WAITED_ON, closed_at__isnull=True).prefetch_related("explanations")
    delays = [
        DelayToExplain(
            flag,
            delay_explanation_deadline(calendar, case.policy, flag.raised_at).due_at,
            bool(flag.explanations.all()),
        )
        for flag in flags.order_by("raised_at", "pk")
    ]
    return OfficerPanel(
        case=case,
        threads=[Thread(p, by_party[p.pk]) for p in parties],
        delays=delays,
        reviews=list(ReviewRequest.objects.filter(party__case=case).select_related("party__person")),
        release=NoticeRelease.objects.filter(case=case).first(),
        restricting=_restricting(case, measures),
        withdrawals=list(Withdrawal.objects.filter(party__case=case).select_related("party__person")),
        now=now,
    )


def _restricting(case: Case, measures: list[Measure]) -> list[Measure]:
    """The measures that restrict the respondent, each with its disclosure (None until written)."""
    restricting = [m for m in measures if m.type in RESTRICTING and m.against_id is not None]
    # Read whether or not there is one, so that the page's queries do not change with its measures.
    disclosures = {d.measure_id: d for d in MeasureDisclosure.objects.filter(measure__case=case)}
    for measure in restricting:
        # As select_related("disclosure") leaves it: the template asks each for `m.disclosure`.
        Measure.disclosure.related.set_cached_value(measure, disclosures.get(measure.pk))
    return restricting
