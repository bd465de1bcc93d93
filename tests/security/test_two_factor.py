"""Staff sign in with a password and then a TOTP code; nothing else answers until they have."""

from __future__ import annotations

import base64
import re

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.security.conftest import PASSWORD

SECRET = re.compile(r'<code class="otp-secret">([A-Z2-7 ]+)</code>')


def _password_step(client: Client, username: str, next_url: str = "/cases/") -> str:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    return str(response["Location"])


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def test_it_sends_staff_to_the_second_factor_after_the_password(officer, clock):
    client = Client()
    assert _password_step(client, officer.username) == "/accounts/two-factor/?next=%2Fcases%2F"
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_it_answers_the_api_with_403_json_until_the_code_is_typed(case, officer, clock):
    client = Client()
    _password_step(client, officer.username)
    response = client.get(f"/api/v1/cases/{case.public_id}/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in with your second factor first."}
    assert case.reference not in response.content.decode()


def test_it_enrols_a_device_on_the_first_sign_in_and_then_lets_the_officer_in(case, officer, clock):
    client = Client()
    _password_step(client, officer.username)
    page = client.get("/accounts/two-factor/?next=/cases/").content.decode()
    assert "<svg" in page
    assert "<path" in page
    secret = SECRET.search(page)
    assert secret is not None
    key = base64.b32decode(secret.group(1).replace(" ", ""))
    response = client.post("/accounts/two-factor/", {"code": f"{totp(key):06d}", "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.two_factor_enrolment", outcome="ok", actor_id=officer.pk).exists()


def test_it_refuses_a_wrong_enrolment_code_and_saves_no_device(officer, clock):
    client = Client()
    _password_step(client, officer.username)
    client.get("/accounts/two-factor/")
    response = client.post("/accounts/two-factor/", {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert client.get("/cases/").status_code == 302


def test_it_verifies_an_enrolled_device_and_refuses_the_same_code_twice(officer, clock):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = Client()
    _password_step(client, officer.username)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" not in page  # no new secret once a device is enrolled
    code = _code(device)
    response = client.post("/accounts/two-factor/", {"code": code, "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200

    again = Client()
    _password_step(again, officer.username)
    assert again.post("/accounts/two-factor/", {"code": code}).status_code == 200
    assert again.get("/cases/").status_code == 302
    outcomes = list(AuditEntry.objects.filter(action="auth.two_factor").values_list("outcome", flat=True))
    assert outcomes == ["ok", "failed"]


def test_it_throttles_wrong_codes(officer, clock):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = Client()
    _password_step(client, officer.username)
    for _ in range(3):
        client.post("/accounts/two-factor/", {"code": "000000"})
    # The right code is refused while the device is throttled (django-otp doubles the wait each time).
    response = client.post("/accounts/two-factor/", {"code": _code(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    clock.shift(60)
    device.refresh_from_db()
    assert client.post("/accounts/two-factor/", {"code": _code(device), "next": "/cases/"}).status_code == 302
    assert client.get("/cases/").status_code == 200


def test_it_does_not_ask_people_on_cases_for_a_second_factor(complainant, clock):
    client = Client()
    assert _password_step(client, complainant.username) == "/cases/"


def test_it_asks_an_admin_superuser_too(db, clock):
    from accounts.models import User

    User.objects.create_superuser(username="root", email="root@uni.example", password=PASSWORD)
    client = Client()
    assert _password_step(client, "root", "/admin/").startswith("/accounts/two-factor/")
    assert client.get("/admin/").status_code == 302


def test_it_lets_an_unverified_officer_sign_out_and_switch_language(officer, clock):
    client = Client()
    _password_step(client, officer.username)
    assert client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/accounts/two-factor/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")


def test_it_asks_for_the_code_in_traditional_chinese(officer, clock):
    client = Client()
    client.post("/i18n/setlang/", {"language": "zh-hant"})
    _password_step(client, officer.username)
    assert "設定驗證器應用程式" in client.get("/accounts/two-factor/").content.decode()
