"""Complainants and the respondent on their own pages in a real browser (Debian's chromium), each page
checked with axe-core and at 390 px wide. Screenshots go to docs/screenshots/portal-*.png."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemgr.clock import now
from casemgr.vocabulary import Stage
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.actions.parties import do_add_party
from cases.models import PartyRole
from cases.workflow import do_change_stage
from oversight.sweep import sweep
from portal.actions import do_release_notice

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live_case(officer, complainant, other_complainant, respondent):
    """A case received today (real time: the browser keeps real cookie expiry), with two complainants."""
    at = now()
    case = do_create_case(
        reference="IBSA-2026-0101",
        received_at=at,
        summary="Internal summary that no party reads.",
        allegations=[AllegationInput(conduct="creation", synthetic=True, description="Folders per person.")],
        acting_user=officer,
        at=at,
    )
    do_assign_officer(case, officer=officer, acting_user=None, at=at)
    for person, role in ((complainant, PartyRole.COMPLAINANT), (other_complainant, PartyRole.COMPLAINANT)):
        do_add_party(case, person=person, role=role, acting_user=officer, at=at)
    do_add_party(case, person=respondent, role=PartyRole.RESPONDENT, acting_user=officer, at=at)
    return case


def _context(browser, width=390):
    return browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)


def _sign_in_party(browser, live_server, user):
    page = _context(browser).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/my/")
    return page


def _sign_in_officer(browser, live_server, user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    page = _context(browser, 1280).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/**")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/cases/")
    return page


def _check(page, name: str | None = None) -> None:
    """No axe-core violation, no sideways scrolling at the page's width; a screenshot if named."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_complainant_follows_her_case_asks_writes_and_is_told_of_a_delay(
    browser, live_server, live_case, officer, complainant, other_complainant
):
    case_path = f"/my/cases/{live_case.public_id}/"
    page = _sign_in_party(browser, live_server, complainant)
    _check(page)
    page.click("button[value=zh-hant]")
    page.click("text=你的投訴")
    page.wait_for_url(f"**{case_path}")
    assert "你的個案進度" in page.inner_text("main")
    assert "收到投訴" in page.inner_text("main")
    _check(page, "complainant-status-zh")

    page.click("text=申請措施")
    _check(page)
    page.select_option("select[name=type]", "class_separation")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case_path}")
    main = page.inner_text("main")
    assert "分開上課" in main or "Class separation" in main
    assert "限期 " in main
    page.fill("textarea[name=text]", "I still see him in the tutorial.")
    page.click("text=發送給我的負責人員")
    page.wait_for_url(f"**{case_path}")
    assert "I still see him in the tutorial." in page.inner_text("main")

    office = _sign_in_officer(browser, live_server, officer)
    office.goto(f"{live_server.url}/cases/{live_case.public_id}/")
    assert "I still see him in the tutorial." in office.inner_text("section:has(#parties-h)")
    party_id = live_case.parties.get(person=complainant).pk
    office.fill(f"#reply-{party_id}", "We are arranging another group for you.")
    office.click(f"form:has(#reply-{party_id}) button")
    office.wait_for_url("**/cases/**")

    sweep(live_case.stage_due_at + dt.timedelta(days=1))
    page.reload()
    main = page.inner_text("main")
    assert "We are arranging another group for you." in main
    assert "你的個案未能在應有日期前完成目前階段" in main
    _check(page, "complainant-delay-zh")

    office.reload()
    office.fill("textarea[name=reason]", "We are waiting for a witness statement.")
    office.fill("input[name=expected_at]", (now() + dt.timedelta(days=14)).date().isoformat())
    office.click("text=Tell the complainant")
    office.wait_for_url("**/cases/**")
    office.screenshot(path=str(SCREENSHOTS / "portal-officer-panel.png"), full_page=False)
    page.reload()
    assert "We are waiting for a witness statement." in page.inner_text("main")

    other = _sign_in_party(browser, live_server, other_complainant)
    other.goto(f"{live_server.url}{case_path}")
    main = other.inner_text("main")
    assert "Class separation" not in main
    assert "I still see him" not in main
    assert "witness statement" not in main
    _check(other, "second-complainant")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_respondent_sees_nothing_until_the_notice_and_then_appeals(
    browser, live_server, live_case, officer, respondent
):
    case_url = f"{live_server.url}/my/cases/{live_case.public_id}/"
    page = _sign_in_party(browser, live_server, respondent)
    page.goto(case_url)
    assert "nothing for you to read here yet" in page.inner_text("main")
    assert "Folders per person" not in page.content()
    _check(page)

    at = now()
    do_release_notice(
        live_case,
        text="You are alleged to have made intimate images of classmates without consent.",
        notice_date=at.date(),
        hearing_at=at + dt.timedelta(days=10),
        hearing_place="Room 301",
        acting_user=officer,
        at=at,
    )
    do_change_stage(live_case, to=Stage.INVESTIGATION, reason="Investigating", acting_user=officer, at=at)
    do_record_outcome(
        live_case,
        sanctions=[SanctionInput(type="reprimand")],
        reasons="The images were made.",
        acting_user=officer,
        at=at,
    )
    page.reload()
    main = page.inner_text("main")
    assert "You are alleged to have made intimate images" in main
    assert "Room 301" in main
    assert "The images were made." in main
    _check(page, "respondent-notice")
    page.click("text=Appeal this outcome")
    page.fill("textarea[name=grounds]", "The committee did not hear my witness.")
    page.click("button[type=submit].primary")
    page.wait_for_url(case_url)
    assert "You have appealed this outcome." in page.inner_text("main")
