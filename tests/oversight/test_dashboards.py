from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accommodations.models import Measure
from accounts.models import Team, User
from accounts.roles import StaffRole
from accounts.services import do_create_staff
from cases.actions.case import do_assign_officer, do_create_case
from cases.models import Case
from oversight.models import Flag
from oversight.selectors import worst_flag_by_case
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


def other_case(reference: str, officer: User, *, team: Team | None = None) -> Case:
    at = hkt(2025, 2, 3, 9)
    created = do_create_case(
        reference=reference, received_at=at, summary="", allegations=[], acting_user=officer, at=at, team=team
    )
    do_assign_officer(created, officer=officer, acting_user=None, at=at)
    return created


def test_it_shows_an_officer_their_open_flags_most_urgent_first(
    separation: Measure, officer: User, client_for: ClientFor
) -> None:
    sweep(hkt(2025, 3, 25, 9))  # decision level 2 (5 days), implementation level 1 (2 days)

    response = client_for(officer).get("/flags/")

    assert response.status_code == 200
    flags = list(response.context["page"].object_list)
    assert [(f.kind, f.level) for f in flags] == [
        ("measure_decision_overdue", 2),
        ("measure_implementation_overdue", 1),
    ]
    assert "IBSA-2025-0007" in response.content.decode()


def test_it_hides_flags_of_cases_the_officer_is_not_on(
    separation: Measure, other_officer: User, client_for: ClientFor
) -> None:
    other_case("IBSA-2025-0100", other_officer)
    sweep(hkt(2025, 3, 25, 9))

    response = client_for(other_officer).get("/flags/")

    references = {f.case.reference for f in response.context["page"].object_list}
    assert references == {"IBSA-2025-0100"}
    assert "IBSA-2025-0007" not in response.content.decode()


def test_it_shows_a_supervisor_the_team_by_level(
    separation: Measure, officer: User, supervisor: User, client_for: ClientFor
) -> None:
    other_case("IBSA-2025-0100", officer)
    elsewhere = Team.objects.create(name="Other office")
    other_case("IBSA-2025-0200", officer, team=elsewhere)
    sweep(hkt(2025, 3, 25, 9))

    response = client_for(supervisor).get("/flags/team/")

    assert response.status_code == 200
    groups = dict(response.context["groups"])
    assert list(groups) == [3, 2, 1]
    assert {f.case.reference for flags in groups.values() for f in flags} == {"IBSA-2025-0007", "IBSA-2025-0100"}
    assert all(f.level == level for level, flags in groups.items() for f in flags)
    # The older case (received in February) is at level 3; the measure decision at level 2.
    assert {(f.case.reference, f.kind) for f in groups[2]} == {("IBSA-2025-0007", "measure_decision_overdue")}
    level_3_days = [f.overdue_working_days for f in groups[3]]
    assert len(level_3_days) == 2
    assert level_3_days == sorted(level_3_days, reverse=True)
    assert "IBSA-2025-0200" not in response.content.decode()


def test_it_keeps_the_team_view_from_officers(officer: User, client_for: ClientFor) -> None:
    assert client_for(officer).get("/flags/team/").status_code == 404


@pytest.mark.parametrize("path", ["/flags/", "/flags/team/"])
def test_it_keeps_outsiders_and_complainants_out(
    separation: Measure, outsider: User, complainant: User, client_for: ClientFor, path: str
) -> None:
    sweep(hkt(2025, 3, 25, 9))

    assert client_for(outsider).get(path).status_code == 404
    assert client_for(complainant).get(path).status_code == 404
    anonymous = client_for(None).get(path)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_it_lists_flags_in_a_fixed_number_of_queries(officer: User, client_for: ClientFor) -> None:
    for number in range(5):
        other_case(f"IBSA-2025-01{number:02d}", officer)
    sweep(hkt(2025, 4, 9, 9))
    client = client_for(officer)
    client.get("/flags/")

    with CaptureQueriesContext(connection) as few:
        client.get("/flags/")
    for number in range(5, 15):
        other_case(f"IBSA-2025-01{number:02d}", officer)
    sweep(hkt(2025, 4, 9, 10))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/flags/")

    assert len(response.context["page"].object_list) == 30
    assert len(many) == len(few)


def test_it_gives_the_worst_open_flag_of_each_case_in_one_query(
    separation: Measure, officer: User, supervisor: User
) -> None:
    quiet = other_case("IBSA-2025-0300", officer)
    Case.objects.filter(pk=quiet.pk).update(stage_due_at=None, dormant_due_at=None)
    sweep(hkt(2025, 3, 25, 9))
    case_ids = [separation.case_id, quiet.pk]

    with CaptureQueriesContext(connection) as queries:
        worst = worst_flag_by_case(case_ids)
        measure = worst[separation.case_id].measure  # loaded with the flag

    assert len(queries) == 1
    assert measure is not None
    assert measure.code == "M1"
    assert set(worst) == {separation.case_id}
    flag = worst[separation.case_id]
    assert (flag.kind, flag.level) == ("measure_decision_overdue", 2)
    assert flag == Flag.objects.filter(case_id=separation.case_id).order_by("-level").first()


def test_it_scopes_a_supervisor_of_another_team_out(separation: Measure, client_for: ClientFor) -> None:
    elsewhere = Team.objects.create(name="Other office")
    stranger = do_create_staff(
        username="supervisor.ip", email="ip@uni.example", name="Ip", role=StaffRole.CASE_SUPERVISOR, team=elsewhere
    )
    sweep(hkt(2025, 3, 25, 9))

    response = client_for(stranger).get("/flags/team/")

    assert response.context["total"] == 0
