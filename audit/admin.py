"""The audit trail in the Django admin: to read and search, never to add, change or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["seq", "at", "actor_username", "action", "outcome", "case_id", "source"]
    list_filter = ["outcome", "action"]
    search_fields = ["=actor_username", "=action", "=case_id"]
    ordering = ["-seq"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
