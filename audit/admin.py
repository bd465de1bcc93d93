"""The audit trail in the Django admin: to read and search, never to add, change or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["seq", "at", "who", "action", "outcome", "case_id", "source"]
    list_filter = ["outcome", "action"]
    list_select_related = ["actor"]
    search_fields = ["=actor__username", "=action", "=case_id"]
    ordering = ["-id"]
    show_full_result_count = False

    @admin.display(description=_("who"), ordering="actor__username")
    def who(self, entry: AuditEntry) -> str:
        # The trail keeps the account's id; the name shown is the account's now.
        return entry.actor.get_username() if entry.actor is not None else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
