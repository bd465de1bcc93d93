"""The `data_request_overdue` flag (oversight.kinds): a data access or correction request not answered,
and no s19(2) notice given, by the end of its 40th calendar day (PDPO s19(1), s23(1)).

Level 1 tells the data protection officers, level 2 the supervisors of the teams whose cases the person
is a party to, level 3 governance. It says nothing of the person: the officer's page has the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import StaffRole
from cases.models import Party
from oversight.kinds import CaseScope, DueStep, FlagKindSpec, HistoryEntry, first_due, keys_to_ids, register
from oversight.models import Flag
from privacy.models import DataRequest

DATA_REQUEST_OVERDUE = "data_request_overdue"


def request_key(request_id: int) -> str:
    return f"data_request:{request_id}"


class DataRequestOverdue(FlagKindSpec):
    name = DATA_REQUEST_OVERDUE
    label = _("Data request not answered in 40 days")
    title = _("data request not answered in time")
    staff_sentence = _(
        "A data access or correction request has not been answered, and no written notice under s19(2) "
        "was given, within the days the Ordinance allows."
    )

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        if cases is not None:
            return []  # a data request is about a person, not a case
        # The partial index's condition (decided_at IS NULL), repeated so the planner uses it.
        due = DataRequest.objects.filter(decided_at__isnull=True, extension_notice_at__isnull=True, due_at__lt=now)
        ids = keys_to_ids("data_request", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        return [
            DueStep(self.name, request_key(pk), due_at, None, None)
            for pk, due_at in first_due(due, "due_at", limit).values_list("pk", "due_at")
        ]

    def done(self, flags: Sequence[Flag]) -> set[int]:
        ids = {int(f.step_key.partition(":")[2]): f.pk for f in flags}
        answered = DataRequest.objects.filter(pk__in=ids).exclude(
            decided_at__isnull=True, extension_notice_at__isnull=True
        )
        return {ids[pk] for pk in answered.values_list("pk", flat=True)}

    def describe(self, flag: Flag) -> str:
        return gettext("answering a data request")

    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        active = User.objects.filter(is_active=True)
        officers = set(active.filter(groups__name=StaffRole.DATA_PROTECTION_OFFICER.value).values_list("pk", flat=True))
        governance = set(active.filter(groups__name=StaffRole.GOVERNANCE_REVIEWER.value).values_list("pk", flat=True))
        ids = {f.pk: int(f.step_key.partition(":")[2]) for f in flags}
        person_of = dict(DataRequest.objects.filter(pk__in=ids.values()).values_list("pk", "person_id"))
        teams: dict[int, set[int]] = {}
        for person_id, team_id in Party.objects.filter(person_id__in=set(person_of.values())).values_list(
            "person_id", "case__team_id"
        ):
            teams.setdefault(person_id, set()).add(team_id)
        supervisors: dict[int, set[int]] = {}
        for team_id, pk in active.filter(groups__name=StaffRole.CASE_SUPERVISOR.value).values_list("team_id", "pk"):
            supervisors.setdefault(team_id, set()).add(pk)
        result = {}
        for flag_id, request_id in ids.items():
            person_teams = teams.get(person_of.get(request_id, 0), set())
            level_2 = set().union(*(supervisors.get(t, set()) for t in person_teams)) if person_teams else set()
            result[flag_id] = {1: officers, 2: level_2 | officers, 3: governance | officers}
        return result

    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        """Nothing to add: the flag is the record, and the request's page shows it."""

    def staff_link(self, flag: Flag) -> str:
        return reverse("privacy:request_list")


def register_kinds() -> None:
    register(DataRequestOverdue())
