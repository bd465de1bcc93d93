"""The Django admin holds configuration only: here the sanction catalogue. Cases are changed through the
officer pages and the API, whose actions write the timeline; the admin registers no case records."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cases.models import SanctionType


@admin.register(SanctionType)
class SanctionTypeAdmin(admin.ModelAdmin[SanctionType]):
    list_display = ("code", "name_en", "name_zh_hant", "statutory", "parameter", "active", "position")
    list_filter = ("statutory", "active")
    ordering = ("-statutory", "position", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: SanctionType | None = None) -> tuple[str, ...]:
        # The code is the interchange name and sanctions already recorded refer to it.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: SanctionType | None = None) -> bool:
        # Recorded outcomes keep their sanction types; retire one by clearing `active` instead.
        return False
