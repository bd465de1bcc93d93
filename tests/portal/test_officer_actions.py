"""The parties' panel on the officer's case page, as the assigned officer and as an outsider."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification
from portal.models import Message, NoticeRelease

pytestmark = pytest.mark.django_db


def test_the_assigned_officer_answers_her_on_the_case_page(client_for, officer, complainant, case, her):
    client = client_for(officer)
    assert (
        "What the parties see and ask"
        in client.get(reverse("office:case_detail", args=[case.public_id])).content.decode()
    )
    response = client.post(reverse("portal:officer_reply", args=[case.public_id]), {"party": her.pk, "text": "Hello"})
    assert response.status_code == 302
    assert Message.objects.get(party=her).from_party is False
    assert Notification.objects.filter(recipient=complainant, kind="party_message").exists()


def test_another_officer_gets_the_same_404_and_changes_nothing(client_for, other_officer, case, her):
    client = client_for(other_officer)
    response = client.post(reverse("portal:officer_reply", args=[case.public_id]), {"party": her.pk, "text": "Hi"})
    assert response.status_code == 404
    response = client.post(
        reverse("portal:officer_release", args=[case.public_id]), {"text": "x", "notice_date": "2025-03-20"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()
    assert not NoticeRelease.objects.exists()


def test_the_respondent_cannot_write_before_the_notice_is_released(client_for, respondent, case):
    response = client_for(respondent).post(reverse("portal:message", args=[case.public_id]), {"text": "Hi"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_officer_releases_the_notice_and_the_respondent_reads_it(client_for, officer, respondent, case):
    response = client_for(officer).post(
        reverse("portal:officer_release", args=[case.public_id]),
        {"text": "The notice text.", "notice_date": "2025-03-20", "hearing_place": "Room 1"},
    )
    assert response.status_code == 302
    body = client_for(respondent).get(reverse("portal:case", args=[case.public_id])).content.decode()
    assert "The notice text." in body
    assert "Room 1" in body
