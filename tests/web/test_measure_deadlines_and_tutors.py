"""The measure actions that only tests could reach before: each works from its page (and shows on the
case page and in the flag), and the approved tutor notification is e-mailed once, completing the step."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail

from accommodations.actions import do_decide_measure, do_implement_measure, do_request_measure
from accommodations.models import DeadlineAdjustment, Measure
from accommodations.tutors import do_prepare_tutor_notification, do_send_tutor_notification
from notifications.models import Notification
from notifications.sending import send_pending
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt
from tests.web.conftest import NOW, case_url

REQUESTED = hkt(2025, 3, 17, 9, 0)


@pytest.fixture
def separation(case, officer, complainant, respondent) -> Measure:
    return do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=REQUESTED,
        recorded_by=officer,
        at=REQUESTED,
    )


@pytest.fixture
def tutors(case, officer, complainant) -> Measure:
    measure = do_request_measure(
        case,
        type="tutor_notification",
        requested_by=complainant,
        against=None,
        requested_at=REQUESTED,
        recorded_by=officer,
        at=REQUESTED,
    )
    return do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=REQUESTED)


def test_it_pauses_a_deadline_from_the_page_and_shows_why_on_the_case_page_and_the_flag(
    as_officer, case, separation
) -> None:
    sweep(NOW)  # the decision (due 19 March) is overdue: a flag
    response = as_officer.post(
        case_url(case, "measures/pause/"),
        {
            "measure": separation.pk,
            "step": "decision",
            "reason": "Waiting for the timetable office.",
            "review_at": "2025-03-27T12:00",
        },
    )
    assert response.status_code == 302
    adjustment = DeadlineAdjustment.objects.get()
    assert (adjustment.step, adjustment.kind, adjustment.review_at) == ("decision", "pause", hkt(2025, 3, 27, 12))
    # No longer overdue: the pause's review date is the due time, so the action closed the flag.
    assert not Flag.objects.filter(closed_at__isnull=True, measure=separation, kind="measure_decision_overdue").exists()
    page = as_officer.get(case_url(case)).content.decode()
    assert "Waiting for the timetable office." in page
    assert "2025-03-27" in page
    # Once the review date passes without a decision, the flag is back, showing the pause and its reason.
    with time_machine.travel(hkt(2025, 3, 28, 9), tick=False):
        sweep(hkt(2025, 3, 28, 9))
        flags_page = as_officer.get("/flags/").content.decode()
    assert "Paused until the review on 2025-03-27" in flags_page
    assert "Waiting for the timetable office." in flags_page


def test_it_extends_and_ends_an_extension_from_the_pages(as_officer, case, separation) -> None:
    response = as_officer.post(
        case_url(case, "measures/extend/"),
        {
            "measure": separation.pk,
            "step": "decision",
            "new_due_at": "2025-03-31T17:00",
            "reason": "The complainant asked for time.",
            "review_at": "2025-03-28T12:00",
        },
    )
    assert response.status_code == 302
    separation.refresh_from_db()
    assert separation.decision_due_at == hkt(2025, 3, 31, 17)
    adjustment = DeadlineAdjustment.objects.get()

    response = as_officer.post(case_url(case, "measures/end-adjustment/"), {"adjustment": adjustment.pk})

    assert response.status_code == 302
    separation.refresh_from_db()
    assert separation.decision_due_at == hkt(2025, 3, 19, 23, 59, 59)


def test_it_refuses_a_pause_without_a_reason_or_review_date_and_changes_nothing(as_officer, case, separation) -> None:
    response = as_officer.post(case_url(case, "measures/pause/"), {"measure": separation.pk, "step": "decision"})
    assert response.status_code == 200
    assert not DeadlineAdjustment.objects.exists()
    assert response.context["form"].errors.keys() >= {"reason", "review_at"}


def test_it_records_a_review_and_a_request_answered_with_no_measure(
    as_officer, case, officer, separation, complainant, respondent
) -> None:
    do_decide_measure(separation, decision="approved", reasons="", acting_user=officer, at=REQUESTED)
    do_implement_measure(separation, implemented_at=REQUESTED, note="T04.", acting_user=officer, at=REQUESTED)

    reviewed = as_officer.post(case_url(case, "measures/review/"), {"measure": separation.pk, "note": "Still needed."})
    none_offered = as_officer.post(
        case_url(case, "measures/no-measure/"),
        {
            "type": "housing_change",
            "requested_by": complainant.pk,
            "against": respondent.pk,
            "requested_at": "2025-03-19T10:00",
            "details": "",
            "reasons": "They live on different campuses.",
        },
    )

    assert (reviewed.status_code, none_offered.status_code) == (302, 302)
    separation.refresh_from_db()
    assert separation.review_note == "Still needed."
    declined = Measure.objects.get(type="housing_change")
    assert (declined.decision, declined.decision_reasons) == ("declined", "They live on different campuses.")


def test_the_tutor_is_emailed_once_and_the_sending_completes_the_implementation(
    as_officer, case, officer, tutors, client
) -> None:
    prepared = as_officer.post(
        case_url(case, "measures/tutor-message/"),
        {
            "measure": tutors.pk,
            "tutor_name": "Dr Lam",
            "tutor_email": "lam@uni.example",
            "instruction": "Please let student 3035001234 attend tutorial group T04 instead of T01 from now on.",
        },
    )
    sent = as_officer.post(case_url(case, "measures/tutor-message/send/"), {"measure": tutors.pk})
    assert (prepared.status_code, sent.status_code) == (302, 302)
    tutors.refresh_from_db()
    assert tutors.implemented_at is None  # not until the e-mail has gone

    sent_at = hkt(2025, 3, 20, 10, 5)
    send_pending(now=sent_at)
    send_pending(now=hkt(2025, 3, 20, 11))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lam@uni.example"]
    assert message.subject == "An instruction from the conduct office"
    for secret in ("Lam", case.reference, "3035001234", "Student"):
        assert secret not in message.subject
    assert "3035001234" not in message.body  # the instruction is behind the link, not in the e-mail
    tutors.refresh_from_db()
    assert tutors.implemented_at == sent_at
    assert tutors.implemented_by == officer
    assert Notification.objects.filter(subject=f"tutor_instruction:{tutors.pk}").count() == 1
    # The link opens the instruction, without an account; a forged token is a 404.
    link = re.search(r"http://[^\s]+/tutor/[^\s]+/", str(message.body))
    assert link is not None
    path = link.group(0).split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "attend tutorial group T04" in page.content.decode()
    assert case.reference not in page.content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_a_tutor_message_is_sent_once_even_if_sent_twice(case, officer, tutors) -> None:
    do_prepare_tutor_notification(
        tutors,
        tutor_name="Dr Lam",
        tutor_email="lam@uni.example",
        instruction="Please keep the two students in different groups.",
        acting_user=officer,
        at=REQUESTED,
    )
    do_send_tutor_notification(tutors, acting_user=officer, at=REQUESTED)
    with pytest.raises(Exception, match="already been sent"):
        do_send_tutor_notification(tutors, acting_user=officer, at=REQUESTED)
    assert Notification.objects.filter(kind="tutor_instruction").count() == 1
