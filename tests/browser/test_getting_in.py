"""A complainant follows her invitation on a phone, chooses a password, adds an authenticator app and
signs in with it; a dead link and the reset form answer clearly. Every page passes axe-core at 390 px."""

from __future__ import annotations

import base64
import os
import re

import pytest
from django.core import mail
from django_otp.oath import totp

from accounts.invitations import do_invite_party
from casemgr.clock import now
from notifications.sending import send_pending
from tests.browser.axe import AXE, PHONE, axe_violations, scrolls_sideways

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
NEW_PASSWORD = "a-long-new-passphrase-42"



@pytest.fixture(autouse=True)
def _axe_installed() -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (scripts/test does)")


@pytest.fixture
def phone():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser.new_context(viewport=PHONE).new_page()
        browser.close()


def _check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    assert not scrolls_sideways(page), name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_complainant_gets_in_by_her_invitation_and_adds_an_authenticator(
    phone, live_server, officer, case, complainant
):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=now(), case_id=case.pk)
    send_pending(now=now())
    link = re.search(r"http\S+/accounts/link/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    path = link.group(0).split("/accounts/", 1)[1]

    phone.goto(f"{live_server.url}/accounts/{path}")
    phone.wait_for_url(f"{live_server.url}/accounts/link/password/")
    assert "Choose your password" in phone.inner_text("h1")
    _check(phone, "set password")
    phone.fill("input[name=new_password1]", NEW_PASSWORD)
    phone.fill("input[name=new_password2]", NEW_PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_url(f"{live_server.url}/accounts/login/")
    assert "Your password is set" in phone.inner_text(".messages")
    _check(phone, "sign in")

    phone.fill("input[name=username]", complainant.username)
    phone.fill("input[name=password]", NEW_PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    phone.goto(f"{live_server.url}/account/")
    _check(phone, "account")
    phone.click("text=Add an authenticator app")
    _check(phone, "add authenticator")
    secret = phone.inner_text("code.otp-secret").replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    phone.fill("input[name=code]", f"{totp(key):06d}")
    phone.click("button[type=submit].primary")
    phone.wait_for_url(f"{live_server.url}/account/")
    assert "Your authenticator app is set up" in phone.inner_text(".messages")

    # The used link, on another phone: a clear page, in the site's layout.
    phone.context.clear_cookies()
    response = phone.goto(f"{live_server.url}/accounts/{path}")
    assert response is not None
    assert response.status == 410
    assert "The link was already used" in phone.inner_text("main")
    _check(phone, "used link")

    # Signing in now asks for the app's code.
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", complainant.username)
    phone.fill("input[name=password]", NEW_PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_url(f"{live_server.url}/accounts/two-factor/**")
    _check(phone, "second factor")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reset_pages_pass_on_a_phone_in_both_languages(phone, live_server, complainant):
    for language in ("en", "zh-hant"):
        phone.context.clear_cookies()
        phone.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        phone.goto(f"{live_server.url}/accounts/password-reset/")
        _check(phone, f"reset form {language}")
        phone.fill("input[name=identifier]", complainant.username)
        phone.click("button[type=submit].primary")
        phone.wait_for_url(f"{live_server.url}/accounts/password-reset/sent/")
        _check(phone, f"reset sent {language}")
