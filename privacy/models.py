"""Data protection as data: the retention schedule (versioned like the deadline policy), legal holds,
the record of every purge, and data access and correction requests (PDPO s18-s25, DPP2, DPP6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels


class RecordType(models.TextChoices):
    CASES = "cases", _("Cases")
    EVIDENCE = "evidence", _("Evidence files")
    SIGN_IN_RECORDS = "sign_in_records", _("Sign-in records")
    NOTIFICATIONS = "notifications", _("Notifications")
    INTAKE_REPORTS = "intake_reports", _("Intake reports that never became cases")


class CountedFrom(models.TextChoices):
    CASE_CLOSED = "case_closed", _("after the case was closed or withdrawn")
    CREATED = "created", _("after the record was made")


class RetentionSchedule(models.Model):
    """One version of the retention schedule; the version in force is the latest `effective_from` on or
    before the purge's `now`. An institution edits it in the admin, without a code change."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    effective_from = models.DateField(_("in force from"))
    # How many days a data access or correction request may take (PDPO s19(1): 40 days).
    request_days = models.PositiveSmallIntegerField(_("calendar days to answer a data access request"), default=40)

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedules")

    def __str__(self) -> str:
        return self.name


class RetentionRule(ChoiceLabels, models.Model):
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.CASCADE, related_name="rules")
    record_type = models.CharField(_("record type"), max_length=30, choices=RecordType.choices)
    months = models.PositiveIntegerField(_("months kept"))
    counted_from = models.CharField(_("counted from"), max_length=20, choices=CountedFrom.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "record_type"], name="retention_rule_once_per_schedule")
        ]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.schedule}: {self.record_type} {self.months} months"


class LegalHold(models.Model):
    """While a hold is set (not lifted), nothing of the case is purged."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(_("reason"))
    set_at = models.DateTimeField(_("set"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="one_legal_hold_per_case"
            )
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"legal hold {self.pk}"


class PurgeRecord(ChoiceLabels, models.Model):
    """What one purge removed: which case (by id and reference, which statistics keep), when, under
    which rule. Never a name or a text."""

    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    reference = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="+")
    months = models.PositiveIntegerField()
    counted_from = models.CharField(max_length=20, choices=CountedFrom.choices)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "record_type"], condition=Q(case__isnull=False), name="purge_once_per_case_and_type"
            )
        ]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self) -> str:
        return f"{self.record_type} {self.reference} {self.at:%Y-%m-%d}"


class DataRequest(ChoiceLabels, models.Model):
    """A data access request (PDPO s18) or a data correction request (s22), answered within the
    schedule's `request_days` calendar days of receipt (s19(1), s23(1))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Data access request")
        CORRECTION = "correction", _("Data correction request")

    class Decision(models.TextChoices):
        PENDING = "", _("Not yet answered")
        COMPLIED = "complied", _("Complied with")
        PARTLY = "partly", _("Partly complied with")
        REFUSED = "refused", _("Refused")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACCESS)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("whose data"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received"))
    identity_checked_at = models.DateTimeField(_("identity checked"), null=True, blank=True)
    identity_check = models.CharField(_("how the identity was checked"), max_length=200, blank=True)
    details = models.TextField(_("what is asked for"), blank=True)
    due_at = models.DateTimeField(_("due"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    # s19(2): before the 40 days end, a written notice of why the request cannot be complied with yet.
    extension_notice_at = models.DateTimeField(_("s19(2) notice given"), null=True, blank=True)
    extension_reason = models.TextField(_("reason in the notice"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING, blank=True
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    section_relied_on = models.CharField(_("section relied on"), max_length=100, blank=True)
    released_at = models.DateTimeField(_("withheld items released"), null=True, blank=True)
    released_note = models.TextField(_("what was released after review"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["due_at"], name="data_request_due_open", condition=Q(decided_at__isnull=True))]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")

    def __str__(self) -> str:
        return f"data request {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None
