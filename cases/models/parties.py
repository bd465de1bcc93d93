from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from cases.models.case import Case


class Conduct(models.TextChoices):
    CREATION = "creation", _("Creating intimate images")
    POSSESSION = "possession", _("Possessing intimate images")
    DISTRIBUTION = "distribution", _("Distributing intimate images")
    THREAT_TO_DISTRIBUTE = "threat_to_distribute", _("Threatening to distribute intimate images")
    VOYEURISM = "voyeurism", _("Voyeurism or unlawful recording")


class Allegation(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations")
    conduct = models.CharField(_("conduct"), max_length=40, choices=Conduct.choices)
    synthetic = models.BooleanField(_("AI-generated or altered images"), default=False)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    RESPONDENT = "respondent", _("Respondent")
    WITNESS = "witness", _("Witness")
    AFFECTED_PERSON = "affected_person", _("Affected person (has not complained)")


class Party(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    added_at = models.DateTimeField(_("added"))
    # The gap between "identified" and "informed/supported" must be visible (domain.md).
    informed_at = models.DateTimeField(_("informed"), null=True, blank=True)
    support_offered_at = models.DateTimeField(_("support offered"), null=True, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="party_unique_role")]
        indexes = [models.Index(fields=["person", "role"], name="party_person_role")]
