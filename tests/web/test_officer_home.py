"""The officer's home (issue 14): a work queue worst first, then the case list with sorting and filters
kept in the URL; the case page with every deadline; the flag pages saying when the last check was."""

from __future__ import annotations

import re

import pytest

from accommodations.actions import do_request_measure
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.requests import do_record_request
from cases.models import Party, PartyRole
from oversight.sweep import sweep
from tests.conftest import hkt
from tests.web.conftest import NOW, case_url

# Also run on the embedded default, SQLite (scripts/test).
pytestmark = pytest.mark.sqlite


def _case(officer, reference, *, received, conduct="possession"):
    created = do_create_case(
        reference=reference,
        received_at=received,
        summary="",
        allegations=[AllegationInput(conduct=conduct, synthetic=False)],
        acting_user=officer,
        at=received,
    )
    do_assign_officer(created, officer=officer, acting_user=None, at=received)
    return created


def _references(body: str) -> list[str]:
    table = body[body.index('<table class="cases">') :]
    return re.findall(r">(IBSA-\d{4}-\d{4})</a>", table)


@pytest.fixture
def overdue_and_fresh(case, officer):
    """The fixture's case (received 14 March, due 28 March) plus one received long ago (its stage deadline
    long past), one due tomorrow and one received today (nothing due soon)."""
    old = _case(officer, "IBSA-2025-0001", received=hkt(2025, 1, 6, 9), conduct="distribution")
    soon = _case(officer, "IBSA-2025-0005", received=hkt(2025, 3, 7, 9))
    fresh = _case(officer, "IBSA-2025-0009", received=hkt(2025, 3, 20, 9))
    sweep(NOW)
    return old, soon, fresh


def test_the_home_lists_what_is_overdue_first_with_its_consequence(overdue_and_fresh, case, officer, client_for):
    body = client_for(officer).get("/cases/").content.decode()
    queue = body[body.index('id="queue-h"') : body.index("All cases")]
    assert queue.index("IBSA-2025-0001") < queue.index("IBSA-2025-0005")  # overdue before due soon
    assert "IBSA-2025-0007" not in queue  # due in more than five working days
    assert "IBSA-2025-0009" not in queue
    assert "moving the case on from its current stage" in queue
    assert "Overdue by" in queue
    assert "supervisors are told as it escalates" in queue


def test_the_queue_shows_a_measure_step_with_what_the_complainant_is_told(case, officer, complainant, respondent,
                                                                          client_for):
    do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=hkt(2025, 3, 17, 9),
        details="",
        recorded_by=officer,
        at=hkt(2025, 3, 17, 9),
    )
    body = client_for(officer).get("/cases/").content.decode()
    queue = body[body.index('id="queue-h"') : body.index("All cases")]
    assert "The decision on a measure you asked for is overdue." in queue


def test_the_list_sorts_by_urgency_by_default_and_by_receipt_on_request(overdue_and_fresh, officer, client_for):
    client = client_for(officer)
    urgent = _references(client.get("/cases/").content.decode())
    assert urgent[0] == "IBSA-2025-0001"  # the only one with an open flag
    newest = _references(client.get("/cases/", {"sort": "received"}).content.decode())
    assert newest == ["IBSA-2025-0009", "IBSA-2025-0007", "IBSA-2025-0005", "IBSA-2025-0001"]


def test_the_list_filters_by_flag_level_allegation_type_and_officer(
    overdue_and_fresh, officer, other_officer, client_for
):
    _old, soon, _fresh = overdue_and_fresh
    do_assign_officer(soon, officer=other_officer, acting_user=None, at=NOW)
    client = client_for(officer)
    assert _references(client.get("/cases/", {"level": "1"}).content.decode()) == ["IBSA-2025-0001"]
    assert _references(client.get("/cases/", {"conduct": "distribution"}).content.decode()) == ["IBSA-2025-0001"]
    assert _references(client.get("/cases/", {"officer": str(other_officer.pk)}).content.decode()) == [
        "IBSA-2025-0005"
    ]
    body = client.get("/cases/", {"officer": str(officer.pk), "sort": "received"}).content.decode()
    assert len(_references(body)) == 4
    # The filters stay in the URL of the next page, as codes and ids only.
    assert f'<option value="{officer.pk}" selected>' in body


