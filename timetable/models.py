"""The timetable as the student-records system sends it (interchange contract, timetable CSVs).

Rows are written only by `import_timetable` (timetable.importer); everything else reads them through
timetable.queries. Students are identified by their student id string, not a user foreign key: the
timetable is often loaded before the people in it have accounts.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 40
LOCATION_MAX_LENGTH = 200


class TeachingGroup(models.Model):
    """One lecture or tutorial group of a course, e.g. LLAW3102 / T03."""

    course_code = models.CharField(_("course code"), max_length=CODE_MAX_LENGTH)
    group = models.CharField(_("group"), max_length=CODE_MAX_LENGTH)

    class Meta:
        verbose_name = _("teaching group")
        verbose_name_plural = _("teaching groups")
        ordering = ["course_code", "group"]
        constraints = [models.UniqueConstraint(fields=["course_code", "group"], name="teaching_group_natural_key")]

    def __str__(self) -> str:
        return f"{self.course_code} {self.group}"


class Session(models.Model):
    """One timetabled meeting of a group. Natural key: (group, starts_at)."""

    # No separate index on group alone: the unique (group, starts_at) index below serves lookups by group.
    group = models.ForeignKey(
        TeachingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions", db_index=False
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=LOCATION_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("timetabled session")
        verbose_name_plural = _("timetabled sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            # Also the index for "sessions of these groups in this window" (timetable.queries).
            models.UniqueConstraint(fields=["group", "starts_at"], name="session_natural_key"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} @ {self.starts_at.isoformat()}"


class Enrollment(models.Model):
    """A student's membership of a group. Natural key: (student_id, group)."""

    student_id = models.CharField(_("student id"), max_length=CODE_MAX_LENGTH)
    group = models.ForeignKey(
        TeachingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="enrollments"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["student_id", "group_id"]
        constraints = [
            # Also the index for "the groups this student is in" (timetable.queries).
            models.UniqueConstraint(fields=["student_id", "group"], name="enrollment_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.group_id}"
