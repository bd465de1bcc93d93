"""An officer records a complaint, moves it on and records an outcome in a real browser."""

from __future__ import annotations

import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still sync.
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


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _sign_in(browser, live_server, user):
    """The password, then the code of the staff member's authenticator app (a TOTP device)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/**")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/cases/")
    return page


@pytest.mark.browser
@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_records_a_complaint_through_to_an_outcome(
    browser, live_server, officer, other_officer, complainant, respondent
):
    page = _sign_in(browser, live_server, officer)
    page.click("text=Record a complaint")
    page.fill("input[name=reference]", "IBSA-2025-0007")
    page.fill("input[name=received_at]", "2025-03-14T10:00")
    page.fill("textarea[name=summary]", "Folders of AI-generated images of classmates.")
    page.select_option("select[name=conduct]", "creation")
    page.check("input[name=synthetic]")
    page.fill("input[name=parties-0-person_id]", complainant.username)
    page.select_option("select[name=parties-0-role]", "complainant")
    page.fill("input[name=parties-1-person_id]", "3035004321")
    page.select_option("select[name=parties-1-role]", "complainant")
    page.fill("input[name=parties-1-name]", "Student C")
    page.fill("input[name=parties-1-kind]", "student")
    page.fill("input[name=parties-2-person_id]", respondent.username)
    page.select_option("select[name=parties-2-role]", "respondent")
    page.click("text=Record the complaint")

    case = Case.objects.get(reference="IBSA-2025-0007")
    case_url = f"{live_server.url}/cases/{case.public_id}/"
    page.wait_for_url(case_url)
    assert "Complaint recorded." in page.inner_text(".messages")
    assert "Student C" in page.inner_text("#people-h + *, section[aria-labelledby=people-h]")

    page.click("nav.case-actions >> text=Change stage")
    page.select_option("select[name=to]", "investigation")
    page.fill("textarea[name=reason]", "Evidence inventoried.")
    page.click("button:has-text('Save')")
    page.wait_for_url(case_url)

    page.click("nav.case-actions >> text=Record outcome")
    page.fill("input[name=decision_maker]", "Disciplinary Committee")
    page.fill("input[name=decided_at]", "2025-03-20T16:00")
    page.select_option("select[name=finding]", "upheld")
    page.select_option("select[name=sanctions-0-type]", "suspension")
    page.fill("input[name=sanctions-0-months]", "6")
    page.select_option("select[name=sanctions-1-type]", "apology")
    page.fill("input[name=sanctions-1-due_at]", "2025-05-30T17:00")
    page.fill("textarea[name=reasons]", "Serious and repeated.")
    page.click("button:has-text('Record the outcome')")
    page.wait_for_url(case_url)

    timeline = page.inner_text("section[aria-labelledby=timeline-h]")
    assert "Complaint recorded." in timeline
    assert timeline.count("Complainant added.") == 2
    assert "Respondent added." in timeline
    assert "Investigation" in timeline
    assert "Includes a statutory sanction." in timeline
    assert "Decided" in timeline
    outcome = page.inner_text("section[aria-labelledby=outcome-h]")
    assert "Suspension" in outcome
    assert "Apology" in outcome
    assert "Includes a statutory sanction" in page.inner_text(".page-head")
    page.screenshot(path="/tmp/case_page.png", full_page=True)

    intruder = _sign_in(browser, live_server, other_officer)
    response = intruder.goto(case_url)
    assert response is not None
    assert response.status == 404
    assert "IBSA-2025-0007" not in intruder.content()
