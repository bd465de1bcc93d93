"""The reviewer's pages: who may open them, what they show, and what they never show."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from cases.models import Case
from tests.conftest import hkt
from tests.reports.scenario import load_cases, random_cases
from tests.reports.test_chronology_command import CASE, PEOPLE

pytestmark = pytest.mark.django_db
NOW = hkt(2025, 7, 15, 9, 0)
HALF_YEAR = {"period": "range", "start": "2025-01-01", "end": "2025-06-30"}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cases(tmp_path, clock, officer):
    data = random_cases(seed=7, count=40)
    data["cases"] = [c for c in data["cases"] if c["reference"] != CASE["reference"]] + [CASE]
    data["people"] += PEOPLE
    load_cases(data, tmp_path)
    return data


@pytest.fixture
def few_cases(tmp_path, clock, officer):
    """Seven cases: counts small enough to be suppressed, and a total that would give one away."""
    data = random_cases(seed=5, count=7)
    load_cases(data, tmp_path)
    return data


def _text(response) -> str:
    return str(response.content.decode())


def _without_token(response) -> str:
    """The answer less its CSRF token, which differs on every page."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _text(response))


@pytest.mark.sqlite
def test_it_shows_the_reviewer_the_timeliness_report(cases, reviewer, client_for):
    response = client_for(reviewer).get("/reports/", HALF_YEAR)

    assert response.status_code == 200
    text = _text(response)
    for heading in ("Cases and outcomes", "Deadlines: met, missed, overdue and pending", "Late steps by kind"):
        assert heading in text
    assert "Working days from the complaint" in text
    assert "Shared classes after a class-separation request" in text
    assert "2025-01-01 – 2025-06-30" in text
    assert "casemgr/1 default" in text  # the policy in force
    # Charts are inline SVG with a title, each beside its table.
    assert text.count("<svg") == 3
    assert 'role="img"' in text


@pytest.mark.parametrize("who", ["officer", "supervisor", "panel_member", "other_complainant", "outsider"])
@pytest.mark.parametrize("url", ["/reports/", "/reports/teams/", "/reports/outcomes/", "/reports/cases/"])
def test_it_answers_everyone_else_with_a_plain_404(cases, who, url, client_for, request):
    user = request.getfixturevalue(who)

    response = client_for(user).get(url)

    assert response.status_code == 404
    assert "IBSA-2025" not in _text(response)


def test_it_sends_anonymous_visitors_to_sign_in(db):
    response = Client().get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.sqlite
def test_it_suppresses_small_numbers_on_the_page_and_hides_a_cell_a_total_would_give_away(
    few_cases, reviewer, client_for
):
    text = _text(client_for(reviewer).get("/reports/", HALF_YEAR))

    assert "&lt;5" in text
    assert "<td>7</td>" in text  # seven cases received: a total of 5 or more is shown
    assert '<td class="protects">*</td>' in text


