from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("casemgr", {"fields": ("display_name", "person_kind", "team", "preferred_language")}),
    )
    list_display = ("username", "display_name", "person_kind", "team", "is_active")
    search_fields = ("username", "display_name", "email")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name",)
