"""A party adds an authenticator app from her account page; from then on signing in asks for it."""

from __future__ import annotations

import binascii

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.account_views import ENROLMENT_KEY
from audit.models import AuditEntry
from tests.accounts.conftest import PASSWORD


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(key: bytes) -> str:
    return f"{totp(key):06d}"


def test_a_complainant_adds_an_app_and_then_signing_in_asks_for_it(complainant, clock):
    client = _signed_in(complainant)
    page = client.get("/cases/", follow=True).content.decode()
    assert 'href="/account/"' in page
    account = client.get("/account/").content.decode()
    assert "Add an authenticator app" in account
    assert "<svg" in client.get("/account/authenticator/").content.decode()
    key = binascii.unhexlify(client.session[ENROLMENT_KEY])
    wrong = client.post("/account/authenticator/", {"code": "000000" if _code(key) != "000000" else "111111"})
    assert "That code does not match" in wrong.content.decode()
    response = client.post("/account/authenticator/", {"code": _code(key)}, follow=True)
    assert "Your authenticator app is set up" in response.content.decode()
    assert TOTPDevice.objects.filter(user=complainant, confirmed=True).exists()
    # The session that typed the code stays in.
    assert client.get("/account/").status_code == 200

    fresh = Client()
    step = fresh.post("/accounts/login/", {"username": complainant.username, "password": PASSWORD})
    assert step["Location"].startswith("/accounts/two-factor/")
    assert fresh.get("/account/")["Location"].startswith("/accounts/two-factor/")
    clock.shift(30)
    done = fresh.post("/accounts/two-factor/", {"code": _code(key), "next": "/account/"})
    assert done["Location"] == "/account/"
    assert fresh.get("/account/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.two_factor_enrolment", actor_id=complainant.pk, outcome="ok").exists()


def test_a_party_removes_the_app_with_a_current_code(complainant, clock):
    client = _signed_in(complainant)
    client.get("/account/authenticator/")
    key = binascii.unhexlify(client.session[ENROLMENT_KEY])
    client.post("/account/authenticator/", {"code": _code(key)})
    clock.shift(30)
    response = client.post("/account/authenticator/remove/", {"code": _code(key)}, follow=True)
    assert "Your authenticator app is removed" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=complainant).exists()
    assert _signed_in(complainant).get("/account/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.two_factor_removal", outcome="ok").count() == 1


def test_staff_cannot_remove_or_add_one_from_the_account_page(client_for, officer, clock):
    client = client_for(officer)
    assert "Staff always sign in with an authenticator app" in client.get("/account/").content.decode()
    assert client.get("/account/authenticator/").status_code == 404
    assert client.post("/account/authenticator/remove/", {"code": "123456"}).status_code == 404
