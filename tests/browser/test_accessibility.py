"""Every officer, supervisor and panel page passes axe-core with no violation and does not scroll sideways
on a 390 px phone (issue 14), and its selects stay wide enough to read.

One browser and one test (the world is set up once), one sign-in per role; each role's test visits all
of its pages at 390 px, runs axe-core (shipped inside the axe-playwright-python package, injected from
the file) and measures the page's width, then reports every problem at once.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accommodations.actions import do_decide_measure, do_request_measure
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.actions.panel import do_assign_panel_member
from cases.actions.requests import do_record_request
from cases.models import Party, PartyRole
from cases.workflow import do_change_stage
from oversight.sweep import sweep
from tests.browser.test_officer_journey import CHROMIUM_ARGS, PASSWORD
from tests.conftest import hkt

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
sync_api = pytest.importorskip("playwright.sync_api")
axe_package = pytest.importorskip("axe_playwright_python")
AXE_JS = Path(axe_package.__file__).with_name("axe.min.js")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# The narrowest a select may be and still show its choice (the role and sanction menus had shrunk to an arrow).
MIN_SELECT_PX = 120

CASE_PAGES = [
    "",
    "stage/",
    "notes/",
    "parties/",
    "parties/contact/",
    "allegations/",
    "assign/",
    "requests/",
    "requests/decide/",
    "proceedings/",
    "pause/",
    "outcome/",
    "compliance/",
    "appeal/",
    "measures/",
    "measures/decide/",
    "measures/implement/",
    "measures/lift/",
    "measures/review/",
    "measures/pause/",
    "measures/extend/",
    "measures/end-adjustment/",
    "measures/tutor-message/",
    "panel/",
    "panel/remove/",
    "evidence/",
]
PAGES = {
    "officer": ["/cases/", "/cases/new/", "/flags/", "/notifications/", *(f"@case/{p}" for p in CASE_PAGES)],
    "supervisor": ["/cases/", "/flags/", "/flags/team/", "@case/", "@case/access-report/", "@case/unassign/"],
    "panel_member": ["/cases/", "@case/bundle/"],
}


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def world(case, officer, supervisor, panel_member, complainant, respondent):
    """The fixture's case with something on every section: a request, a separation approved but not in
    place, a flag, an outcome with a condition, and the panel member given the bundle."""
    at = hkt(2025, 3, 17, 9)
    party = Party.objects.get(case=case, role=PartyRole.COMPLAINANT)
    do_record_request(party, kind="committee_hearing", details="", requested_at=at, acting_user=officer, at=at)
    measure = do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=at,
        details="",
        recorded_by=officer,
        at=at,
    )
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=at)
    do_assign_panel_member(case, member=panel_member, acting_user=officer, at=at)
    decided = hkt(2025, 4, 10, 9)
    do_change_stage(case, to="investigation", reason="Evidence in.", acting_user=officer, at=decided)
    do_record_outcome(
        case,
        sanctions=[SanctionInput(type="apology", due_at=hkt(2025, 4, 30, 17))],
        reasons="",
        acting_user=officer,
        at=decided,
        decision_maker="Disciplinary Committee",
        finding="upheld",
    )
    sweep(hkt(2025, 5, 20, 9))
    return case


def _sign_in(browser, live_server, user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    # bypass_csp: the strict Content-Security-Policy would refuse the injected axe-core script.
    page = browser.new_context(viewport=PHONE, bypass_csp=True).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/**")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/cases/")
    return page


def _problems(page, url: str) -> list[str]:
    found = []
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    for violation in result["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{url}: axe {violation['id']} ({violation['impact']}) x{len(violation['nodes'])}: {targets}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)"
            ".slice(0, 4).map(e => e.tagName + '.' + e.className + '#' + (e.id || e.name || ''))",
            PHONE["width"],
        )
        found.append(f"{url}: scrolls sideways, {width} px wide at {PHONE['width']} px: {wide}")
    narrow = page.evaluate(
        "min => [...document.querySelectorAll('main select')].filter(s => s.getBoundingClientRect().width < min)"
        ".map(s => s.name)",
        MIN_SELECT_PX,
    )
    if narrow:
        found.append(f"{url}: selects narrower than {MIN_SELECT_PX} px: {narrow}")
    return found


def test_every_page_passes_axe_and_fits_a_phone(request, browser, live_server, world):
    """One test for every role (the world is set up once), each role signed in once; all problems at once."""
    problems = []
    for role, paths in PAGES.items():
        page = _sign_in(browser, live_server, request.getfixturevalue(role))
        for path in paths:
            url = path.replace("@case/", f"/cases/{world.public_id}/")
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None
            if response.status != 200:
                problems.append(f"{role} {path}: answered {response.status}")
                continue
            problems += [f"{role} {problem}" for problem in _problems(page, path)]
        page.context.close()
    assert not problems, "\n".join(problems)