def test_the_list_reads_in_a_bounded_number_of_queries(overdue_and_fresh, officer, client_for,
                                                         django_assert_max_num_queries):
    client = client_for(officer)
    with django_assert_max_num_queries(40) as small:
        client.get("/cases/", {"sort": "urgency", "level": ""})
    for index in range(15):
        _case(officer, f"IBSA-2025-{300 + index:04d}", received=hkt(2025, 1, 6 + index % 20, 9))
    sweep(NOW)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/cases/", {"sort": "urgency", "level": ""})
    assert response.status_code == 200


def test_the_case_page_shows_every_deadline_with_requests(case, officer, complainant, client_for):
    party = Party.objects.get(case=case, role=PartyRole.COMPLAINANT)
    do_record_request(
        party, kind="committee_hearing", details="", requested_at=hkt(2025, 3, 17, 9), acting_user=officer, at=NOW
    )
    body = client_for(officer).get(case_url(case)).content.decode()
    requests = body[body.index('id="requests-h"') :]
    requests = requests[: requests.index("</section>")]
    assert "Decision due" in requests
    assert "2025-03-31" in requests  # 10 working days after 17 March
    deadlines = body[body.index('id="deadlines-h"') :]
    deadlines = deadlines[: deadlines.index("</section>")]
    assert "Decision on the request: A disciplinary committee hearing" in deadlines
    assert "10 working days after the request of 2025-03-17" in deadlines
    assert "Leave “Received”" in deadlines
    assert "Next activity (dormancy)" in deadlines


def test_the_flag_pages_say_when_the_last_check_was(case, officer, supervisor, client_for):
    assert "No check has run yet" in client_for(officer).get("/flags/").content.decode()
    sweep(NOW)
    for user, url in ((officer, "/flags/"), (supervisor, "/flags/team/")):
        body = client_for(user).get(url).content.decode()
        assert "Figures are as of the last check, 2025-03-20 10:00" in body, url


