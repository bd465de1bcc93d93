"""Single sign-on against a real OpenID provider (npm's oidc-provider) that the test starts on 127.0.0.1.

The browser's part of the authorization-code flow goes to the provider over HTTP (its development login
form), the application's part through the Django test client; the application itself then calls the
provider's token, key and userinfo endpoints for real.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings
from django.test import Client, override_settings

from accounts.models import User
from audit.models import AuditEntry
from tests.accounts.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "casemgr-tests"
CLIENT_SECRET = "tests-only-client-secret-0123456789"
CALLBACK = "http://testserver/accounts/sso/callback/"

# scripts/test installs it (`npm ci`); without it these tests fail and say so, rather than skip.
_TOOLS = shutil.which("node") is not None and (ROOT / "node_modules" / "oidc-provider").is_dir()


@pytest.fixture(autouse=True)
def _provider_installed() -> None:
    if not _TOOLS:
        pytest.fail("the OpenID provider of these tests is missing: install node and run `npm ci` (scripts/test does)")


@dataclass
class OpenIdProvider:
    issuer: str

    def settings(self) -> dict[str, object]:
        return {
            "CASEMGR_OIDC_ENABLED": True,
            "CASEMGR_OIDC_ISSUER": self.issuer,
            "CASEMGR_OIDC_ID_CLAIM": "institutional_id",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "AUTHENTICATION_BACKENDS": [*settings.AUTHENTICATION_BACKENDS, "accounts.sso.InstitutionBackend"],
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def provider() -> Iterator[OpenIdProvider]:
    port = _free_port()
    accounts = {
        "alice": {"institutional_id": "3035001234"},  # the complainant of tests.conftest
        "officer": {"institutional_id": "officer.chan"},
        "stranger": {"institutional_id": "1111111111"},
    }
    environment = {
        **os.environ,
        "OP_PORT": str(port),
        "OP_ACCOUNTS": json.dumps(accounts),
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_REDIRECT_URI": CALLBACK,
        "NODE_PATH": str(ROOT / "node_modules"),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        while first and "ready" not in first:
            first = process.stdout.readline()
        assert "ready" in first, "the OpenID provider did not start"
        yield OpenIdProvider(issuer=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


def _authorize(provider: OpenIdProvider, authorization_url: str, login: str) -> str:
    """What a browser does at the provider: sign in on its form, consent, and come back with a code."""
    browser = requests.Session()
    url = authorization_url
    for _ in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(provider.issuer):
                return url
            continue
        page = response.text
        action = page.split('action="', 1)[1].split('"', 1)[0]
        prompt = "login" if 'name="login"' in page else "consent"
        form = {"prompt": prompt, "login": login, "password": "any"} if prompt == "login" else {"prompt": prompt}
        posted = browser.post(urljoin(url, action), data=form, allow_redirects=False, timeout=10)
        url = urljoin(url, posted.headers["Location"])
        if not url.startswith(provider.issuer):
            return url
    raise AssertionError("the provider never sent the browser back")


def _sign_on(
    provider: OpenIdProvider,
    login: str,
    client: Client | None = None,
    start_at: str = "/accounts/sso/start/?next=/account/",
):
    client = client or Client()
    start = client.get(start_at)
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/auth?")
    back = _authorize(provider, start["Location"], login)
    assert back.startswith(CALLBACK)
    parts = urlsplit(back)
    return client, client.get(parts.path, dict(p.split("=", 1) for p in parts.query.split("&")))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_complainant_signs_on_through_her_institution(provider, complainant):
    with override_settings(**provider.settings()):
        client, response = _sign_on(provider, "alice")
        assert response.status_code == 302
        assert response["Location"] == "/account/"
        page = client.get("/account/").content.decode()
        assert f"You sign in as {complainant.username}" in page
    entry = AuditEntry.objects.get(action="auth.login", detail__step="single_sign_on")
    assert entry.actor_id == complainant.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_next_it_lands_where_a_password_sign_in_lands(provider, complainant):
    with override_settings(**provider.settings()):
        _client, response = _sign_on(provider, "alice", start_at="/accounts/sso/start/")
    by_password = Client().post("/accounts/login/", {"username": complainant.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == by_password["Location"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unknown_institutional_id_gets_a_clear_refusal_and_no_account(provider, complainant):
    with override_settings(**provider.settings()):
        client, response = _sign_on(provider, "stranger")
        assert response.status_code == 403
        assert "this system has no account for you" in response.content.decode()
        assert client.get("/account/").status_code == 302  # not signed in
    assert not User.objects.filter(username="1111111111").exists()
    assert AuditEntry.objects.filter(action="auth.login", outcome="failed", detail__step="single_sign_on").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_still_type_their_second_factor_after_signing_on(provider, officer):
    with override_settings(**provider.settings()):
        client, response = _sign_on(provider, "officer")
        assert response.status_code == 302
        following = client.get(response["Location"])
        assert following.status_code == 302
        assert following["Location"].startswith("/accounts/two-factor/")
        assert client.get("/cases/")["Location"].startswith("/accounts/two-factor/")


def test_single_sign_on_is_off_unless_configured(client):
    assert not settings.CASEMGR_OIDC_ENABLED
    assert client.get("/accounts/sso/start/").status_code == 404
    assert "Sign in through your institution" not in client.get("/accounts/login/").content.decode()
