"""Looks at a case are on the trail: who, what, when (UTC), from where, outcome; refusals too."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from audit.models import AuditEntry
from cases.access import VIEW, CaseNotFound, access_case
from cases.actions.panel import do_assign_panel_member
from tests.audit.conftest import NOW, last_seq, rows_after
from tests.conftest import hkt

LOCAL = "ip:127.0.0.1"


def test_it_records_the_officer_opening_the_case_page(case, officer, client_for):
    seq = last_seq()
    assert client_for(officer).get(f"/cases/{case.public_id}/").status_code == 200
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.actor_username, row.case_id) == (
        "case.view",
        officer.pk,
        officer.username,
        case.pk,
    )
    assert (row.at, row.at.utcoffset(), row.source, row.outcome) == (NOW, dt.timedelta(0), LOCAL, "ok")
    assert row.detail == {"page": "case_page"}


def test_it_records_the_hearing_bundle(case, supervisor, panel_member, client_for):
    do_assign_panel_member(case, member=panel_member, acting_user=supervisor, at=hkt(2025, 3, 18))
    seq = last_seq()
    assert client_for(panel_member).get(f"/cases/{case.public_id}/bundle/").status_code == 200
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.case_id, row.detail) == (
        "case.view",
        panel_member.pk,
        case.pk,
        {"page": "hearing_bundle"},
    )


@pytest.mark.parametrize(
    ("suffix", "page"),
    [("", "api.case_detail"), ("timeline/", "api.case_timeline"), ("measures/", "api.case_measures")],
)
def test_it_records_the_api_reads_of_a_case(case, officer, api_client_for, suffix, page):
    seq = last_seq()
    assert api_client_for(officer).get(f"/api/v1/cases/{case.public_id}/{suffix}").status_code == 200
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.case_id, row.source, row.detail) == (
        "case.view",
        officer.pk,
        case.pk,
        LOCAL,
        {"page": page},
    )


def test_it_records_a_refused_look_at_an_existing_case_with_the_case(case, other_officer, client_for):
    seq = last_seq()
    assert client_for(other_officer).get(f"/cases/{case.public_id}/").status_code == 404
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.actor_id, row.case_id, row.source) == (
        "case.access",
        "denied",
        other_officer.pk,
        case.pk,
        LOCAL,
    )
    assert row.detail == {"permission": "view_case", "requested": str(case.public_id)}


def test_it_records_a_refused_look_at_a_case_that_does_not_exist_without_a_case(db, officer, client_for):
    missing = uuid.uuid4()
    seq = last_seq()
    assert client_for(officer).get(f"/cases/{missing}/").status_code == 404
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.case_id, row.detail) == (
        "case.access",
        "denied",
        None,
        {"permission": "view_case", "requested": str(missing)},
    )


def test_it_keeps_no_text_that_is_not_a_case_id(db, officer):
    seq = last_seq()
    with pytest.raises(CaseNotFound):
        access_case(officer, "Student A's case", permission=VIEW)
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.case_id, row.detail) == (
        "case.access",
        "denied",
        None,
        {"permission": "view_case"},
    )


def test_it_records_a_refused_change_through_the_api(case, other_officer, api_client_for):
    seq = last_seq()
    response = api_client_for(other_officer).post(
        f"/api/v1/cases/{case.public_id}/stage/", {"to": "investigation"}, format="json"
    )
    assert response.status_code == 404
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.case_id, row.detail["permission"]) == (
        "case.access",
        "denied",
        case.pk,
        "change_case",
    )
    assert not rows_after(seq, action="case.stage")


def test_it_records_the_api_refusing_someone_who_is_not_staff(case, complainant, api_client_for):
    seq = last_seq()
    assert api_client_for(complainant).get(f"/api/v1/cases/{case.public_id}/").status_code == 403
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.actor_id, row.case_id, row.source) == (
        "api.access",
        "denied",
        complainant.pk,
        case.pk,
        LOCAL,
    )
    assert row.detail == {"view": "CaseDetailApi", "method": "GET", "requested": str(case.public_id)}


def test_it_does_not_let_anonymous_requests_fill_the_trail(case, api_client_for):
    seq = last_seq()
    assert api_client_for(None).get(f"/api/v1/cases/{case.public_id}/").status_code == 403
    assert rows_after(seq) == []


@pytest.mark.parametrize(
    ("url", "page"), [("/flags/", "oversight.flag_list"), ("/flags/team/", "oversight.team_flags")]
)
def test_it_records_a_refused_staff_page(db, officer, outsider, client_for, url, page):
    visitor = outsider if page == "oversight.flag_list" else officer
    seq = last_seq()
    assert client_for(visitor).get(url).status_code == 404
    [row] = rows_after(seq)
    assert (row.action, row.outcome, row.actor_id, row.case_id, row.detail) == (
        "page.access",
        "denied",
        visitor.pk,
        None,
        {"page": page},
    )


def test_a_refused_look_is_not_a_view(case, other_officer, client_for):
    client_for(other_officer).get(f"/cases/{case.public_id}/")
    assert not AuditEntry.objects.filter(action="case.view", actor_id=other_officer.pk).exists()
