"""The evidence pages: inventory by person, blurred previews, originals only for a recorded reason,
downloads as attachments with internal names, and the same 404 for everyone not on the case."""

from __future__ import annotations

import io
import re
import uuid

import numpy as np
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFilter

from accounts.services import do_create_person, team_supervisor_group
from audit.models import AuditEntry
from cases.actions.parties import do_add_party
from cases.models import PartyRole
from evidence.models import CaseLink, Evidence, EvidenceSource, PossibleLink
from evidence.upload import do_upload_evidence
from tests.conftest import hkt, sign_in
from tests.evidence.conftest import AT, encode, photo, stored_files

NOW = hkt(2025, 3, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def add(case, user, data: bytes, filename: str = "a.png", depicts=None):
    return do_upload_evidence(
        case,
        content=data,
        filename=filename,
        description="Folder listing",
        depicts=depicts,
        source=EvidenceSource.OFFICER,
        acting_user=user,
        at=AT,
    )


@pytest.fixture
def picture(case, officer, png_bytes):
    return add(case, officer, png_bytes)


def base(case) -> str:
    return f"/cases/{case.public_id}/evidence/"


def item_url(evidence, suffix: str) -> str:
    return f"{base(evidence.case)}{evidence.public_id}/{suffix}"


def original_src(response) -> str:
    found = re.search(r'src="([^"]+/original/\?t=[^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def edge_energy(image: Image.Image) -> float:
    """Mean edge strength, leaving out the frame where the filter sees the image border as an edge."""
    edges = np.asarray(image.convert("L").filter(ImageFilter.FIND_EDGES), dtype=np.float64)
    return float(edges[2:-2, 2:-2].mean())


class TestInventory:
    def test_it_groups_evidence_by_the_person_depicted(self, case, officer, client_for, complainant, png_bytes):
        affected = do_add_party_person(case, officer)
        add(case, officer, png_bytes, depicts=case.parties.get(person=complainant))
        add(case, officer, encode(photo(2), "PNG"), depicts=affected)
        add(case, officer, encode(photo(3), "PNG"), depicts=affected)
        add(case, officer, b"[21:03] chat line\n", filename="chat.txt")

        response = client_for(officer).get(base(case))
        assert response.status_code == 200
        inventory = response.context["inventory"]
        assert (inventory.total, inventory.people_depicted, inventory.complainants) == (4, 2, 1)
        assert inventory.depicted_not_complained == 1
        assert [len(g.items) for g in inventory.groups] == [1, 2]
        assert len(inventory.unassigned) == 1
        body = response.content.decode()
        assert "1 person depicted in the evidence has not complained." in body
        assert body.count("/preview/") == 3  # images only
        assert "no-store" in response["Cache-Control"]

    def test_the_case_page_links_to_the_evidence(self, case, officer, client_for):
        assert base(case) in client_for(officer).get(f"/cases/{case.public_id}/").content.decode()

    def test_it_sorts_an_item_by_person(self, case, officer, client_for, picture, complainant):
        party = case.parties.get(person=complainant)
        response = client_for(officer).post(item_url(picture, "person/"), {"depicts": party.pk})
        assert response.status_code == 302
        picture.refresh_from_db()
        assert picture.depicts == party


def do_add_party_person(case, officer):
    person = do_create_person(person_id="3035007777", email="c@connect.uni.example", name="Student C", kind="student")
    return do_add_party(case, person=person, role=PartyRole.AFFECTED_PERSON, acting_user=officer, at=AT)


class TestUpload:
    def test_it_adds_an_uploaded_file(self, case, officer, client_for, png_bytes):
        upload = SimpleUploadedFile("IMG_2231.png", png_bytes, content_type="image/png")
        response = client_for(officer).post(f"{base(case)}upload/", {"description": "", "depicts": "", "file": upload})
        assert response.status_code == 302
        assert Evidence.objects.get().sha256

    def test_it_says_why_a_file_is_refused_and_keeps_nothing(self, case, officer, client_for, evidence_root):
        svg = SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>", content_type="image/png")
        response = client_for(officer).post(f"{base(case)}upload/", {"file": svg})
        assert response.status_code == 400
        assert "SVG images are not accepted" in response.content.decode()
        assert not Evidence.objects.exists()
        assert stored_files(evidence_root) == []

    def test_it_stops_reading_a_file_over_the_limit(self, settings, case, officer, client_for, png_bytes):
        settings.CASEMGR_EVIDENCE_MAX_BYTES = 10_000
        upload = SimpleUploadedFile("big.png", png_bytes, content_type="image/png")
        response = client_for(officer).post(f"{base(case)}upload/", {"description": "x", "file": upload})
        assert response.status_code == 400
        assert "larger than the limit" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_it_needs_a_csrf_token(self, case, officer, png_bytes):
        client = Client(enforce_csrf_checks=True)
        sign_in(client, officer)
        upload = SimpleUploadedFile("a.png", png_bytes, content_type="image/png")
        assert client.post(f"{base(case)}upload/", {"file": upload}).status_code == 403
        assert not Evidence.objects.exists()


class TestPreview:
    def test_it_serves_a_small_blurred_picture(self, picture, officer, client_for, png_bytes):
        response = client_for(officer).get(item_url(picture, "preview/"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        preview = Image.open(io.BytesIO(response.content))
        assert max(preview.size) <= 240
        original = Image.open(io.BytesIO(png_bytes)).convert("RGB").resize(preview.size)
        assert edge_energy(preview) < edge_energy(original) / 5
        assert np.asarray(preview.convert("L")).var() < np.asarray(original.convert("L")).var()

    def test_there_is_no_preview_of_a_document(self, case, officer, client_for):
        text = add(case, officer, b"chat\n", filename="chat.txt")
        assert client_for(officer).get(item_url(text, "preview/")).status_code == 404


class TestReveal:
    def test_it_refuses_without_a_reason(self, picture, officer, client_for):
        response = client_for(officer).post(item_url(picture, "reveal/"), {"reason": "  "})
        assert response.status_code == 400
        assert not AuditEntry.objects.filter(action="evidence.reveal").exists()
        assert "/original/" not in response.content.decode()

    def test_it_records_the_reason_then_shows_the_original_briefly(self, picture, officer, client_for, png_bytes):
        client = client_for(officer)
        response = client.post(item_url(picture, "reveal/"), {"reason": "Checking against the complainant's account"})
        assert response.status_code == 200
        row = AuditEntry.objects.get(action="evidence.reveal")
        assert (row.actor_id, row.case_id, row.target) == (officer.pk, picture.case_id, f"evidence:{picture.pk}")
        assert row.reason == "Checking against the complainant's account"
        src = original_src(response)

        shown = client.get(src)
        assert shown.status_code == 200
        assert shown.content == png_bytes
        assert shown["Content-Type"] == "image/png"
        assert "no-store" in shown["Cache-Control"]
        assert client.get(item_url(picture, "original/")).status_code == 404
        assert client.get(item_url(picture, "original/") + "?t=forged").status_code == 404

    def test_the_original_link_is_personal_and_short_lived(
        self, picture, officer, supervisor, client_for, frozen_clock
    ):
        response = client_for(officer).post(item_url(picture, "reveal/"), {"reason": "Identify the folder"})
        src = original_src(response)
        assert client_for(supervisor).get(src).status_code == 404  # another user, though on the case
        frozen_clock.shift(61)
        assert client_for(officer).get(src).status_code == 404


class TestDownload:
    def test_it_asks_for_a_reason_first(self, picture, officer, client_for):
        client = client_for(officer)
        assert client.get(item_url(picture, "download/")).status_code == 200
        assert client.post(item_url(picture, "download/"), {"reason": ""}).status_code == 400
        assert not AuditEntry.objects.filter(action="evidence.download").exists()

    def test_it_downloads_as_an_attachment_with_an_internal_name(self, picture, officer, client_for, png_bytes):
        response = client_for(officer).post(item_url(picture, "download/"), {"reason": "Referral bundle"})
        assert response.status_code == 200
        assert response.content == png_bytes
        assert response["Content-Disposition"] == f'attachment; filename="evidence-{picture.public_id}.png"'
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert AuditEntry.objects.get(action="evidence.download").reason == "Referral bundle"


def every_url(evidence, link_id) -> list[tuple[str, str]]:
    item = f"{base(evidence.case)}{evidence.public_id}/"
    return [
        ("get", base(evidence.case)),
        ("post", f"{base(evidence.case)}upload/"),
        ("get", f"{item}preview/"),
        ("get", f"{item}reveal/"),
        ("post", f"{item}reveal/"),
        ("get", f"{item}original/?t=x"),
        ("get", f"{item}download/"),
        ("post", f"{item}download/"),
        ("post", f"{item}person/"),
        ("post", f"{base(evidence.case)}links/{link_id}/link/"),
    ]


@pytest.mark.parametrize("who", ["other_officer", "outsider", "panel_member", "reviewer", "complainant", "respondent"])
def test_everyone_not_on_the_case_gets_404_for_every_evidence_url(picture, who, request, client_for):
    client = client_for(request.getfixturevalue(who))
    for method, url in every_url(picture, uuid.uuid4()):
        response = getattr(client, method)(url, {"reason": "curious", "depicts": ""})
        assert response.status_code == 404, (method, url)
    assert not AuditEntry.objects.filter(action__in=["evidence.reveal", "evidence.download"]).exists()


def test_evidence_of_another_case_is_404_through_this_case(picture, other_case, other_officer, client_for):
    client = client_for(other_officer)
    for suffix in ("preview/", "reveal/", "download/"):
        assert client.get(f"{base(other_case)}{picture.public_id}/{suffix}").status_code == 404


class TestLinkView:
    @pytest.fixture
    def link(self, case, other_case, officer, other_officer) -> PossibleLink:
        add(case, officer, encode(photo(7), "PNG"))
        add(other_case, other_officer, encode(photo(7).resize((600, 450)), "JPEG", quality=80), filename="b.jpg")
        return PossibleLink.objects.get()

    def test_a_supervisor_of_one_case_sees_the_flag_but_not_the_other_case(
        self, link, case, other_case, supervisor, client_for
    ):
        body = client_for(supervisor).get(base(case)).content.decode()
        assert "nearly identical to one in another case" in body
        assert other_case.reference not in body
        response = client_for(supervisor).post(f"{base(case)}links/{link.public_id}/link/")
        assert response.status_code == 404
        assert not CaseLink.objects.exists()

    def test_the_officer_does_not_see_the_flag(self, link, case, officer, client_for):
        assert "another case" not in client_for(officer).get(base(case)).content.decode()

    def test_a_supervisor_of_both_links_the_cases(self, link, case, other_case, supervisor, other_team, client_for):
        supervisor.groups.add(team_supervisor_group(other_team))
        client = client_for(supervisor)
        assert other_case.reference in client.get(base(case)).content.decode()
        response = client.post(f"{base(case)}links/{link.public_id}/link/")
        assert response.status_code == 302
        assert CaseLink.objects.filter(possible_link=link).exists()
