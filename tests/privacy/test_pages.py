"""The privacy notice, the legal hold from the case page and the API, and the officer's pages."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from cases.models import Case
from interchange.importer import import_cases_text
from interchange.reader import InterchangeError
from privacy.models import DataRequest, LegalHold
from tests.conftest import hkt
from tests.privacy.conftest import CASES_FILE

AT = hkt(2026, 3, 2, 10, 0)


@pytest.mark.django_db
def test_the_privacy_notice_is_public_in_english() -> None:
    response = Client().get(reverse("privacy:notice"))

    assert response.status_code == 200
    text = response.content.decode()
    for heading in (
        "What we collect",
        "Why we collect it",
        "Who sees it",
        "How long it is kept",
        "How to ask for your data",
    ):
        assert heading in text
    assert "Cases: 84 months after the case was closed or withdrawn." in text


@pytest.mark.django_db
def test_the_privacy_notice_is_in_traditional_chinese() -> None:
    response = Client(headers={"accept-language": "zh-hant"}).get(reverse("privacy:notice"))

    text = response.content.decode()
    assert "私隱聲明" in text
    assert "我們收集甚麼" in text
    assert "如何索取你的資料" in text
    assert "What we collect" not in text


@pytest.mark.django_db
def test_the_sign_in_page_links_to_the_notice() -> None:
    assert reverse("privacy:notice") in Client().get(reverse("login")).content.decode()


def supervisor(imported: None) -> User:
    return User.objects.get(username="supervisor.lee")


@pytest.mark.usefixtures("imported")
def test_a_supervisor_sets_and_lifts_a_hold_from_the_case_page(client_for) -> None:
    boss = User.objects.get(username="supervisor.lee")
    case = Case.objects.get(reference="RECENT-2024-0001")
    client = client_for(boss)
    url = reverse("privacy:case_hold", args=[case.public_id])

    with time_machine.travel(AT, tick=False):
        response = client.post(url, {"reason": "a claim in the District Court"})
        assert response.status_code == 302
        page = client.get(reverse("office:case_detail", args=[case.public_id])).content.decode()
        assert "Legal hold" in page
        assert "On legal hold since 2026-03-02" in page
        client.post(url, {})

    assert LegalHold.objects.get(case=case).lifted_by == boss
    actions = list(
        AuditEntry.objects.filter(case_id=case.pk, action__startswith="privacy.legal_hold").values_list(
            "action", "reason"
        )
    )
    assert actions == [("privacy.legal_hold_set", ""), ("privacy.legal_hold_lifted", "")]


@pytest.mark.usefixtures("imported")
def test_an_officer_of_the_case_may_not_set_a_hold(client_for) -> None:
    case = Case.objects.get(reference="RECENT-2024-0001")
    client = client_for(User.objects.get(username="officer.chan"))

    response = client.post(reverse("privacy:case_hold", args=[case.public_id]), {"reason": "mine"})

    assert response.status_code == 404
    assert not LegalHold.objects.filter(case=case).exists()


def test_the_officer_sets_a_hold_through_the_api_and_sees_no_case_content(dpo: User, client_for) -> None:
    case = Case.objects.get(reference="RECENT-2024-0001")
    client = client_for(dpo)
    url = f"/api/v1/cases/{case.public_id}/legal-hold/"

    with time_machine.travel(AT, tick=False):
        created = client.post(url, {"reason": "PCPD complaint"}, content_type="application/json")
        shown = client.get(url).json()
    assert created.status_code == 201
    assert shown["legal_hold"]["reason"] == "PCPD complaint"
    assert shown["legal_hold"]["by"] == "dpo.kwan"
    assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 404
    assert client.get(reverse("office:case_detail", args=[case.public_id])).status_code == 404
    assert client.delete(url).status_code == 204
    assert client.get(url).json() == {"legal_hold": None}


def test_the_officer_records_a_request_and_downloads_the_export(dpo: User, client_for) -> None:
    client = client_for(dpo)
    with time_machine.travel(AT, tick=False):
        response = client.post(
            reverse("privacy:request_new"),
            {"person": "3035000001", "kind": "access", "received_at": "2026-03-01T09:00", "identity_check": ""},
        )
        assert response.status_code == 302
        request = DataRequest.objects.get()
        detail = client.get(response["Location"]).content.decode()
        assert "Alicia Purgeable" in detail
        assert "2026-04-10" in detail  # due: the 40th day after 1 March
        exported = client.get(reverse("privacy:export_json", args=[request.public_id]))
        pdf = client.get(reverse("privacy:export_pdf", args=[request.public_id]))
        step = reverse("privacy:request_step", args=[request.public_id, "decide"])
        client.post(step, {"decision": "refused", "reason": "names others", "section": "s20(1)(b)"})
    assert json.loads(exported.content)["person"]["id"] == "3035000001"
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    request.refresh_from_db()
    assert (request.decision, request.section_relied_on) == ("refused", "s20(1)(b)")


@pytest.mark.usefixtures("imported")
def test_the_officers_pages_are_a_404_for_other_staff(client_for) -> None:
    client = client_for(User.objects.get(username="supervisor.lee"))

    for name in ("privacy:request_list", "privacy:request_new", "privacy:holds"):
        assert client.get(reverse(name)).status_code == 404


@pytest.mark.django_db
def test_the_import_refuses_a_hold_set_by_someone_not_on_the_staff() -> None:
    document = json.loads(json.dumps(CASES_FILE))
    document["cases"][2]["legal_hold"]["by"] = "3035000001"
    document["cases"][2]["legal_hold"]["set_at"] = "2019-01-01T10:00:00"

    with pytest.raises(InterchangeError) as refused:
        import_cases_text(json.dumps(document), at=AT)

    errors = "\n".join(refused.value.errors)
    assert "cases[2].legal_hold.by: '3035000001' is not a staff username in staff" in errors
    assert "cases[2].legal_hold.set_at" in errors
    assert not Case.objects.exists()
