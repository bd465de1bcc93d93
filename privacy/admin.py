"""The retention schedule in the Django admin: versions, each with a rule per record type. The version in
force on a day is the latest whose `effective_from` is on or before it (privacy.retention); a purge
records the version and numbers it applied. Every change writes an audit row (numbers only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from audit.actions import action_scope, record_action
from casemgr import clock
from privacy.models import PurgeRecord, RetentionRule, RetentionSchedule


class RetentionRuleInline(admin.TabularInline[RetentionRule, RetentionSchedule]):
    model = RetentionRule
    extra = 0


def _audit(request: HttpRequest, schedule: RetentionSchedule) -> None:
    record_action(
        "privacy.schedule_change",
        actor=request.user if isinstance(request.user, User) else None,
        at=clock.now(),
        target=f"retention_schedule:{schedule.pk}",
        detail={
            "effective_from": schedule.effective_from.isoformat(),
            "request_days": schedule.request_days,
            "rules": {r.record_type: [r.months, r.counted_from] for r in schedule.rules.all()},
        },
    )


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(admin.ModelAdmin[RetentionSchedule]):
    list_display = ("name", "effective_from", "request_days")
    inlines = [RetentionRuleInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with action_scope():
            super().save_related(request, form, formsets, change)
            _audit(request, form.instance)


@admin.register(PurgeRecord)
class PurgeRecordAdmin(admin.ModelAdmin[PurgeRecord]):
    list_display = ("at", "record_type", "reference", "count", "schedule", "months", "counted_from")
    list_filter = ("record_type",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PurgeRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PurgeRecord | None = None) -> bool:
        return False
