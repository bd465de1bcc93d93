"""The reviewer's report pages and their exports ask the database the same number of questions
whatever the number of cases, and read the rows reports.derived keeps rather than the events."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import hkt
from tests.reports.scenario import load_cases, random_cases

pytestmark = pytest.mark.django_db
NOW = hkt(2025, 7, 15, 9, 0)
ONE_MONTH = {"period": "range", "start": "2025-01-01", "end": "2025-01-31"}
HALF_YEAR = {"period": "range", "start": "2025-01-01", "end": "2025-06-30"}


@pytest.fixture
def cases(tmp_path, officer):
    with time_machine.travel(NOW, tick=False):
        load_cases(random_cases(seed=7, count=40), tmp_path)
        yield


@pytest.mark.parametrize("url", ["/reports/", "/reports/teams/", "/reports/outcomes/"])
@pytest.mark.parametrize("export", ["", "csv"])
def test_it_answers_a_report_page_in_the_same_queries_for_few_cases_and_many(cases, reviewer, client_for, url, export):
    client = client_for(reviewer)
    extra = {"format": export} if export else {}
    assert client.get(url, {**HALF_YEAR, **extra}).status_code == 200  # builds the working days and rows once
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, {**ONE_MONTH, **extra})
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {**HALF_YEAR, **extra})
    assert response.status_code == 200

    assert len(many) == len(few) <= 40
    # One copy of the period's cases and measures per page, not one per table on it.
    assert sum("CREATE TEMPORARY TABLE report_scope" in q["sql"] for q in many.captured_queries) == 1
    assert not [q for q in many.captured_queries if "CREATE TEMPORARY TABLE report_stage_events" in q["sql"]]
