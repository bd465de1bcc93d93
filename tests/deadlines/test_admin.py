"""Edits in the Django admin go through the services: audited, and open due dates recomputed."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from accounts.models import User
from cases.models import Case
from deadlines.models import ClosureDay, DeadlinePolicy, MeasureDeadlineRule, PolicyChange
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure


def _admin(client_for: Callable[[User | None], Client]) -> Client:
    user = User.objects.create_superuser(username="root", email="root@uni.example", password="correct-horse-battery")
    return client_for(user)


def test_it_recomputes_open_measures_when_a_rule_is_changed_in_the_admin(
    case: Case, request_measure: RequestMeasure, client_for: Callable[[User | None], Client]
) -> None:
    measure = request_measure(requested_at=hkt(2025, 3, 18, 10))
    rule = MeasureDeadlineRule.objects.get(policy=case.policy, measure_type="class_separation")
    response = _admin(client_for).post(
        f"/admin/deadlines/measuredeadlinerule/{rule.pk}/change/",
        {"decision_working_days": "3", "implementation_working_days": "7"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 3, 21, 23, 59, 59)
    change = PolicyChange.objects.get()
    assert (change.by.username if change.by else None, change.measures_recomputed) == ("root", 1)


def test_it_refuses_an_implementation_due_before_the_decision_in_the_admin(
    case: Case, client_for: Callable[[User | None], Client]
) -> None:
    rule = MeasureDeadlineRule.objects.get(policy=case.policy, measure_type="class_separation")
    response = _admin(client_for).post(
        f"/admin/deadlines/measuredeadlinerule/{rule.pk}/change/",
        {"decision_working_days": "6", "implementation_working_days": "3"},
    )
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.decision_working_days == 2


def test_it_recomputes_open_deadlines_when_a_closure_day_is_added_and_deleted(
    case: Case, request_measure: RequestMeasure, client_for: Callable[[User | None], Client]
) -> None:
    client = _admin(client_for)
    measure = request_measure(requested_at=hkt(2025, 4, 17, 15))
    response = client.post("/admin/deadlines/closureday/add/", {"date": "2025-04-22", "reason": "Typhoon"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 4, 24, 23, 59, 59)
    closure = ClosureDay.objects.get()
    response = client.post(f"/admin/deadlines/closureday/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 4, 23, 23, 59, 59)
    assert PolicyChange.objects.count() == 2


def test_it_changes_dormancy_and_creates_a_policy_version_in_the_admin(
    case: Case, client_for: Callable[[User | None], Client]
) -> None:
    client = _admin(client_for)
    policy = case.policy
    response = client.post(
        f"/admin/deadlines/deadlinepolicy/{policy.pk}/change/",
        {
            "dormancy_working_days": "5",
            "acknowledgement_working_days": "3",
            "level_2_after_working_days": "5",
            "level_3_after_working_days": "15",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.dormant_due_at == hkt(2025, 3, 21, 23, 59, 59)
    response = client.post(
        "/admin/deadlines/deadlinepolicy/add/",
        {"name": "2026 policy", "effective_from": "2026-01-01", "copy_from": str(policy.pk)},
    )
    assert response.status_code == 302
    new = DeadlinePolicy.objects.get(name="2026 policy")
    assert new.measure_rules.count() == 7
    assert new.dormancy_working_days == 5
