"""A near-identical picture on another case raises a possible link for the supervisors of both cases,
telling each only about their own case; only a supervisor of both cases may link them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.roles import StaffRole
from accounts.services import do_create_staff, team_supervisor_group
from audit.models import AuditEntry
from cases.access import CaseNotFound
from evidence.hashing import hamming_distance
from evidence.linking import do_link_cases
from evidence.matching import similar_images
from evidence.models import CaseLink, EvidenceSource, PossibleLink
from evidence.upload import do_upload_evidence
from notifications.emails import render_notification_email
from notifications.models import Notification, NotificationKind
from tests.evidence.conftest import AT, encode, photo


def add(case, user, data: bytes, filename: str = "a.png"):
    return do_upload_evidence(
        case,
        content=data,
        filename=filename,
        description="",
        depicts=None,
        source=EvidenceSource.OFFICER,
        acting_user=user,
        at=AT,
    )


@pytest.fixture
def original() -> bytes:
    return encode(photo(7), "PNG")


@pytest.fixture
def near_duplicate() -> bytes:
    """The same picture, slightly smaller and re-encoded as JPEG, as a friend's screenshot would be."""
    return encode(photo(7).resize((600, 450)), "JPEG", quality=80)


def test_it_finds_the_near_duplicate_and_not_a_different_picture(case, other_case, officer, other_officer, original):
    first = add(case, officer, original)
    different = add(other_case, other_officer, encode(photo(8), "PNG"))
    assert hamming_distance(first.pdq_hash, different.pdq_hash) > 31
    assert similar_images(pdq_hash=first.pdq_hash, excluding_case_id=case.pk) == []
    assert not PossibleLink.objects.exists()


def test_it_raises_a_possible_link_and_tells_both_supervisors(
    case, other_case, officer, other_officer, supervisor, other_supervisor, original, near_duplicate
):
    first = add(case, officer, original)
    second = add(other_case, other_officer, near_duplicate, filename="screenshot.jpg")

    link = PossibleLink.objects.get()
    assert {link.first_case_id, link.second_case_id} == {case.pk, other_case.pk}
    assert {link.first_evidence_id, link.second_evidence_id} == {first.pk, second.pk}
    assert link.distance <= 31
    assert link.is_open
    sent = {(n.recipient_id, n.case_id) for n in Notification.objects.filter(kind=NotificationKind.POSSIBLE_LINK)}
    assert sent == {(supervisor.pk, case.pk), (other_supervisor.pk, other_case.pk)}
    assert AuditEntry.objects.filter(action="evidence.possible_link").count() == 2


def test_the_notification_says_nothing_of_the_other_case(
    case, other_case, officer, other_officer, supervisor, other_supervisor, original, near_duplicate
):
    add(case, officer, original)
    add(other_case, other_officer, near_duplicate, filename="screenshot.jpg")
    for notification in Notification.objects.filter(kind=NotificationKind.POSSIBLE_LINK).select_related(
        "case", "recipient"
    ):
        own, other = (case, other_case) if notification.case_id == case.pk else (other_case, case)
        with translation.override("en"):
            email = render_notification_email(notification)
        text = email.subject + "\n" + email.body
        assert f"A possible link between {own.reference} and another case needs a supervisor's review." in text
        assert other.reference not in text
        assert case.summary not in text
        assert other_case.summary not in text
        assert not email.attachments


def test_it_flags_a_pair_of_cases_once(case, other_case, officer, other_officer, original, near_duplicate):
    add(case, officer, original)
    add(other_case, other_officer, near_duplicate, filename="b.jpg")
    notified = Notification.objects.count()
    add(other_case, other_officer, encode(photo(7), "WEBP", quality=90), filename="c.webp")
    assert PossibleLink.objects.count() == 1
    assert Notification.objects.count() == notified


def test_pictures_on_the_same_case_are_not_a_link(case, officer, original, near_duplicate):
    add(case, officer, original)
    add(case, officer, near_duplicate, filename="b.jpg")
    assert not PossibleLink.objects.exists()


class TestLinking:
    @pytest.fixture
    def link(self, case, other_case, officer, other_officer, original, near_duplicate) -> PossibleLink:
        add(case, officer, original)
        add(other_case, other_officer, near_duplicate, filename="b.jpg")
        return PossibleLink.objects.get()

    def test_a_supervisor_of_only_one_case_cannot_link(self, link, supervisor, other_supervisor, officer):
        for user in (supervisor, other_supervisor, officer):
            with pytest.raises(CaseNotFound):
                do_link_cases(link, acting_user=user, at=AT)
        assert not CaseLink.objects.exists()

    def test_a_supervisor_of_both_cases_links_them(self, link, case, other_case, other_team):
        # A supervisor of the other team who is also in the first team's supervisor group.
        both = do_create_staff(
            username="supervisor.both", email="b@uni.example", name="Both", role=StaffRole.CASE_SUPERVISOR
        )
        both.groups.add(team_supervisor_group(other_team))
        case_link = do_link_cases(link, acting_user=both, at=AT)
        assert {case_link.first_case_id, case_link.second_case_id} == {case.pk, other_case.pk}
        link.refresh_from_db()
        assert (link.resolution, link.resolved_by) == ("linked", both)
        assert AuditEntry.objects.filter(action="cases.link", actor_id=both.pk).count() == 2
        with pytest.raises(ValidationError):
            do_link_cases(link, acting_user=both, at=AT)
