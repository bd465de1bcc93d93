from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from cases.models.case import Case


class ExternalProceeding(ChoiceLabels, models.Model):
    """A parallel proceeding outside the university (police, privacy commissioner, EOC)."""

    class Body(models.TextChoices):
        POLICE = "police", _("Police")
        PRIVACY_COMMISSIONER = "privacy_commissioner", _("Privacy Commissioner for Personal Data")
        EQUAL_OPPORTUNITIES = "equal_opportunities", _("Equal Opportunities Commission")
        OTHER = "other", _("Other body")

    class Status(models.TextChoices):
        CONSIDERING = "considering", _("Being considered")
        REPORTED = "reported", _("Reported")
        UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
        CONCLUDED = "concluded", _("Concluded")
        DROPPED = "dropped", _("Not pursued")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    body = models.CharField(_("body"), max_length=40, choices=Body.choices)
    complainant_consent = models.BooleanField(_("complainant consents"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    reference_number = models.CharField(_("their reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.CONSIDERING)
    status_changed_at = models.DateTimeField(_("status changed"))

    class Meta:
        ordering = ["id"]


class CasePause(models.Model):
    """An investigation paused (e.g. at police request), with the reason and a date to review it.

    While a pause is open the stage deadline becomes the review date: a pause cannot silently last forever.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    reason = models.TextField(_("reason"))
    paused_at = models.DateTimeField(_("paused"))
    review_at = models.DateTimeField(_("review by"))
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resumed_at = models.DateTimeField(_("resumed"), null=True, blank=True)

    class Meta:
        ordering = ["-paused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(resumed_at__isnull=True), name="one_open_pause_per_case"
            )
        ]
