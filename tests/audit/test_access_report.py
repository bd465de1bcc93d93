"""The per-case access report: who has seen the case and its evidence, when, from where and why."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import StaffRole
from accounts.services import do_create_staff
from audit.log import record
from audit.models import AuditEntry
from cases.actions.case import do_assign_officer
from tests.audit.conftest import NOW, last_seq, rows_after
from tests.conftest import hkt


def _url(case, query=""):
    return f"/cases/{case.public_id}/access-report/{query}"


def _looks(case, officer, other_officer, client_for):
    client_for(officer).get(f"/cases/{case.public_id}/")
    client_for(other_officer).get(f"/cases/{case.public_id}/")  # refused
    record(
        "evidence.reveal",
        actor=officer,
        at=hkt(2025, 3, 19, 15, 30),
        case_id=case.pk,
        target="evidence:1",
        reason="Comparing the folder with the complaint",
    )
    record("case.export", actor=None, at=hkt(2025, 3, 19, 18), detail={"cases": [case.pk], "format": "casemgr/1"})
    record(
        "case.export", actor=None, at=hkt(2025, 3, 19, 18), detail={"cases": [case.pk + 1000], "format": "casemgr/1"}
    )


def test_it_shows_the_supervisor_who_looked_when_from_where_and_why(
    case, officer, other_officer, supervisor, client_for
):
    _looks(case, officer, other_officer, client_for)
    seq = last_seq()

    response = client_for(supervisor).get(_url(case))

    assert response.status_code == 200
    report = response.context["report"]
    people = {p.username: p for p in report.people}
    assert set(people) == {officer.username, other_officer.username, supervisor.username, ""}
    assert (people[officer.username].views, people[officer.username].reveals) == (1, 1)
    assert people[officer.username].name == officer.display_name
    assert (people[other_officer.username].views, people[other_officer.username].denied) == (0, 1)
    assert people[""].exports == 1  # the other export names another case only
    assert people[supervisor.username].views == 1  # reading this report is a look too
    content = response.content.decode()
    assert "Comparing the folder with the complaint" in content
    assert "ip:127.0.0.1" in content
    assert "2025-03-19 15:30" in content  # institution time (HKT), not UTC
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.case_id, row.source) == (
        "case.access_report",
        supervisor.pk,
        case.pk,
        "ip:127.0.0.1",
    )


def test_it_is_not_there_for_the_assigned_officer_another_officer_or_an_outsider(
    case, officer, other_officer, outsider, client_for
):
    for user in (officer, other_officer, outsider):
        seq = last_seq()
        assert client_for(user).get(_url(case)).status_code == 404
        [row] = rows_after(seq)
        assert (row.action, row.outcome, row.actor_id, row.detail["permission"]) == (
            "case.access",
            "denied",
            user.pk,
            "supervise_case",
        )
    assert not AuditEntry.objects.filter(action="case.access_report").exists()


def test_the_case_page_links_to_it_for_supervisors_only(case, officer, supervisor, client_for):
    assert _url(case) in client_for(supervisor).get(f"/cases/{case.public_id}/").content.decode()
    assert _url(case) not in client_for(officer).get(f"/cases/{case.public_id}/").content.decode()


def _report_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_reads_in_a_number_of_queries_independent_of_the_trail(case, officer, supervisor, client_for):
    client = client_for(supervisor)
    client.get(_url(case))  # a first request settles the session
    few = _report_queries(client, _url(case))
    for i in range(12):
        viewer = do_create_staff(username=f"officer.{i}", email="", name=f"Officer {i}", role=StaffRole.CONDUCT_OFFICER)
        do_assign_officer(case, officer=viewer, acting_user=supervisor, at=NOW)
        for _ in range(6):
            record("case.view", actor=viewer, at=NOW, case_id=case.pk, detail={"page": "case_page"})
    many = _report_queries(client, _url(case))
    assert many == few


def test_it_pages_the_entries_newest_first(case, officer, supervisor, client_for):
    for minute in range(60):
        record(
            "case.view", actor=officer, at=hkt(2025, 3, 18, 9, minute), case_id=case.pk, detail={"page": "case_page"}
        )
    client = client_for(supervisor)
    first = client.get(_url(case)).context["report"]
    assert len(first.entries) == 50
    assert first.entries[0].username == supervisor.username  # this reading, the newest
    second = client.get(_url(case, "?page=2")).context["report"]
    assert [e.at for e in second.entries][-1] == hkt(2025, 3, 18, 9, 0)
    assert {p.username: p.views for p in second.people}[officer.username] == 60
