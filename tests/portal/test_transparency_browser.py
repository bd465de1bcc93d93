"""The staff-access page and a request's decision date in a real browser (the party journey's harness):
axe-core finds no violation and nothing scrolls sideways at 390 px, in English and Traditional Chinese."""

from __future__ import annotations

import pytest

from audit.reads import record_case_view
from casemgr.clock import now
from cases.actions.requests import do_record_request
from cases.models import Party
from tests.browser.test_party_journey import _check, _sign_in_party, browser, live_case

__all__ = ["browser", "live_case"]  # fixtures used below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_she_reads_who_opened_her_case_and_when_her_request_is_due_on_a_phone(
    browser, live_server, live_case, officer, complainant
):
    her = Party.objects.get(case=live_case, person=complainant)
    at = now()
    do_record_request(her, kind="committee_hearing", details="", requested_at=at, acting_user=officer, at=at)
    record_case_view(officer, case_id=live_case.pk, page="case_page", at=at)
    page = _sign_in_party(browser, live_server, complainant)
    page.goto(f"{live_server.url}/my/cases/{live_case.public_id}/")
    assert "Decision due by " in page.inner_text("main")
    _check(page)
    page.click("text=Who on the staff has opened your case")
    page.wait_for_url(f"**/my/cases/{live_case.public_id}/staff-access/")
    main = page.inner_text("main")
    assert "Conduct officer: opened the case once" in main
    assert officer.username not in main
    _check(page)
    page.click("button[value=zh-hant]")
    assert "哪些職員曾開啟你的個案" in page.inner_text("main")
    _check(page)
