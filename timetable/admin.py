"""Read-only admin pages to look the imported timetable up; it changes only through `import_timetable`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from timetable.models import Enrollment, Session, TeachingGroup


class _ReadOnlyAdmin(admin.ModelAdmin[Any]):
    # Edits here would be silently undone (or contradicted) by the next import from the records system.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(TeachingGroup)
class TeachingGroupAdmin(_ReadOnlyAdmin):
    list_display = ("course_code", "group")
    search_fields = ("course_code", "group")


@admin.register(Session)
class SessionAdmin(_ReadOnlyAdmin):
    list_display = ("group", "starts_at", "ends_at", "location")
    list_select_related = ("group",)
    search_fields = ("group__course_code", "group__group", "location")
    date_hierarchy = "starts_at"


@admin.register(Enrollment)
class EnrollmentAdmin(_ReadOnlyAdmin):
    list_display = ("student_id", "group")
    list_select_related = ("group",)
    search_fields = ("student_id", "group__course_code")
    # Searching or filtering by group only: listing every enrolment would page through 300,000 rows.
    show_full_result_count = False
