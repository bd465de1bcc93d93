"""The parties' periods in the deadline policy: defaults, copied into a new version, changed with a record."""

from __future__ import annotations

import datetime as dt

import pytest

from deadlines.models import DeadlinePolicy, PolicyChange
from oversight.policy_changes import do_create_policy, do_update_party_periods
from tests.conftest import hkt

pytestmark = pytest.mark.django_db


def test_the_policy_gives_two_days_to_explain_a_delay_and_ten_to_appeal():
    policy = DeadlinePolicy.objects.order_by("effective_from")[0]
    assert (policy.delay_explanation_working_days, policy.appeal_working_days) == (2, 10)


def test_a_change_is_recorded_and_copied_into_the_next_version(officer):
    policy = DeadlinePolicy.objects.order_by("effective_from")[0]
    do_update_party_periods(policy, periods={"appeal_working_days": 15}, acting_user=officer, at=hkt(2025, 4, 1))
    change = PolicyChange.objects.get(subject="party periods")
    assert (change.before, change.after) == ({"appeal_working_days": 10}, {"appeal_working_days": 15})
    new = do_create_policy(
        name="2026", effective_from=dt.date(2026, 1, 1), copy_from=policy, acting_user=officer, at=hkt(2025, 4, 2)
    )
    assert new.appeal_working_days == 15
