"""A governance reviewer signs in, reads the reports and one chronology in a real browser, at desktop and
phone widths; the screenshots go to docs/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case
from tests.conftest import hkt
from tests.reports.scenario import load_cases, random_cases
from tests.reports.test_chronology_command import CASE, PEOPLE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _sign_in(browser, live_server, user, *, width: int):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/**")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].primary")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reviewer_reads_the_reports_and_a_chronology(browser, live_server, officer, reviewer, tmp_path):
    with time_machine.travel(hkt(2025, 7, 15, 9, 0), tick=False):
        data = random_cases(seed=7, count=40)
        data["cases"] = [c for c in data["cases"] if c["reference"] != CASE["reference"]] + [CASE]
        data["people"] += PEOPLE
        load_cases(data, tmp_path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    case = Case.objects.get(reference="IBSA-2025-0007")

    page = _sign_in(browser, live_server, reviewer, width=1280)
    page.wait_for_url(f"{live_server.url}/reports/")
    assert "Record a complaint" not in page.inner_text("header")
    page.select_option("select[name=period]", "range")
    page.fill("input[name=start]", "2025-01-01")
    page.fill("input[name=end]", "2025-06-30")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/reports/?**")
    assert page.locator("svg[role=img]").count() == 3
    assert "Deadlines: met, missed, overdue and pending" in page.inner_text("main")
    assert page.locator("#table-deadlines tbody tr").count() >= 5
    page.screenshot(path=str(SCREENSHOTS / "reports-timeliness.png"), full_page=True)

    page.click("nav.report-nav >> text=Outcomes")
    page.wait_for_url("**/reports/outcomes/**")
    assert "Statutory sanctions and informal steps, by the conduct alleged" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "reports-outcomes.png"), full_page=True)

    page.click("nav.report-nav >> text=Cases for review")
    page.wait_for_url("**/reports/cases/**")
    page.click("text=IBSA-2025-0007")
    page.wait_for_url(f"{live_server.url}/reports/cases/{case.public_id}/chronology/")
    text = page.inner_text("main")
    assert "Chronology of IBSA-2025-0007" in text
    assert "Complainant A" in text
    assert "Student A" not in text
    assert page.locator("tr.late").count() >= 3
    page.screenshot(path=str(SCREENSHOTS / "reports-chronology.png"), full_page=True)

    # At a phone's width nothing is wider than the screen (tables scroll inside their own box).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/?period=range&start=2025-01-01&end=2025-06-30")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "reports-timeliness-390.png"), full_page=True)
    page.goto(f"{live_server.url}/reports/cases/{case.public_id}/chronology/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "reports-chronology-390.png"), full_page=True)

    # The case page itself stays closed to her.
    response = page.goto(f"{live_server.url}/cases/{case.public_id}/")
    assert response is not None
    assert response.status == 404
