"""An upload stopped for its size says only that, with the limit (issue 9, item 7): it also said
"This field is required.", since the stopped file never reaches the form."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import Evidence
from tests.evidence.conftest import stored_files


def test_it_says_only_that_the_file_is_too_large(settings, case, officer, client_for, evidence_root):
    settings.CASEMGR_EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    upload = SimpleUploadedFile("chat.txt", b"a line of chat\n" * 200_000, content_type="text/plain")

    response = client_for(officer).post(
        f"/cases/{case.public_id}/evidence/upload/", {"description": "Chat export", "file": upload}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["The file is larger than the limit of 2.0 MB."]}
    assert "This field is required." not in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_it_still_asks_for_a_file_when_none_was_sent(case, officer, client_for):
    response = client_for(officer).post(f"/cases/{case.public_id}/evidence/upload/", {"description": "Nothing"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["This field is required."]}
