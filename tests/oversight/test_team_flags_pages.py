"""The team's flags come a page at a time, still grouped by level (issue 9, item 7: a whole office's
1,988 open flags were one 751 KB page)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cases.models import Case
from office.views.flags import PAGE_SIZE
from oversight.models import Flag
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
AT = hkt(2025, 4, 1, 9)


def _flags(case: Case, *, level: int, count: int, start: int) -> None:
    Flag.objects.bulk_create(
        Flag(
            case=case,
            kind="case_dormant",
            step_key=f"test:{start + n}",
            due_at=hkt(2025, 3, 1),
            level=level,
            overdue_working_days=1000 - n,
            raised_at=AT,
            checked_at=AT,
        )
        for n in range(count)
    )


@pytest.fixture
def backlog(case: Case) -> dict[int, int]:
    """30 flags at level 3, 50 at level 2, 40 at level 1: three pages of 50."""
    assert PAGE_SIZE == 50
    counts = {3: 30, 2: 50, 1: 40}
    start = 0
    for level, count in counts.items():
        _flags(case, level=level, count=count, start=start)
        start += count
    return counts


def test_it_shows_the_first_page_with_the_levels_it_reaches(backlog, supervisor: User, client_for: ClientFor) -> None:
    response = client_for(supervisor).get("/flags/team/")

    assert response.status_code == 200
    groups = dict(response.context["groups"])
    assert list(groups) == [3, 2, 1]
    assert [len(groups[level]) for level in (3, 2, 1)] == [30, 20, 0]
    assert all(f.level == level for level, flags in groups.items() for f in flags)
    # The longest overdue first within a level, across the page cut.
    days = [f.overdue_working_days for f in groups[2]]
    assert days == sorted(days, reverse=True)
    assert response.context["total"] == 120
    levels = [(g.level, g.count, g.first_page) for g in response.context["levels"]]
    assert levels == [(3, 30, 1), (2, 50, 1), (1, 40, 2)]
    page = response.content.decode()
    assert "Level 1: 40 flags" in page
    assert 'href="?page=2">These flags start on page 2.' in page
    assert "Page 1 of 3" in page


def test_it_shows_the_rest_of_a_level_on_the_next_page(backlog, supervisor: User, client_for: ClientFor) -> None:
    first = dict(client_for(supervisor).get("/flags/team/").context["groups"])
    response = client_for(supervisor).get("/flags/team/?page=2")

    groups = dict(response.context["groups"])
    assert [len(groups[level]) for level in (3, 2, 1)] == [0, 30, 20]
    assert not {f.pk for f in groups[2]} & {f.pk for f in first[2]}
    assert 'href="?page=1">These flags start on page 1.' in response.content.decode()


def test_every_page_takes_the_same_few_queries(backlog, case: Case, supervisor: User, client_for: ClientFor) -> None:
    client = client_for(supervisor)
    client.get("/flags/team/")
    with CaptureQueriesContext(connection) as before:
        client.get("/flags/team/?page=3")
    _flags(case, level=1, count=500, start=1000)
    with CaptureQueriesContext(connection) as after:
        response = client.get("/flags/team/?page=3")

    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert len(after) == len(before)
