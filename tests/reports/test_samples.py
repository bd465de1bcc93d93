"""Review samples: a random draw of a period's closed cases, recorded so that it can be shown random."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine

from audit.models import AuditEntry
from cases.models import Case
from reports.models import ReviewSample
from tests.conftest import hkt
from tests.reports.scenario import load_cases, random_cases

pytestmark = pytest.mark.django_db
NOW = hkt(2025, 7, 15, 9, 0)


@pytest.fixture
def closed_cases(tmp_path, officer):
    with time_machine.travel(NOW, tick=False):
        data = random_cases(seed=9, count=30)
        for i, case in enumerate(data["cases"]):
            if i % 3 == 0:
                case["events"] = [*case["events"], {"at": "2025-07-01T10:00:00+08:00", "by": "officer.chan",
                                                    "type": "stage", "to": "closed"}]
        load_cases(data, tmp_path)
    return data


def test_it_draws_closed_cases_and_keeps_the_seed_that_redraws_them(closed_cases, reviewer, client_for):
    with time_machine.travel(NOW, tick=False):
        response = client_for(reviewer).post("/reports/samples/", {"start": "2025-01-01", "end": "2025-06-30",
                                                                    "size": "4"})

    sample = ReviewSample.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/samples/{sample.pk}/"
    population = sorted(Case.objects.filter(stage="closed").values_list("reference", flat=True))
    assert sample.population == len(population) >= 4
    # Anyone can redraw it from the record: the population in order of reference and the seed.
    redrawn = random.Random(int(sample.seed, 16)).sample(population, 4)
    assert sample.references == redrawn
    assert set(sample.cases.values_list("reference", flat=True)) == set(redrawn)
    entry = AuditEntry.objects.get(action="review.sample")
    assert entry.actor_id == reviewer.pk
    assert entry.detail["seed"] == sample.seed
    page = client_for(reviewer).get(response["Location"]).content.decode()
    assert sample.seed in page
    assert all(reference in page for reference in redrawn)


def test_two_draws_are_different_draws(closed_cases, reviewer, client_for):
    client = client_for(reviewer)
    for _ in range(2):
        client.post("/reports/samples/", {"start": "2025-01-01", "end": "2025-06-30", "size": "3"})

    first, second = ReviewSample.objects.order_by("id")
    assert first.seed != second.seed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start": "2025-06-30", "end": "2025-01-01", "size": "3"}, "end"),
        ({"start": "2025-01-01", "end": "2025-06-30", "size": "0"}, "size"),
        ({"start": "2025-01-01", "end": "2025-06-30", "size": "500"}, "size"),
        ({"start": "", "end": "2025-06-30", "size": "3"}, "start"),
    ],
)
def test_it_refuses_a_bad_draw_naming_the_field_and_draws_nothing(closed_cases, reviewer, client_for, data, field):
    response = client_for(reviewer).post("/reports/samples/", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReviewSample.objects.exists()


def test_nobody_else_draws_or_sees_samples(closed_cases, officer, supervisor, reviewer, client_for):
    client_for(reviewer).post("/reports/samples/", {"start": "2025-01-01", "end": "2025-06-30", "size": "2"})
    sample = ReviewSample.objects.get()
    for user in (officer, supervisor):
        client = client_for(user)
        assert client.get("/reports/samples/").status_code == 404
        draw = {"start": "2025-01-01", "end": "2025-06-30", "size": "2"}
        assert client.post("/reports/samples/", draw).status_code == 404
        assert client.get(f"/reports/samples/{sample.pk}/").status_code == 404
    assert ReviewSample.objects.count() == 1
    assert dt.date(2025, 1, 1) == sample.first
