"""Online reports in a real browser: an anonymous report with a file and a return visit with the key; a
report on behalf of others and a named report, each taken forward by an officer. The public pages pass
axe-core and do not scroll sideways at a phone's width."""

from __future__ import annotations

import io
import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from casemgr.clock import now
from cases.models import Case, PartyRole
from evidence.models import Evidence
from intake.actions import do_acknowledge_report, do_ask_reporter
from intake.models import IntakeReport, ReportMessage, ReportWay
from notifications.models import Notification

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

sync_api = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

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
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.CASEMGR_EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.CASEMGR_EVIDENCE_ROOT


def _check_page(page) -> None:
    """No accessibility violations, and nothing wider than the phone's screen."""
    results = axe_playwright.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _png(path) -> str:
    out = io.BytesIO()
    Image.effect_noise((320, 240), 60).convert("RGB").save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def _fill_report(page, *, way: str, account: str) -> None:
    page.check(f"input[name=way][value={way}]")
    page.check("input[name=conducts][value=creation]")
    page.check("input[name=conducts][value=distribution]")
    page.check("input[name=synthetic][value=ai]")
    page.check("input[name=place][value=online]")
    page.fill("textarea[name=account]", account)


def _sign_in(browser, live_server, user):
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
    page.wait_for_url(f"{live_server.url}/cases/**")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_anonymous_reporter_sends_a_file_and_comes_back_with_her_key(
    browser, live_server, officer, evidence_root, tmp_path
):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/report/")
    assert "Three ways to report" in page.inner_text("main")
    _check_page(page)
    page.click("text=Read the privacy notice")
    page.wait_for_url("**/privacy/notice/")
    _check_page(page)
    # In Traditional Chinese too.
    page.click("button[name=language][value=zh-hant]")
    page.wait_for_url("**/privacy/notice/")
    assert "私隱聲明" in page.inner_text("main")
    _check_page(page)
    page.click("button[name=language][value=en]")
    page.wait_for_url("**/privacy/notice/")
    page.goto(f"{live_server.url}/report/")
    page.click("text=Make a report")
    page.wait_for_url("**/report/new/")
    _check_page(page)
    _fill_report(page, way="anonymous", account="I found pictures of me in a shared folder.")
    page.set_input_files("input[name=attachments]", _png(tmp_path / "screenshot.png"))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/report/sent/")
    _check_page(page)
    number = page.inner_text("#report-number")
    key = page.inner_text("#report-key")
    report = IntakeReport.objects.get(number=number)
    assert report.way == ReportWay.ANONYMOUS
    assert report.files.count() == 1
    assert key not in report.key_hash
    # Shown once: the page does not give the key again.
    page.reload()
    assert key not in page.content()

    do_acknowledge_report(report, text="", acting_user=officer, at=now())
    do_ask_reporter(report, text="Roughly when did you find the folder?", acting_user=officer, at=now())

    visit = browser.new_context(viewport=PHONE).new_page()
    visit.goto(f"{live_server.url}/report/return/")
    _check_page(visit)
    visit.fill("input[name=number]", number)
    visit.fill("input[name=key]", "WRONG-WRONG-WRONG")
    visit.click("button[type=submit].primary")
    assert "The report number or the key is not right" in visit.inner_text("main")
    visit.fill("input[name=number]", number)
    visit.fill("input[name=key]", key)
    visit.click("button[type=submit].primary")
    visit.wait_for_url("**/report/status/")
    text = visit.inner_text("main")
    assert "Your report has been acknowledged" in text
    assert "Roughly when did you find the folder?" in text
    assert "May we contact you?" in text
    _check_page(visit)
    visit.check("input[name=willing][value=no]")
    visit.click("text=Save my choice")
    visit.wait_for_url("**/report/status/")
    visit.fill("textarea[name=text]", "In early February, on his laptop.")
    visit.click("text=Send the message")
    visit.wait_for_url("**/report/status/")
    assert "In early February, on his laptop." in visit.inner_text("main")
    assert ReportMessage.objects.filter(report=report, kind=ReportMessage.Kind.ANSWER).count() == 1
    report.refresh_from_db()
    assert report.contact_willing is False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_takes_forward_a_report_for_others_and_a_named_report(browser, live_server, officer, evidence_root):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/report/new/")
    _fill_report(page, way="on_behalf", account="My friend's laptop has folders named after classmates.")
    page.fill("input[name=reporter_name]", "Friend F")
    page.fill("input[name=reporter_email]", "f@connect.uni.example")
    page.fill("textarea[name=depicted]", "Student D1, d1@connect.uni.example\nStudent D2, 3035002222")
    page.fill("input[name=respondent_name]", "Student R")
    page.fill("input[name=respondent_number]", "3035009999")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/report/sent/")
    page.goto(f"{live_server.url}/report/new/")
    _fill_report(page, way="named", account="He showed my picture to others.")
    page.fill("input[name=reporter_name]", "Student N")
    page.fill("input[name=reporter_email]", "n@connect.uni.example")
    page.check("input[name=requests][value=committee_hearing]")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/report/sent/")
    assert "invited to the case portal" in page.inner_text("main")
    for_others = IntakeReport.objects.get(way=ReportWay.ON_BEHALF)
    named = IntakeReport.objects.get(way=ReportWay.NAMED)

    staff = _sign_in(browser, live_server, officer)
    staff.goto(f"{live_server.url}/intake/")
    assert staff.locator("table.intake-queue tbody tr").count() == 2
    staff.goto(f"{live_server.url}/intake/{for_others.public_id}/")
    assert "Student D1" in staff.inner_text("main")
    staff.fill("form[action$='/open-case/'] input[name=reference]", "IBSA-2025-0200")
    staff.click("form[action$='/open-case/'] button[type=submit]")
    case = Case.objects.get(reference="IBSA-2025-0200")
    staff.wait_for_url(f"**/cases/{case.public_id}/")
    main = staff.inner_text("main")
    assert "Student D1" in main
    assert "Student D2" in main
    roles = {(p.person.display_name, p.role) for p in case.parties.select_related("person")}
    assert roles == {
        ("Student D1", PartyRole.AFFECTED_PERSON),
        ("Student D2", PartyRole.AFFECTED_PERSON),
        ("Friend F", PartyRole.WITNESS),
        ("Student R", PartyRole.RESPONDENT),
    }
    assert case.received_at == for_others.received_at
    assert not Evidence.objects.filter(case=case).exists()

    staff.goto(f"{live_server.url}/intake/{named.public_id}/")
    staff.fill("form[action$='/open-case/'] input[name=reference]", "IBSA-2025-0201")
    staff.click("form[action$='/open-case/'] button[type=submit]")
    staff.wait_for_url("**/cases/**")
    staff.goto(f"{live_server.url}/intake/{named.public_id}/")
    named.refresh_from_db()
    assert named.invitation_due_at is None  # the invitation went out, so none is due
    assert named.case is not None
    reporter = named.case.parties.get(role=PartyRole.COMPLAINANT).person
    assert reporter.email == "n@connect.uni.example"
    assert Notification.objects.filter(kind="account_invitation", recipient=reporter).exists()
