"""The institution's working-day calendar and its deadline policy, kept as data so that an institution
can change every number without a code change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from casemgr.vocabulary import MeasureType, Stage


class ClosureDay(models.Model):
    """A day the institution is closed (besides weekends and Hong Kong general holidays)."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class DeadlinePolicy(models.Model):
    """One version of the deadline policy. A case keeps the version in force when it was received."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    effective_from = models.DateField(_("in force from"))
    dormancy_working_days = models.PositiveSmallIntegerField(
        _("working days without activity before a case is dormant"), default=15
    )
    # Online reports (intake): the reporter hears back within this many working days of sending it.
    acknowledgement_working_days = models.PositiveSmallIntegerField(
        _("working days to acknowledge an online report"), default=3
    )
    level_2_after_working_days = models.PositiveSmallIntegerField(
        _("overdue working days before supervisors are told"), default=5
    )
    # Each complainant request (a hearing, disciplinary action, class adjustments, telling tutors) gets its
    # own decision deadline, counted from the request (domain: "each request ... gets its own deadline").
    request_decision_working_days = models.PositiveSmallIntegerField(
        _("working days to decide on a complainant's request"), default=10
    )
    level_3_after_working_days = models.PositiveSmallIntegerField(
        _("overdue working days before governance is told"), default=15
    )
    # A complainant told that a step she waits for is late must get a written reason and a new date.
    delay_explanation_working_days = models.PositiveSmallIntegerField(
        _("working days to explain a delay to the complainant"), default=2
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a party's request for a review"), default=10
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("working days after the outcome to lodge an appeal"), default=10
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return self.name


class MeasureDeadlineRule(ChoiceLabels, models.Model):
    policy = models.ForeignKey(DeadlinePolicy, on_delete=models.CASCADE, related_name="measure_rules")
    measure_type = models.CharField(_("measure type"), max_length=40, choices=MeasureType.choices)
    decision_working_days = models.PositiveSmallIntegerField(_("working days to decide"))
    implementation_working_days = models.PositiveSmallIntegerField(_("working days to implement"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "measure_type"], name="measure_rule_unique_per_policy")
        ]
        verbose_name = _("measure deadline rule")
        verbose_name_plural = _("measure deadline rules")

    def __str__(self) -> str:
        return f"{self.policy}: {self.measure_type}"


class StageDeadlineRule(ChoiceLabels, models.Model):
    class Basis(models.TextChoices):
        RECEIVED = "received", _("after the complaint was received")
        ENTERED = "entered", _("after the case entered the stage")

    policy = models.ForeignKey(DeadlinePolicy, on_delete=models.CASCADE, related_name="stage_rules")
    stage = models.CharField(_("stage"), max_length=40, choices=Stage.choices)
    basis = models.CharField(_("counted from"), max_length=20, choices=Basis.choices)
    working_days = models.PositiveSmallIntegerField(_("working days to leave the stage"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "stage"], name="stage_rule_unique_per_policy")]
        verbose_name = _("stage deadline rule")
        verbose_name_plural = _("stage deadline rules")

    def __str__(self) -> str:
        return f"{self.policy}: {self.stage}"


class PolicyChange(models.Model):
    """The audit row of a change to the policy or the calendar: who, when, what before and after, and how
    many stored due dates of open steps were recomputed because of it. Append-only."""

    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT
    )
    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("what changed"), max_length=200)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    measures_recomputed = models.PositiveIntegerField(_("measure deadlines recomputed"), default=0)
    cases_recomputed = models.PositiveIntegerField(_("case deadlines recomputed"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("deadline policy change")
        verbose_name_plural = _("deadline policy changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}"
