from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A conduct office team: its supervisors see every case of the team."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Anyone who can sign in: staff (by role group) and the people on cases (students, staff, others).

    For people imported from the cases file, `username` is their institutional id.
    """

    display_name = models.CharField(_("name"), max_length=200, blank=True)
    person_kind = models.CharField(
        _("kind of person"),
        max_length=40,
        blank=True,
        help_text=_("For people on cases, e.g. student or staff; blank for case staff."),
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("en", "English"), ("zh-hant", "繁體中文")],
        default="en",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username
