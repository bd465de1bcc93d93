"""Online reports: sent by anyone without an account, read by the intake team, turned into cases.

A report is addressed by its random `public_id` (staff pages) or, by the reporter, by its `number` and a
secret key typed into a form: neither ever appears in a URL. The key is stored only as a slow password
hash. Rows are written only by the do_* functions of this app, which also write the audit rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels


class ReportWay(models.TextChoices):
    NAMED = "named", _("In my own name")
    ANONYMOUS = "anonymous", _("Anonymously")
    ON_BEHALF = "on_behalf", _("On behalf of others")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not yet acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CASE_OPENED = "case_opened", _("A case was opened")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (ReportStatus.RECEIVED.value, ReportStatus.ACKNOWLEDGED.value)


class Synthetic(models.TextChoices):
    AI = "ai", _("Made or altered with AI")
    REAL = "real", _("Real images or recordings")
    UNKNOWN = "unknown", _("I don't know")


class Place(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_CAMPUS = "on_campus", _("On campus")
    ELSEWHERE = "elsewhere", _("Somewhere else")
    UNKNOWN = "unknown", _("I don't know")


class IntakeReport(ChoiceLabels, models.Model):
    """One report as it was sent, and what the intake team did with it.

    `acknowledgement_due_at` is the stored deadline of the acknowledgement (intake.acknowledgement), cleared
    once the report is acknowledged or closed; the sweep reads it through the partial index.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("report number"), max_length=20, unique=True)
    key_hash = models.CharField(max_length=256)
    way = models.CharField(_("way of reporting"), max_length=20, choices=ReportWay.choices)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    received_at = models.DateTimeField(_("received"))
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT)
    policy = models.ForeignKey("deadlines.DeadlinePolicy", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=10, default="en")
    # The reporter, when she gives her name (named, and optionally on behalf of others).
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("reporter's institutional e-mail"), max_length=254, blank=True)
    reporter_number = models.CharField(_("reporter's student or staff number"), max_length=150, blank=True)
    # What happened, in the allegation vocabulary.
    conducts = models.JSONField(_("what happened"), default=list)
    synthetic = models.CharField(_("real or AI-made"), max_length=10, choices=Synthetic.choices)
    account = models.TextField(_("account"), blank=True)
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=20, choices=Place.choices)
    respondent_known = models.BooleanField(_("respondent known"), default=False)
    respondent_name = models.CharField(_("respondent's name"), max_length=200, blank=True)
    respondent_number = models.CharField(_("respondent's student number"), max_length=150, blank=True)
    respondent_email = models.EmailField(_("respondent's e-mail"), max_length=254, blank=True)
    # Requests (cases.ComplainantRequest kinds) and measures (casemgr.vocabulary.MeasureType) asked for.
    requests = models.JSONField(_("requests"), default=list)
    measures = models.JSONField(_("measures"), default=list)
    # Set when acknowledged; an anonymous reporter then says whether she may be contacted.
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    contact_willing = models.BooleanField(_("willing to be contacted"), null=True, blank=True)
    contact_details = models.CharField(_("how to contact"), max_length=254, blank=True)
    # A named reporter's portal invitation, once her report is accepted (intake.invitations).
    invitation_due_at = models.DateTimeField(_("portal invitation due"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("portal invitation sent"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        verbose_name = _("online report")
        verbose_name_plural = _("online reports")
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="intake_status_received"),
            models.Index(
                fields=["acknowledgement_due_at"],
                name="intake_ack_due_open",
                condition=Q(acknowledgement_due_at__isnull=False),
            ),
            models.Index(fields=["respondent_number"], name="intake_respondent_number"),
        ]

    def __str__(self) -> str:
        return f"online report {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DepictedPerson(models.Model):
    """Someone a report names as depicted (reports on behalf of others): an affected person to contact."""

    report = models.ForeignKey(IntakeReport, on_delete=models.CASCADE, related_name="depicted")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    number = models.CharField(_("student or staff number"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class ReportFile(models.Model):
    """A file sent with a report: checked by the evidence vault's checks and encrypted as evidence is
    (evidence.crypto, under `public_id`, which the evidence row keeps when a case is opened)."""

    report = models.ForeignKey(IntakeReport, on_delete=models.CASCADE, related_name="files")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    storage_name = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=32)
    wrapped_key = models.BinaryField()
    nonce = models.BinaryField()
    received_at = models.DateTimeField()
    # The evidence row it became on the case (its blob is then the evidence's own).
    evidence = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "id"]


class ReportMessage(ChoiceLabels, models.Model):
    """A message between the intake team and the reporter (a question, an answer, the acknowledgement)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question from the conduct office")
        ANSWER = "answer", _("Message from the reporter")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        CLOSING = "closing", _("Report closed")
        CASE_OPENED = "case_opened", _("Taken forward")

    report = models.ForeignKey(IntakeReport, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    @property
    def from_reporter(self) -> bool:
        return self.kind == self.Kind.ANSWER


class PossibleReportLink(ChoiceLabels, models.Model):
    """A report that names the same respondent as an open case or another report. Says nothing of the
    other's content; only a supervisor of the intake team links them (intake.links)."""

    class Basis(models.TextChoices):
        STUDENT_NUMBER = "student_number", _("the same student number")
        NAME_AND_EMAIL = "name_and_email", _("the same name and e-mail")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(IntakeReport, on_delete=models.CASCADE, related_name="possible_links")
    other_report = models.ForeignKey(IntakeReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    other_case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    found_at = models.DateTimeField()
    linked_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["found_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(other_report__isnull=False) | Q(other_case__isnull=False), name="report_link_has_other"
            ),
            models.UniqueConstraint(fields=["report", "other_report"], name="report_link_once_per_report"),
            models.UniqueConstraint(fields=["report", "other_case"], name="report_link_once_per_case"),
        ]


class ThrottleHit(models.Model):
    """One try counted by the throttle: a keyed hash of the address or report number, never the address
    itself, deleted once the window has passed (intake.throttle)."""

    bucket = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["bucket", "at"], name="intake_throttle_bucket_at")]
