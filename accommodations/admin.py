"""Interim measures in the Django admin: read only. Every change goes through accommodations.actions,
which write the timeline and recompute the deadlines; the admin cannot."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from accommodations.models import DeadlineAdjustment, Measure


class DeadlineAdjustmentInline(admin.TabularInline[DeadlineAdjustment, Measure]):
    model = DeadlineAdjustment
    extra = 0
    fields = ("step", "kind", "review_at", "extended_due_at", "created_by", "created_at", "ended_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Measure | None = None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    # No names, details or reasons in the list: the list is what people glance at.
    list_display = ("case", "code", "type", "status", "requested_at", "decision_due_at", "implementation_due_at")
    list_filter = ("type", "decision")
    list_select_related = ("case",)
    inlines = [DeadlineAdjustmentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Measure | None = None) -> list[str]:
        return [field.name for field in Measure._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Measure | None = None) -> bool:
        return False
