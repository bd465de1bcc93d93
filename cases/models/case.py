from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from casemgr.choices import ChoiceLabels
from casemgr.vocabulary import FINAL_STAGES, Stage


def open_case(prefix: str = "") -> Q:
    """The condition that a case is open, on a case at lookup `prefix` ("" on the case, "case__" on a row of one)."""
    # A fixed order: a list built from the frozenset would change between processes and churn migrations.
    return ~Q(**{f"{prefix}stage__in": [Stage.WITHDRAWN.value, Stage.CLOSED.value]})


OPEN_CASE = open_case()


class Case(ChoiceLabels, models.Model):
    """One complaint. Its stage is changed only by `cases.workflow.do_change_stage`.

    `stage_due_at` and `dormant_due_at` are the stored deadlines of the current stage and of the next
    activity; they are recomputed by every action that changes them (cases.deadlines).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("received"))
    summary = models.TextField(_("summary"), blank=True)
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT)
    policy = models.ForeignKey("deadlines.DeadlinePolicy", verbose_name=_("deadline policy"), on_delete=models.PROTECT)
    stage = models.CharField(_("stage"), max_length=40, choices=Stage.choices, default=Stage.RECEIVED)
    stage_entered_at = models.DateTimeField(_("stage entered"))
    last_activity_at = models.DateTimeField(_("last activity"))
    stage_due_at = models.DateTimeField(_("stage due"), null=True, blank=True)
    dormant_due_at = models.DateTimeField(_("next activity due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        permissions = [
            ("view_hearing_bundle", "Can see the hearing bundle of the case"),
            ("supervise_case", "Can reassign the case and link cases"),
        ]
        indexes = [
            models.Index(fields=["stage", "-received_at"], name="case_stage_received"),
            # The sweep reads only open cases whose deadline has passed (see oversight.sweep).
            models.Index(
                fields=["stage_due_at"], name="case_stage_due_open", condition=Q(stage_due_at__isnull=False) & OPEN_CASE
            ),
            models.Index(
                fields=["dormant_due_at"],
                name="case_dormant_due_open",
                condition=Q(dormant_due_at__isnull=False) & OPEN_CASE,
            ),
            # The open cases' ids: an officer's open cases are this index merged with hers in the assignment
            # index, both read alone (2 ms, not 20 ms over 100,000 cases; docs/benchmarks.md, "Scale").
            models.Index(fields=["id"], name="case_open", condition=OPEN_CASE),
            # The case list's order after the flagged cases (cases.pages.UrgencyOrder): a page is read
            # from it in order, not sorted out of a team's 100,000 cases. (Ascending puts the nulls last
            # in PostgreSQL, as the list wants; SQLite takes no NULLS LAST in an index.)
            models.Index(fields=["stage_due_at", "-id"], name="case_due_order"),
            # The API's list and the case list by receipt, newest first, read in order.
            models.Index(fields=["-received_at", "-id"], name="case_received_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage not in FINAL_STAGES


class CaseAssignment(ChoiceLabels, models.Model):
    """Who works on a case, in which capacity. Mirrors the guardian grants; used for list queries."""

    class Capacity(models.TextChoices):
        OFFICER = "officer", _("Assigned officer")
        PANEL = "panel", _("Panel member")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments")
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    assigned_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "capacity"], name="assignment_unique"),
        ]
        # With the case column the lists read a person's cases from the index alone (at 100,000 cases an
        # officer holds thousands; docs/benchmarks.md, "Scale").
        indexes = [models.Index(fields=["user", "capacity", "case"], name="assignment_user_capacity_case")]


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key permission rows: no generic object_pk casts in permission queries."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