@pytest.mark.sqlite
def test_it_exports_the_same_suppressed_tables_as_csv(few_cases, reviewer, client_for):
    response = client_for(reviewer).get("/reports/", {**HALF_YEAR, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    heading = dict(row for row in rows[:6] if len(row) == 2)
    assert heading["Cases received"] == "2025-01-01 – 2025-06-30"
    assert heading["Generated"] == "2025-07-15T09:00:00+08:00"
    assert "casemgr/1 default" in heading["Deadline policies in force"]
    cells = [c for row in rows[6:] for c in row]
    assert "<5" in cells
    assert "*" in cells
    start = rows.index(["Deadlines: met, missed, overdue and pending"]) + 2
    counts = [c for row in rows[start:] if len(row) == 7 for c in row[1:6]]
    assert counts
    assert not [c for c in counts if c in {"1", "2", "3", "4"}]


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.sqlite
def test_it_exports_a_pdf_with_the_period_policy_and_suppression(few_cases, reviewer, client_for, tmp_path):
    response = client_for(reviewer).get("/reports/", {**HALF_YEAR, "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "Timeliness" in text
    assert "2025-01-01 – 2025-06-30" in text
    assert "casemgr/1 default" in text
    assert "<5" in text


@pytest.mark.sqlite
def test_it_lists_cases_without_people_and_in_few_queries(cases, reviewer, client_for):
    client = client_for(reviewer)
    client.get("/reports/cases/")  # the working-day table is built once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reports/cases/")

    assert response.status_code == 200
    text = _text(response)
    assert "IBSA-2025-0007" in text
    secrets = [CASE["summary"], "More than 700 images."] + [p["name"] for p in PEOPLE] + [p["id"] for p in PEOPLE]
    secrets += [c["summary"] for c in cases["cases"]]
    assert [s for s in secrets if s in text] == []
    assert len(queries) <= 30
    with CaptureQueriesContext(connection) as again:
        client.get("/reports/cases/", {"stage": "investigation"})
    assert len(again) <= len(queries)


@pytest.mark.sqlite
def test_it_shows_a_chronology_and_puts_the_look_on_the_audit_trail(cases, reviewer, client_for):
    case = Case.objects.get(reference="IBSA-2025-0007")

    response = client_for(reviewer).get(f"/reports/cases/{case.public_id}/chronology/")

    assert response.status_code == 200
    text = _text(response)
    assert "Chronology of IBSA-2025-0007" in text
    assert "Complainant A" in text
    assert "Respondent A" in text
    assert "Interim measure requested" in text
    assert 'class="late"' in text  # the overdue separation decision and the dormant period
    assert "59" in text
    secrets = [CASE["summary"], "More than 700 images.", "Same tutorial group T03."]
    secrets += [e["text"] for e in CASE["events"] if e.get("text")]
    secrets += [p["name"] for p in PEOPLE] + [p["id"] for p in PEOPLE] + [p["email"] for p in PEOPLE]
    assert [s for s in secrets if s in text] == []
    entry = AuditEntry.objects.get(action="case.chronology")
    assert (entry.case_id, entry.actor_id, entry.detail["format"]) == (case.pk, reviewer.pk, "page")


@pytest.mark.sqlite
def test_it_turns_the_chronology_pdf_into_a_picture_with_its_title_and_a_table(cases, reviewer, client_for, tmp_path):
    case = Case.objects.get(reference="IBSA-2025-0007")

    response = client_for(reviewer).get(f"/reports/cases/{case.public_id}/chronology/", {"format": "pdf"})

    assert response.status_code == 200
    pdf = tmp_path / "chronology.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    picture = next(tmp_path.glob("page*.png"))
    from PIL import Image

    image = Image.open(picture).convert("L")
    width, height = image.size
    pixels = image.tobytes()
    rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
    assert width > 300
    assert height > width  # A4, upright
    # A table is drawn as ruled lines: rows of dark pixels across most of the page.
    ruled = [y for y, row in enumerate(rows) if sum(1 for value in row if value < 128) > width * 0.6]
    assert len(ruled) >= 5
    text = _pdf_text(response.content, tmp_path)
    assert "Chronology of IBSA-2025-0007" in text
    assert "Complainant A" in text
    assert "Student A" not in text
    assert AuditEntry.objects.filter(action="case.chronology", detail__format="pdf").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/cases/{id}/",
        "/cases/{id}/bundle/",
        "/cases/{id}/access-report/",
        "/cases/{id}/evidence/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/measures/",
    ],
)
def test_a_reviewer_sees_nothing_else_of_a_case_than_for_a_missing_one(cases, reviewer, client_for, path):
    case = Case.objects.get(reference="IBSA-2025-0007")
    client = client_for(reviewer)

    missing_id = "00000000-0000-4000-8000-000000000000"
    real = client.get(path.format(id=case.public_id))
    missing = client.get(path.format(id=missing_id))

    assert real.status_code == missing.status_code == 404
    # The same page, but for the address asked for (the language switcher returns to it).
    assert _without_token(real).replace(str(case.public_id), missing_id) == _without_token(missing)


def test_only_a_reviewer_opens_a_chronology_and_a_missing_case_looks_the_same(cases, officer, reviewer, client_for):
    case = Case.objects.get(reference="IBSA-2025-0007")

    missing_id = "00000000-0000-4000-8000-000000000000"
    forbidden = client_for(officer).get(f"/reports/cases/{case.public_id}/chronology/")
    missing = client_for(officer).get(f"/reports/cases/{missing_id}/chronology/")
    missing_for_reviewer = client_for(reviewer).get(f"/reports/cases/{missing_id}/chronology/")

    assert forbidden.status_code == missing.status_code == missing_for_reviewer.status_code == 404
    assert _without_token(forbidden).replace(str(case.public_id), missing_id) == _without_token(missing)
    assert not AuditEntry.objects.filter(action="case.chronology").exists()


def test_a_reviewer_lands_on_the_reports_and_is_not_offered_to_record_a_complaint(reviewer, client_for):
    client = Client()
    response = client.post("/accounts/login/", {"username": "reviewer.ng", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "next=%2Freports%2F" in response["Location"]

    page = _text(client_for(reviewer).get("/reports/"))
    assert 'href="/reports/cases/"' in page
    assert "Record a complaint" not in page


def test_other_staff_keep_their_navigation(officer, client_for):
    page = _text(client_for(officer).get("/cases/"))
    assert "Record a complaint" in page
    assert 'href="/reports/"' not in page

