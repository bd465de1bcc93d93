from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deadlines.vocabulary import MeasureDecision, MeasureType


class Measure(models.Model):
    """An interim measure asked for on a case: requested -> approved/declined -> implemented -> lifted.

    `decision_due_at` and `implementation_due_at` are stored deadlines, recomputed by every action on
    the measure (accommodations.services); null once the step is done or no longer applies.
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
    implementation_note = models.TextField(_("how it was implemented"), blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = models.TextField(_("why it was lifted"), blank=True)
    # For tutor notifications: what the tutor is told, which says only what they must do.
    tutor_name = models.CharField(_("tutor"), max_length=200, blank=True)
    tutor_email = models.EmailField(_("tutor email"), blank=True)
    tutor_instruction = models.TextField(_("instruction to the tutor"), blank=True)
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    implementation_due_at = models.DateTimeField(_("implementation due"), null=True, blank=True)

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
    def status(self) -> str:
        if self.lifted_at:
            return "lifted"
        if self.implemented_at:
            return "implemented"
        if self.decision:
            return str(self.decision)
        return "requested"
