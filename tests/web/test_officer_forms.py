"""The complaint, outcome and measure forms as an officer meets them (issue 14): each defect found by
trying them, with the test that would have caught it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accommodations.actions import do_decide_measure, do_request_measure
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.models import Outcome
from cases.references import next_reference
from cases.workflow import do_change_stage
from tests.conftest import hkt
from tests.web.conftest import NOW, case_url
from timetable.models import Enrollment, TeachingGroup

# Also run on the embedded default, SQLite (scripts/test).
pytestmark = pytest.mark.sqlite


def _decided(case, officer):
    case.refresh_from_db()
    if case.stage != "investigation":
        do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=NOW)
    do_record_outcome(
        case, sanctions=[SanctionInput(type="warning_letter")], reasons="", acting_user=officer, at=NOW
    )


def _separation(case, officer, complainant, respondent):
    measure = do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=hkt(2025, 3, 17, 9),
        details="",
        recorded_by=officer,
        at=hkt(2025, 3, 17, 9),
    )
    return measure


def test_it_proposes_the_next_reference_of_the_institutions_pattern(case, officer, client_for):
    body = client_for(officer).get("/cases/new/").content.decode()
    assert 'value="IBSA-2025-0008"' in body  # the fixture's case is IBSA-2025-0007


def test_the_next_reference_starts_each_year_at_one_and_follows_a_configured_pattern(case, settings):
    assert next_reference(at=hkt(2026, 1, 2)) == "IBSA-2026-0001"
    settings.CASEMGR_REFERENCE_PATTERN = "CO/{year}/{number:03d}"
    assert next_reference(at=NOW) == "CO/2025/001"


def test_the_next_reference_counts_past_the_padding(case, officer):
    from cases.actions.case import do_create_case

    for reference in ("IBSA-2025-10000", "IBSA-2025-9999"):
        do_create_case(reference=reference, received_at=NOW, summary="", allegations=[], acting_user=officer, at=NOW)
    assert next_reference(at=NOW) == "IBSA-2025-10001"


def test_it_explains_what_kind_means(officer, client_for):
    body = client_for(officer).get("/cases/new/").content.decode()
    assert 'id="kind-help"' in body
    assert "such as student, staff or visitor" in body
    assert 'aria-describedby="kind-help"' in body


def test_more_rows_keeps_what_was_typed(officer, client_for):
    data = {
        "reference": "IBSA-2025-0100",
        "received_at": "2025-03-18T15:30",
        "summary": "Folders of generated images.",
        "conduct": "creation",
        "synthetic": "on",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-person_id": "3035001111",
        "parties-0-role": "complainant",
        "parties-0-name": "Student Typed",
        "parties-1-person_id": "",
        "more_rows": "1",
    }
    response = client_for(officer).post("/cases/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="IBSA-2025-0100"' in body
    assert "Folders of generated images." in body
    assert 'value="3035001111"' in body
    assert 'value="Student Typed"' in body
    assert re.search(r'<option value="complainant" selected>', body)
    assert 'name="synthetic" checked' in body or re.search(r'name="synthetic"[^>]*checked', body)
    assert len(re.findall(r'name="parties-\d+-person_id"', body)) == 5  # the typed row and four empty
    assert 'class="errorlist' not in body  # nothing was checked yet


def test_the_sanction_menu_says_statutory_once(case, officer, client_for):
    do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=NOW)
    body = client_for(officer).get(case_url(case, "outcome/")).content.decode()
    assert "Warning letter (not a statutory sanction)</option>" in body
    assert "(not a statutory sanction) (not a statutory sanction)" not in body
    assert "Suspension (statutory sanction)</option>" in body


def test_every_formset_cell_has_a_label(case, officer, client_for):
    do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=NOW)
    for url in ("/cases/new/", case_url(case, "outcome/")):
        body = client_for(officer).get(url).content.decode()
        ids = re.findall(r'<(?:input|select)[^>]*\bid="(id_(?:parties|sanctions)-\d+-\w+)"', body)
        assert ids, url
        for control in ids:
            assert f'for="{control}"' in body, (url, control)


def test_a_measure_is_against_a_respondent_only(case, officer, complainant, respondent, client_for):
    body = client_for(officer).get(case_url(case, "measures/")).content.decode()
    against = re.search(r'<select name="against".*?</select>', body, re.S)
    assert against is not None
    assert respondent.username in against.group(0)
    assert complainant.username not in against.group(0)


def test_a_decided_case_does_not_offer_another_outcome(case, officer, client_for):
    client = client_for(officer)
    assert "Record outcome" not in client.get(case_url(case)).content.decode()  # received: too early
    do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=NOW)
    assert "Record outcome" in client.get(case_url(case)).content.decode()
    _decided(case, officer)
    assert "Record outcome" not in client.get(case_url(case)).content.decode()


def test_the_outcome_form_records_who_decided_when_and_the_finding(case, officer, client_for):
    do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=NOW)
    client = client_for(officer)
    response = client.post(
        case_url(case, "outcome/"),
        {
            "decision_maker": "Disciplinary Committee",
            "decided_at": "2025-03-19T16:00",
            "finding": "upheld",
            "reasons": "Serious.",
            "sanctions-TOTAL_FORMS": "1",
            "sanctions-INITIAL_FORMS": "0",
            "sanctions-0-type": "reprimand",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    outcome = Outcome.objects.get(case=case)
    assert outcome.decision_maker == "Disciplinary Committee"
    assert outcome.decided_at == hkt(2025, 3, 19, 16)
    assert outcome.finding == "upheld"
    body = client.get(case_url(case)).content.decode()
    assert "decided by Disciplinary Committee" in body
    assert "Upheld: the conduct was found" in body


def test_an_approved_measure_never_put_in_place_prompts_after_the_outcome(
    case, officer, complainant, respondent, client_for
):
    measure = _separation(case, officer, complainant, respondent)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 17, 10))
    client = client_for(officer)
    assert "was never put in place" not in client.get(case_url(case)).content.decode()
    _decided(case, officer)
    assert "this approved measure was never put in place" in client.get(case_url(case)).content.decode()


def test_a_student_the_timetable_does_not_know_is_not_zero_shared_sessions(
    case, officer, complainant, respondent, client_for
):
    _separation(case, officer, complainant, respondent)
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "The timetable does not know" in body
    assert "timetabled sessions shared" not in body

    group = TeachingGroup.objects.create(course_code="LLAW3102", group="T01")
    Enrollment.objects.create(student_id=complainant.username, group=group)
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(case_url(case)).content.decode()
    unknown = body[body.index("The timetable does not know") :]
    unknown = unknown[: unknown.index("</p>")]
    assert f"({respondent.username})" in unknown
    assert f"({complainant.username})" not in unknown
    # Who is in no group is read with the two people's groups, in one read of the enrolments.
    assert sum("timetable_enrollment" in q["sql"] for q in queries.captured_queries) == 1

    Enrollment.objects.create(student_id=respondent.username, group=group)
    body = client.get(case_url(case)).content.decode()
    assert "The timetable does not know" not in body
    assert "timetabled sessions shared" in body
