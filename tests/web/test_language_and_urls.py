import re

from tests.web.conftest import case_url

LINK = re.compile(r'(?:href|action)="([^"]*)"')


def test_it_keeps_names_ids_and_references_out_of_every_link(case, officer, client_for):
    body = client_for(officer).get(case_url(case)).content.decode()
    links = LINK.findall(body)
    assert links
    for link in links:
        for secret in ("IBSA", "Student", "3035001234", "3035009999", "Folders", "creation"):
            assert secret not in link, link


def test_it_offers_both_languages_without_scripts(case, officer, client_for):
    body = client_for(officer).get(case_url(case)).content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert 'value="zh-hant"' in body
    assert "繁體中文" in body
    assert "<script" not in body
    assert "style=" not in body


def test_it_switches_the_pages_to_traditional_chinese(case, officer, client_for):
    client = client_for(officer)
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": case_url(case)})
    assert response.status_code == 302
    body = client.get(case_url(case)).content.decode()
    assert '<html lang="zh-hant">' in body
    assert "時序" in body
    assert "暫行措施" in body
