"""casemgr.lookups.AnyOf keeps the same rows as `__in`, with the ids as one parameter on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F

from casemgr.lookups import AnyOf
from cases.models import Case, Party
from oversight.kinds import in_cases
from tests.conftest import hkt
from tests.web.test_officer_home import _case

pytestmark = pytest.mark.sqlite


@pytest.fixture
def three_cases(case, officer):
    return [
        case,
        _case(officer, "IBSA-2025-0201", received=hkt(2025, 3, 1)),
        _case(officer, "IBSA-2025-0202", received=hkt(2025, 3, 2)),
    ]


def test_it_keeps_the_rows_in_keeps(three_cases):
    ids = [c.pk for c in three_cases]
    for chosen in ([], ids[:1], ids[1:], ids, [*ids, 10**12]):
        expected = set(Case.objects.filter(pk__in=chosen).values_list("pk", flat=True))
        assert set(Case.objects.filter(AnyOf(F("pk"), chosen)).values_list("pk", flat=True)) == expected
        # Through a join, as the queue's kinds use it (a party's case).
        expected = set(Party.objects.filter(case__in=chosen).values_list("pk", flat=True))
        assert set(Party.objects.filter(in_cases("case_id", chosen)).values_list("pk", flat=True)) == expected


def test_a_query_of_cases_stays_a_subquery(three_cases):
    query = Case.objects.filter(reference__startswith="IBSA-2025-02").values("pk")
    assert Party.objects.filter(in_cases("case_id", query)).count() == 0
    assert Case.objects.filter(in_cases("pk", query)).count() == 2


def test_the_ids_go_as_one_array_on_postgresql_and_as_an_in_list_elsewhere(three_cases):
    ids = [c.pk for c in three_cases] * 200
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert Case.objects.filter(AnyOf(F("pk"), ids)).count() == 3
    sql, params = sent[0]
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert len(params) == 1
        # As the array's text, one string for the driver to quote rather than a list to dump id by id.
        assert params[0] == "{" + ",".join(str(pk) for pk in ids) + "}"
    else:
        # SQLite (the embedded default): Django's own IN list, a placeholder per id.
        assert " IN (" in sql
        assert len(params) == len(set(ids))
