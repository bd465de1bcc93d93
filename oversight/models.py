from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.kinds import kind_label


class Flag(models.Model):
    """A step that is overdue. Raised and escalated by the sweep; closed when the step is done (by the
    action that did it, oversight.settle, or by the next sweep).

    `kind` is a registered flag kind (oversight.kinds); `step_key` names the step ("measure:17", "case:4",
    "sanction:9"); the partial unique constraint makes a second open flag for the same step and kind
    impossible, even with two sweeps at once. `case` is the case the step belongs to, if it belongs to one.
    """

    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    # No choices: the kinds are registered by the apps that own the steps (oversight.kinds.kind_label).
    kind = models.CharField(_("kind"), max_length=40)
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

    def get_kind_display(self) -> str:
        return kind_label(self.kind)


class SweepRun(models.Model):
    """The latest sweep: the `now` it ran as of and what it did (one row, updated by every sweep).

    The flag pages say "as of" its time; `manage.py sweep --now` refuses a time before it, because a
    backdated sweep would close flags that are still overdue and the next real one would raise them anew.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    now = models.DateTimeField(_("as of"))
    finished_at = models.DateTimeField(_("finished"))
    raised = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sweep")
        constraints = [models.CheckConstraint(condition=Q(singleton=1), name="one_sweep_run_row")]

    def __str__(self) -> str:
        return f"sweep as of {self.now:%Y-%m-%d %H:%M}"
