"""Asking for a reset answers the same whether or not an account matches, and is throttled."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client

from accounts.services import do_create_person
from audit.models import AuditEntry
from tests.accounts.conftest import NEW_PASSWORD, sent_links


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _ask(client: Client, identifier: str):
    return client.post("/accounts/password-reset/", {"identifier": identifier}, follow=True)


def test_it_answers_the_same_for_an_unknown_account_and_sends_nothing(complainant, clock):
    known = _ask(Client(), complainant.username)
    unknown = _ask(Client(), "9999999999")
    assert known.redirect_chain == unknown.redirect_chain == [("/accounts/password-reset/sent/", 302)]
    assert _without_csrf(known.content.decode()) == _without_csrf(unknown.content.decode())
    links = sent_links()
    assert len(links) == 1
    assert mail.outbox[0].to == [complainant.email]
    assert mail.outbox[0].subject == "Resetting your password"
    rows = AuditEntry.objects.filter(action="auth.password_reset_request").order_by("pk")
    assert [r.detail["sent"] for r in rows] == [True, False]
    assert all("9999999999" not in str(r.detail) + r.target for r in rows)


def test_a_reset_link_sets_a_new_password_once(complainant, clock):
    _ask(Client(), complainant.email.upper())
    (url,) = sent_links()
    browser = Client()
    browser.get(urlsplit(url).path)
    browser.post("/accounts/link/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed_in = Client().post("/accounts/login/", {"username": complainant.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    again = Client().get(urlsplit(url).path)
    assert again.status_code == 410
    assert "The link was already used" in again.content.decode()


def test_staff_get_no_reset_link_but_the_same_answer(officer, clock):
    response = _ask(Client(), officer.username)
    assert response.redirect_chain == [("/accounts/password-reset/sent/", 302)]
    assert sent_links() == []


def test_it_throttles_the_requests_of_one_address(complainant, clock):
    client = Client()
    for _ in range(5):
        assert _ask(client, "nobody@example.org").redirect_chain
    refused = client.post("/accounts/password-reset/", {"identifier": complainant.username})
    assert refused.status_code == 429
    assert "Too many requests came from here" in refused.content.decode()
    assert sent_links() == []
    assert AuditEntry.objects.filter(action="auth.password_reset_request", outcome="denied").count() == 1


def test_one_person_gets_at_most_three_links_an_hour(complainant, clock):
    for number in range(4):
        Client(REMOTE_ADDR=f"10.0.0.{number}").post("/accounts/password-reset/", {"identifier": complainant.username})
    assert len(sent_links()) == 3


def test_a_person_never_invited_gets_no_link_but_the_same_answer(db, clock):
    never_invited = do_create_person(person_id="3035004444", email="p4@connect.uni.example", name="C", kind="student")
    response = _ask(Client(), never_invited.username)
    assert response.redirect_chain == [("/accounts/password-reset/sent/", 302)]
    assert sent_links() == []
