"""Error pages in the site's layout, translated, and never with a detail of the error (issue 14)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import case_url

pytestmark = [pytest.mark.urls("tests.web.error_urls"), pytest.mark.sqlite]

PAGES = [
    ("/test-bad/", 400, "The request could not be read", "無法讀取此請求"),
    ("/test-forbid/", 403, "Not allowed", "不允許"),
    ("/no-such-page/", 404, "Not found", "找不到"),
    ("/test-fail/", 500, "Something went wrong", "系統出了問題"),
]


@pytest.mark.parametrize(("url", "status", "english", "chinese"), PAGES)
def test_it_shows_each_error_in_the_site_layout_without_details(officer, url, status, english, chinese):
    from tests.conftest import sign_in

    client = Client(raise_request_exception=False)
    sign_in(client, officer)
    response = client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert 'class="site-header"' in body
    assert f"<h1>{english}</h1>" in body
    assert "secret-detail" not in body
    assert "Traceback" not in body

    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    translated = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert f"<h1>{chinese}</h1>" in translated


def test_a_case_one_may_not_open_is_the_site_404(case, other_officer, client_for):
    response = client_for(other_officer).get(case_url(case))
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body
    assert "IBSA-2025-0007" not in body
