from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from cases.models.case import Case


class SanctionType(ChoiceLabels, models.Model):
    """The sanction catalogue: data, seeded with the statute's sanctions and the informal outcomes."""

    class Parameter(models.TextChoices):
        NONE = "none", _("No parameter")
        AMOUNT = "amount", _("An amount")
        MONTHS = "months", _("A period in months")
        COURSES = "courses", _("Courses or examinations")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100)
    statutory = models.BooleanField(
        _("statutory sanction"),
        help_text=_("One of the sanctions the disciplinary committee may impose under the statute."),
    )
    parameter = models.CharField(_("parameter"), max_length=20, choices=Parameter.choices, default=Parameter.NONE)
    active = models.BooleanField(_("may be chosen"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-statutory", "position", "code"]
        verbose_name = _("sanction type")
        verbose_name_plural = _("sanction types")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh_hant if (get_language() or "").lower().startswith("zh") else self.name_en


class Outcome(ChoiceLabels, models.Model):
    class Finding(models.TextChoices):
        UPHELD = "upheld", _("Upheld: the conduct was found")
        PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld: the conduct was not found")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    decided_at = models.DateTimeField(_("decided"))
    # The officer who recorded the outcome; `decision_maker` is who took the decision (a committee, a panel).
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT)
    decision_maker = models.CharField(_("who decided"), max_length=200, blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]

    @property
    def includes_statutory_sanction(self) -> bool:
        return any(s.type.statutory for s in self.sanctions.all())


class Sanction(models.Model):
    """A sanction or condition of an outcome. A condition with `due_at` is tracked until complied with."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="sanctions")
    type = models.ForeignKey(SanctionType, verbose_name=_("sanction"), on_delete=models.PROTECT)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    courses = models.CharField(_("courses"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    complied_at = models.DateTimeField(_("complied"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="sanction_due_open",
                condition=Q(due_at__isnull=False, complied_at__isnull=True),
            )
        ]


class Appeal(ChoiceLabels, models.Model):
    class Result(models.TextChoices):
        UPHELD = "upheld", _("Outcome upheld")
        VARIED = "varied", _("Outcome varied")
        QUASHED = "quashed", _("Outcome quashed")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="appeals")
    lodged_at = models.DateTimeField(_("lodged"))
    lodged_by = models.ForeignKey("cases.Party", verbose_name=_("lodged by"), on_delete=models.PROTECT)
    grounds = models.TextField(_("grounds"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["lodged_at", "id"]
