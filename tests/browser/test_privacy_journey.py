"""The data protection officer signs in, records a data access request and opens its page, and the
privacy notice is read on a phone, in a real browser; nothing is wider than a 390 px screen."""

from __future__ import annotations

import json
import os

import pytest
import time_machine

from accounts.models import User
from interchange.importer import import_cases_text
from tests.browser.test_reviewer_journey import CHROMIUM_ARGS, SCREENSHOTS, _sign_in
from tests.conftest import hkt
from tests.privacy.conftest import CASES_FILE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_officer_records_a_request_and_the_notice_fits_a_phone(browser, live_server, settings, tmp_path):
    settings.CASEMGR_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    with time_machine.travel(hkt(2026, 3, 2, 9, 0), tick=False):
        import_cases_text(json.dumps(CASES_FILE), at=hkt(2026, 3, 2, 9, 0))
    dpo = User.objects.get(username="dpo.kwan")
    dpo.set_password("correct-horse-battery")
    dpo.save()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page = _sign_in(browser, live_server, dpo, width=390)
    page.wait_for_url(f"{live_server.url}/privacy/requests/")
    header = page.inner_text("header")
    assert "Data protection" in header
    assert "Record a complaint" not in header
    page.goto(f"{live_server.url}/privacy/requests/new/")
    page.fill("input[name=person]", "3035000001")
    page.fill("input[name=received_at]", "2026-03-01T09:00")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/privacy/requests/*-*/")
    main = page.inner_text("main")
    assert "Alicia Purgeable" in main
    assert "Withheld for review" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "privacy-request-390.png"), full_page=True)
    page.goto(f"{live_server.url}/privacy/requests/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/privacy/holds/")
    assert "HELD-2018-0002" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-TW").new_page()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.click("text=繁體中文")
    phone.click("a[href='/privacy/notice/']")
    assert "私隱聲明" in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SCREENSHOTS / "privacy-notice-zh-390.png"), full_page=True)
