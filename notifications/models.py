"""The notification outbox: one row per message a person must get, written in the transaction that
caused it (a sweep raising or escalating a flag) and sent later by `notifications.send_pending`.

The database is the only record of what is due: a row is pending until `sent_at` is set; a sender
claims it for a lease (`claimed_until`) so that a worker killed mid-send strands it only until the
lease expires; failures are retried at `next_attempt_at` with exponential back-off.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The names of the message kinds the core registers (notifications.kinds holds what each says)."""

    # To staff: a step is overdue; `level` says which tier is being told (1 officers, 2 supervisors,
    # 3 governance), so an escalation is a new message to new people.
    STEP_OVERDUE = "step_overdue", _("Overdue step")
    # To the people waiting on a step (the complainant who asked for a measure): overdue / done.
    REQUEST_OVERDUE = "request_overdue", _("Your request is overdue")
    REQUEST_DONE = "request_done", _("Your request was acted on")
    # To the supervisors of two cases whose evidence holds a near-identical picture (evidence.matching);
    # each is told about its own case only, and `step_kind` is empty.
    POSSIBLE_LINK = "possible_link", _("Possible link to another case")


class Notification(models.Model):
    """One message to one person, pending until `sent_at` is set.

    The recipient is an account, or (for people without one, e.g. a tutor told of a measure) only an
    e-mail address in `to_email`. A message about a flag is unique per (flag, kind, level, recipient);
    any other message names what it is about in `subject` ("message:12", "invitation:3"), unique per
    (kind, subject, recipient), so queueing twice sends once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    to_email = models.EmailField(_("to"), blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    flag = models.ForeignKey(
        "oversight.Flag", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    # A registered notifications.kinds.MessageKind name (no choices: the apps that send them register them).
    kind = models.CharField(_("kind"), max_length=40)
    step_kind = models.CharField(_("overdue step"), max_length=40, blank=True)
    subject = models.CharField(max_length=80, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    created_at = models.DateTimeField(_("created"))
    # Sending state. `next_attempt_at` null means no further attempt will be made (see last_error).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # No person gets the same message about the same flag twice, even from two sweeps at once.
            models.UniqueConstraint(fields=["flag", "kind", "level", "recipient"], name="notification_once_per_flag"),
            models.UniqueConstraint(
                fields=["kind", "subject", "recipient"], condition=~Q(subject=""), name="notification_once_per_subject"
            ),
            models.UniqueConstraint(
                fields=["kind", "subject", "to_email"],
                condition=~Q(subject="") & Q(recipient__isnull=True),
                name="notification_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(to_email=""), name="notification_has_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notification_pending", condition=Q(sent_at__isnull=True)),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.step_kind} level {self.level}"

    @property
    def address(self) -> str:
        """Where the e-mail goes: the account's address, or `to_email` for a recipient without one."""
        return self.recipient.email if self.recipient is not None else self.to_email

    @property
    def message_id(self) -> str:
        """The RFC 5322 Message-ID of this row's email: unique per row and the same on every attempt, so a
        message resent after a crash is recognisably the same message (mail clients show it once)."""
        host = urlsplit(settings.CASEMGR_SITE_URL).hostname or "casemgr"
        return f"<notification.{self.pk}.{int(self.created_at.timestamp())}@{host}>"


class NotificationPreference(models.Model):
    """How a person wants their email: one message each, or one daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(
        _("send me one daily digest instead of separate emails"),
        default=False,
    )

    def __str__(self) -> str:
        return f"digest={self.daily_digest}"
