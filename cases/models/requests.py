from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from cases.models.case import Case
from cases.models.parties import Party


class ComplainantRequest(ChoiceLabels, models.Model):
    """Something a complainant asked for; each gets its own decision."""

    class Kind(models.TextChoices):
        COMMITTEE_HEARING = "committee_hearing", _("A disciplinary committee hearing")
        DISCIPLINARY_ACTION = "disciplinary_action", _("Disciplinary action")
        CLASS_ADJUSTMENT = "class_adjustment", _("Class adjustments")
        TUTOR_NOTIFICATION = "tutor_notification", _("Telling tutors")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    party = models.ForeignKey(Party, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("request"), max_length=40, choices=Kind.choices)
    details = models.TextField(_("details"), blank=True)
    requested_at = models.DateTimeField(_("asked on"))

    class Meta:
        ordering = ["requested_at", "id"]


class RequestDecision(ChoiceLabels, models.Model):
    class Grants(models.TextChoices):
        GRANTED = "granted", _("Grants what was asked")
        PARTLY = "partly", _("Grants part of what was asked")
        REFUSED = "refused", _("Does not grant what was asked")

    request = models.ForeignKey(ComplainantRequest, on_delete=models.CASCADE, related_name="decisions")
    decided_at = models.DateTimeField(_("decided"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT)
    grants = models.CharField(_("answer"), max_length=20, choices=Grants.choices)
    reasons = models.TextField(_("reasons"))

    class Meta:
        ordering = ["decided_at", "id"]


# For the API schema's name of this choice set (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
RequestKind = ComplainantRequest.Kind
