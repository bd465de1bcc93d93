"""The site navigation: every page links to the flags and the notifications; nobody is offered a page
that would be a 404 for her; the two-factor page offers nothing that leads back to itself (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

# Also run on the embedded default, SQLite (scripts/test).
pytestmark = pytest.mark.sqlite

NAV = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)


def _nav(client: Client, url: str = "/cases/") -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    found = NAV.search(response.content.decode())
    return found.group(1) if found else ""


def test_an_officer_is_offered_her_flags_notifications_and_a_new_complaint(officer, client_for):
    nav = _nav(client_for(officer))
    assert 'href="/flags/"' in nav
    assert 'href="/notifications/"' in nav
    assert 'href="/cases/new/"' in nav


@pytest.mark.parametrize("who", ["officer", "supervisor", "panel_member", "reviewer"])
def test_every_link_in_the_navigation_opens_for_its_user(who, request, client_for):
    client = client_for(request.getfixturevalue(who))
    links = re.findall(r'href="([^"]+)"', _nav(client, "/notifications/"))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_reviewer_is_not_offered_to_record_a_complaint(reviewer, client_for):
    nav = _nav(client_for(reviewer), "/notifications/")
    assert "Record a complaint" not in nav
    assert 'href="/cases/new/"' not in nav


def test_the_two_factor_page_shows_no_navigation_that_leads_back_to_it(officer):
    client = Client()
    client.force_login(officer)  # the password only: the second factor is still to come
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    assert NAV.search(response.content.decode()) is None


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(officer, client_for):
    client = client_for(officer)
    body = client.get("/cases/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', body)
    assert icon is not None
    from django.contrib.staticfiles import finders

    assert icon.group(1).startswith("/static/")
    assert finders.find(icon.group(1).removeprefix("/static/")) is not None
