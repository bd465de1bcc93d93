from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from casemgr.vocabulary import SEPARATION_MEASURES, MeasureDecision, MeasureType


class Measure(ChoiceLabels, models.Model):
    """An interim measure asked for on a case: requested -> approved/declined -> implemented -> lifted.

    `decision_due_at` and `implementation_due_at` are stored deadlines, recomputed by every action on
    the measure (accommodations.actions, accommodations.deadlines); null once the step is done or no
    longer applies. When a step is done, the due time it had is kept in `*_due_at_completion`, so a
    later policy change cannot rewrite whether it was done on time.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("measure id"), max_length=40, help_text=_("Unique within the case, e.g. M1."))
    type = models.CharField(_("type"), max_length=40, choices=MeasureType.choices)
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded on their behalf by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    against = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    details = models.TextField(_("details"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=MeasureDecision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    implemented_at = models.DateTimeField(_("implemented"), null=True, blank=True)
    implemented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("implementation recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    implementation_note = models.TextField(_("how it was implemented"), blank=True)
    # For a measure that goes on after the case ends (a no-contact directive): when it stops applying.
    ends_at = models.DateTimeField(_("in force until"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("what the last review found"), blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)
    # For tutor notifications: what the tutor is told, which says only what they must do.
    tutor_name = models.CharField(_("tutor"), max_length=200, blank=True)
    tutor_email = models.EmailField(_("tutor email"), blank=True)
    tutor_instruction = models.TextField(_("instruction to the tutor"), blank=True)
    # Set when the instruction is ready; it may be prepared again until it is queued for sending. The
    # notifications outbox sends it (accommodations.tutors), and its sending completes the implementation.
    tutor_instruction_prepared_at = models.DateTimeField(_("instruction prepared"), null=True, blank=True)
    tutor_instruction_queued_at = models.DateTimeField(_("instruction sent for e-mailing"), null=True, blank=True)
    tutor_instruction_queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instruction sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    implementation_due_at = models.DateTimeField(_("implementation due"), null=True, blank=True)
    decision_due_at_completion = models.DateTimeField(_("decision was due"), null=True, blank=True)
    implementation_due_at_completion = models.DateTimeField(_("implementation was due"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="measure_code_unique_per_case")]
        indexes = [
            # Partial indexes on open steps: the sweep reads only what is due.
            models.Index(
                fields=["decision_due_at"], name="measure_decision_due_open", condition=Q(decision_due_at__isnull=False)
            ),
            models.Index(
                fields=["implementation_due_at"],
                name="measure_impl_due_open",
                condition=Q(implementation_due_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_separation(self) -> bool:
        return self.type in SEPARATION_MEASURES

    @property
    def status(self) -> str:
        if self.lifted_at:
            return "lifted"
        if self.implemented_at:
            return "implemented"
        if self.decision:
            return str(self.decision)
        return "requested"


class MeasureStep(models.TextChoices):
    DECISION = "decision", _("Decision")
    IMPLEMENTATION = "implementation", _("Implementation")


class DeadlineAdjustment(ChoiceLabels, models.Model):
    """A measure step's deadline paused or extended, always with a reason and a date to review it.

    While open (no `ended_at`), the step's stored due time is the review date (pause) or the new due
    time (extension): a pause cannot silently last forever. At most one is open per step.
    """

    class Kind(models.TextChoices):
        PAUSE = "pause", _("Paused")
        EXTENSION = "extension", _("Extended")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="adjustments")
    step = models.CharField(_("step"), max_length=20, choices=MeasureStep.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    review_at = models.DateTimeField(_("review by"))
    extended_due_at = models.DateTimeField(_("new due time"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("when"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "step"], condition=Q(ended_at__isnull=True), name="one_open_adjustment_per_step"
            ),
            models.CheckConstraint(
                condition=Q(kind="pause", extended_due_at__isnull=True)
                | Q(kind="extension", extended_due_at__isnull=False),
                name="adjustment_extension_has_new_due",
            ),
        ]
        verbose_name = _("deadline adjustment")
        verbose_name_plural = _("deadline adjustments")

    def __str__(self) -> str:
        return f"{self.measure} {self.step} {self.kind}"

    @property
    def adjusted_due_at(self) -> dt.datetime:
        """The step's due time while this adjustment is open."""
        if self.kind == self.Kind.EXTENSION and self.extended_due_at is not None:
            return self.extended_due_at
        return self.review_at


# For the API schema's name of this choice set (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
AdjustmentKind = DeadlineAdjustment.Kind
