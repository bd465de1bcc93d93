from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels


class Team(models.Model):
    """A conduct office team: its supervisors see every case of the team."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(ChoiceLabels, AbstractUser):
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


class AccountLink(ChoiceLabels, models.Model):
    """A one-time link, sent by e-mail, to set a password: an invitation or a password reset.

    Only a hash of the token is kept. Until the e-mail is sent, `seed` holds the random value the token is
    derived from with the SECRET_KEY (accounts.links), so the outbox can write the link without the
    token being stored; the seed is blanked once the message is sent.
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        PASSWORD_RESET = "password_reset", _("Password reset")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_links")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    seed = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    # Set when another link of the same person was used first: this one no longer works.
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("one-time link")
        verbose_name_plural = _("one-time links")
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="account_link_user")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.pk}"


class PasswordResetRequest(models.Model):
    """One request of the reset form, by the address it came from: for throttling (accounts.password_reset)."""

    source = models.CharField(max_length=80)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["source", "at"], name="password_reset_source")]

    def __str__(self) -> str:
        return f"{self.source} {self.at:%Y-%m-%d %H:%M}"
