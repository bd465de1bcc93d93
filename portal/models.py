"""What the parties of a case read and write on their own pages, beside the case records they share with
staff: the notice of allegations released to the respondent, the message threads, requests for review,
delay explanations, withdrawals and what a respondent is told of a measure restricting him.

Rows are written only by portal.actions, which also write the timeline entry and the audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NoticeRelease(models.Model):
    """The notice of allegations as the officer approved it for the respondent. Until it exists the
    respondent's page shows nothing of the case."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="notice_release")
    text = models.TextField(_("notice of allegations"))
    notice_date = models.DateField(_("date of the notice"))
    hearing_at = models.DateTimeField(_("hearing"), null=True, blank=True)
    hearing_place = models.CharField(_("hearing place"), max_length=200, blank=True)
    released_at = models.DateTimeField(_("released"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Message(models.Model):
    """One message of the thread between a party and the case's officers. A thread is one party's: a
    complainant never reads another's."""

    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="portal_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_party = models.BooleanField()
    text = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["party", "sent_at"], name="portal_message_thread")]


class ReviewRequest(models.Model):
    """A party's request for a review of a decision or of a delay, with its own stored deadline.
    `subject` names what is to be reviewed ("measure:12", "decision:4", "flag:9"): one per party."""

    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="review_requests")
    subject = models.CharField(max_length=40)
    reasons = models.TextField(_("why a review is asked for"))
    asked_at = models.DateTimeField(_("asked"))
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    due_at_answer = models.DateTimeField(_("answer was due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["party", "subject"], name="review_once_per_subject")]
        indexes = [models.Index(fields=["due_at"], name="review_due_open", condition=Q(due_at__isnull=False))]


class DelayExplanation(models.Model):
    """The officer's written reason for a delay a complainant was told of, and the new expected date."""

    flag = models.ForeignKey("oversight.Flag", on_delete=models.CASCADE, related_name="explanations")
    reason = models.TextField(_("reason for the delay"))
    expected_at = models.DateField(_("new expected date"))
    written_at = models.DateTimeField(_("written"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["written_at", "id"]


class Withdrawal(models.Model):
    """A complainant withdrew her complaint (with an optional reason)."""

    party = models.OneToOneField("cases.Party", on_delete=models.CASCADE, related_name="withdrawal")
    at = models.DateTimeField(_("withdrawn"))
    reason = models.TextField(_("reason"), blank=True)


class MeasureDisclosure(models.Model):
    """What the respondent is told of a measure that restricts him, in the officer's words; he sees no
    measure without one. `protected` names whom it protects only if the officer chose to."""

    measure = models.OneToOneField("accommodations.Measure", on_delete=models.CASCADE, related_name="disclosure")
    requirement = models.TextField(_("what it requires of him"))
    protected = models.CharField(_("whom it protects (as he is told)"), max_length=200, blank=True)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
