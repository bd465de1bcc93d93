from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accommodations.models import Measure
from accounts.models import User
from notifications.models import Notification, NotificationPreference
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def raised(separation: Measure) -> None:
    sweep(hkt(2025, 3, 24, 9))  # decision and implementation overdue: two notices each


def test_it_lists_only_my_own_notifications_with_the_unread_count(
    raised: None, complainant: User, client_for: ClientFor
) -> None:
    response = client_for(complainant).get("/notifications/")

    assert response.status_code == 200
    entries = response.context["entries"]
    assert {e["notification"].recipient_id for e in entries} == {complainant.pk}
    assert len(entries) == 2
    assert response.context["unread"] == 2
    body = response.content.decode()
    assert "Your case: something you are waiting for is late" in body
    assert "Student R" not in body


def test_it_counts_unread_notifications(raised: None, officer: User, client_for: ClientFor) -> None:
    response = client_for(officer).get("/notifications/unread-count/")

    assert response.json() == {"unread": 2}


def test_it_marks_one_of_my_notifications_read(raised: None, officer: User, client_for: ClientFor) -> None:
    mine = Notification.objects.filter(recipient=officer).first()
    assert mine is not None
    client = client_for(officer)

    response = client.post(f"/notifications/{mine.pk}/read/")

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get("/notifications/unread-count/").json() == {"unread": 1}


def test_it_refuses_to_mark_someone_elses_notification(
    raised: None, officer: User, outsider: User, client_for: ClientFor
) -> None:
    theirs = Notification.objects.filter(recipient=officer).first()
    assert theirs is not None

    response = client_for(outsider).post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_all_read(raised: None, officer: User, client_for: ClientFor) -> None:
    client = client_for(officer)

    client.post("/notifications/read-all/")

    assert client.get("/notifications/unread-count/").json() == {"unread": 0}
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()


def test_it_shows_an_outsider_nothing(raised: None, outsider: User, client_for: ClientFor) -> None:
    response = client_for(outsider).get("/notifications/")

    assert response.context["entries"] == []
    assert "IBSA-2025-0007" not in response.content.decode()


@pytest.mark.parametrize("path", ["/notifications/", "/notifications/unread-count/", "/notifications/preferences/"])
def test_it_sends_anonymous_visitors_to_sign_in(db: None, client_for: ClientFor, path: str) -> None:
    response = client_for(None).get(path)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_saves_the_daily_digest_choice(officer: User, client_for: ClientFor) -> None:
    client = client_for(officer)

    client.post("/notifications/preferences/", {"daily_digest": "on"})
    assert NotificationPreference.objects.get(user=officer).daily_digest is True
    client.post("/notifications/preferences/", {})

    assert NotificationPreference.objects.get(user=officer).daily_digest is False


def test_it_shows_the_list_in_the_readers_language(raised: None, complainant: User, client_for: ClientFor) -> None:
    client = client_for(complainant)
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/notifications/"})

    body = client.get("/notifications/").content.decode()

    assert "你的個案：你正在等待的事項已逾期" in body
