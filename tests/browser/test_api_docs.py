"""The API documentation page for staff: Swagger UI from the project's own static files, working under the
site's unchanged Content-Security-Policy (no CDN, no inline script or style)."""

from __future__ import annotations

import pytest

from tests.browser.test_officer_journey import _sign_in, browser  # noqa: F401 - the Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_read_the_api_documentation_with_no_policy_violation(browser, live_server, officer):  # noqa: F811
    page = _sign_in(browser, live_server, officer)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/cases/{case_id}/measures/" in p for p in paths), paths[:5]
    assert not [p for p in problems if "Content Security Policy" in p or "Content-Security-Policy" in p], problems
    assert outside == []
