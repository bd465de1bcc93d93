"""Every page carries the Content-Security-Policy, and no template needs an inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_it_sends_the_policy_on_pages_errors_and_the_api(case, officer, client_for):
    client = client_for(officer)
    for url in ("/accounts/login/", f"/cases/{case.public_id}/", "/cases/00000000-0000-0000-0000-000000000000/"):
        response = client.get(url)
        assert _directives(response["Content-Security-Policy"]) == _directives(POLICY), url
    api = client.get(f"/api/v1/cases/{case.public_id}/")
    assert "frame-ancestors 'none'" in api["Content-Security-Policy"]


def test_it_sends_the_policy_to_anonymous_visitors():
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_has_no_inline_script_or_style_in_any_project_template():
    templates = [
        path for path in ROOT.rglob("*.html") if path.relative_to(ROOT).parts[0] not in {".venv", "var", "node_modules"}
    ]
    assert templates
    offending = [
        f"{path.relative_to(ROOT)}: {m.group(0)}" for path in templates for m in INLINE.finditer(path.read_text())
    ]
    assert not offending, offending


def test_it_serves_the_swagger_page_from_its_own_static_files_not_a_cdn(officer, client_for):
    # Issue 8 replaced "no Swagger page" (it needed a CDN) by one served from drf-spectacular-sidecar.
    body = client_for(officer).get("/api/v1/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources
    assert all(source.startswith("/") and not source.startswith("//") for source in sources), sources


def test_the_api_documentation_is_for_signed_in_staff_only(client, client_for, officer, complainant):
    assert client.get("/api/v1/docs/").status_code == 403
    assert client_for(complainant).get("/api/v1/docs/").status_code == 403
    page = client_for(officer).get("/api/v1/docs/")
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    body = page.content.decode()
    assert "<style" not in body
    assert "<script>" not in body
    start = client_for(officer).get("/api/v1/docs/?script=")
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