@pytest.mark.parametrize("listed", [2000, 2], ids=["open cases listed", "open cases as a subquery"])
def test_a_long_queue_shows_the_highest_flags_then_the_earliest_due_and_reads_no_more_for_more_cases(
    listed, officer, other_officer, monkeypatch
):
    """More steps than the queue shows (MAX_ITEMS, made 5 here): flagged steps first, then those due first;
    another officer's steps never; the queries the same in number for twice the steps. The same whether
    her open cases are few enough to be read first as a list of ids or not (LISTED_CASES)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from deadlines.calendar import WorkingCalendar
    from office import queue

    monkeypatch.setattr(queue, "MAX_ITEMS", 5)
    monkeypatch.setattr(queue, "LISTED_CASES", listed)
    _case(officer, "IBSA-2025-0101", received=hkt(2025, 1, 20, 9))
    _case(officer, "IBSA-2025-0102", received=hkt(2025, 1, 21, 9))
    _case(other_officer, "IBSA-2025-0199", received=hkt(2024, 11, 4, 9))
    sweep(NOW)  # flags on the stage and the dormancy of the three
    # Received earlier (so due earlier), recorded after the check: no flag yet.
    for day in (2, 3, 4):
        _case(officer, f"IBSA-2024-020{day}", received=hkt(2024, 12, day, 9))

    def shown() -> tuple[list[tuple[str, str, int]], int]:
        with CaptureQueriesContext(connection) as captured:
            items = queue.work_queue(officer, now=NOW, calendar=WorkingCalendar.load())
        return [(item.case.reference, item.step, item.level) for item in items], len(captured)

    steps, queries = shown()
    stage, activity = "moving the case on from its current stage", "activity on the case"
    assert steps == [
        ("IBSA-2025-0101", stage, 3),
        ("IBSA-2025-0102", stage, 3),
        ("IBSA-2025-0101", activity, 3),
        ("IBSA-2025-0102", activity, 3),
        ("IBSA-2024-0202", stage, 0),
    ]
    for day in range(5, 11):
        _case(officer, f"IBSA-2024-02{day:02d}", received=hkt(2024, 12, day, 9))
    assert shown() == (steps, queries)


@pytest.mark.parametrize("few_flags", [2000, 0], ids=["sorted in Python", "joined"])
def test_the_urgency_order_is_the_order_of_the_sql_it_replaces_on_every_page(
    few_flags, officer, other_officer, monkeypatch
):
    """cases.pages.case_list's urgency order, both ways (UrgencyOrder: flagged cases from the flags, then
    the others by deadline; with many flags, one joined statement), against the ordering query it
    replaced, computed here: the same cases in the same order, on any slice."""
    import datetime as dt

    from django.db.models import OuterRef, Subquery

    from cases import pages
    from cases.pages import SORTS
    from cases.selectors import find_cases
    from oversight.models import Flag

    monkeypatch.setattr(pages, "FEW_FLAGS", few_flags)

    for day in range(1, 13):  # overdue by the sweep below by more or fewer days: flags at several levels
        _case(officer, f"IBSA-2024-{day:04d}", received=hkt(2025, 1, 20, 9) + dt.timedelta(days=4 * day))
    sweep(NOW)
    for day in range(1, 16):  # recorded since: no flag, due at various times (some on the same day)
        _case(officer, f"IBSA-2025-{100 + day:04d}", received=hkt(2025, 3, 1 + day // 2, 9))
    _case(other_officer, "IBSA-2025-0900", received=hkt(2024, 9, 2, 9))  # not hers
    cases = find_cases(officer, mine=False, stage="", reference="")
    open_flags = Flag.objects.filter(case=OuterRef("pk"), closed_at__isnull=True)
    reference = cases.annotate(
        worst_level=Subquery(open_flags.order_by("-level").values("level")[:1]),
        most_overdue=Subquery(open_flags.order_by("-overdue_working_days").values("overdue_working_days")[:1]),
    )
    expected = [c.reference for c in reference.order_by(*SORTS["urgency"])]
    assert len({level for level in reference.values_list("worst_level", flat=True) if level}) >= 2
    order = pages.case_list(officer, mine=False, stage="", reference="")
    assert isinstance(order, pages.UrgencyOrder) == bool(few_flags)
    assert order.count() == len(expected) == 27
    assert [c.reference for c in order] == expected
    for start, stop in ((0, 7), (5, 12), (10, 14), (20, 40)):
        assert [c.reference for c in order[start:stop]] == expected[start:stop]
    at_least_two = [c.reference for c in reference.filter(worst_level__gte=2).order_by(*SORTS["received"])]
    by_receipt = pages.case_list(officer, mine=False, stage="", reference="", min_level=2, sort="received")
    assert [c.reference for c in by_receipt] == at_least_two
    at_least_two_urgent = [c.reference for c in reference.filter(worst_level__gte=2).order_by(*SORTS["urgency"])]
    urgent = pages.case_list(officer, mine=False, stage="", reference="", min_level=2)
    assert [c.reference for c in urgent] == at_least_two_urgent


def test_a_cut_queue_says_so_and_points_to_the_flags_page(overdue_and_fresh, officer, client_for, monkeypatch):
    from office import queue
    from office.views import cases as case_views

    monkeypatch.setattr(queue, "MAX_ITEMS", 2)
    monkeypatch.setattr(case_views, "MAX_ITEMS", 2)
    body = client_for(officer).get("/cases/").content.decode()
    panel = body[body.index('id="queue-h"') : body.index("All cases")]
    assert panel.count('class="queue-item') == 2
    assert "At most 2 steps are shown here, the most urgent first." in panel
    assert 'href="/flags/">flags page</a>' in panel
