from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casemgr.vocabulary import FlagKind


class Flag(models.Model):
    """A step that is overdue. Raised and escalated by the sweep; closed when the step is done.

    `step_key` names the step ("measure:17", "case:4", "sanction:9"); the partial unique constraint
    makes a second open flag for the same step and kind impossible, even with two sweeps at once.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=40, choices=FlagKind.choices)
    step_key = models.CharField(max_length=80)
    measure = models.ForeignKey(
        "accommodations.Measure", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    sanction = models.ForeignKey(
        "cases.Sanction", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    due_at = models.DateTimeField(_("due"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    overdue_working_days = models.PositiveIntegerField(_("working days overdue"), default=0)
    detail = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-level", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "step_key"], condition=Q(closed_at__isnull=True), name="one_open_flag_per_step"
            )
        ]
        indexes = [
            models.Index(fields=["case"], name="flag_case_open", condition=Q(closed_at__isnull=True)),
            models.Index(fields=["-level", "due_at"], name="flag_level_open", condition=Q(closed_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.step_key}"
