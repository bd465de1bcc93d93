"""Wrong passwords are recorded, and five from one address lock that username there for 15 minutes."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from audit.models import AuditEntry
from tests.security.conftest import PASSWORD


def _try(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_records_a_failed_sign_in_without_the_password(complainant, clock):
    response = _try(Client(REMOTE_ADDR="10.0.0.7"), complainant.username, "wrong-password-1")
    assert response.status_code == 200
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == (complainant.username, "10.0.0.7")
    entry = AuditEntry.objects.get(action="auth.login")
    assert (entry.outcome, entry.target, entry.actor_id) == ("failed", f"user:{complainant.pk}", None)
    assert "wrong-password-1" not in str(entry.detail) + entry.reason


def test_it_locks_the_username_from_that_address_after_five_failures(complainant, clock):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        _try(client, complainant.username, "wrong-password")
    refused = _try(client, complainant.username, PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert AccessAttempt.objects.get().failures_since_start >= 5
    assert AuditEntry.objects.filter(action="auth.login", outcome="denied").exists()


def test_it_still_lets_the_person_in_from_another_address(complainant, clock):
    attacker = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(6):
        _try(attacker, complainant.username, "wrong-password")
    # Locking by username alone would let anyone lock her out; the pair keeps her own sign-in working.
    assert _try(Client(REMOTE_ADDR="10.9.9.9"), complainant.username, PASSWORD).status_code == 302


def test_it_lets_the_person_in_again_after_fifteen_minutes(complainant, clock):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        _try(client, complainant.username, "wrong-password")
    clock.shift(16 * 60)
    assert _try(client, complainant.username, PASSWORD).status_code == 302


def test_it_starts_the_fifteen_minutes_again_on_a_try_during_the_lockout(complainant, clock):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        _try(client, complainant.username, "wrong-password")
    clock.shift(14 * 60)
    assert _try(client, complainant.username, "another-guess").status_code == 429
    clock.shift(14 * 60)
    assert _try(client, complainant.username, PASSWORD).status_code == 429


def test_it_records_a_successful_sign_in(complainant, clock):
    assert _try(Client(), complainant.username, PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action="auth.login")
    assert (entry.outcome, entry.actor_id) == ("ok", complainant.pk)
