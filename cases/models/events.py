from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels
from casemgr.vocabulary import Stage
from cases.models.case import Case


class EventType(models.TextChoices):
    # The interchange event types: each counts as activity on the case.
    STAGE = "stage", _("Stage changed")
    NOTE = "note", _("Note")
    MEETING = "meeting", _("Meeting")
    DECISION = "decision", _("Decision")
    MESSAGE = "message", _("Message")
    # A change recorded by a person (a party added, a measure decided...): activity, not exported as an
    # event because the record it describes is exported itself.
    CHANGE = "change", _("Change")
    # Written by the system (a flag raised or escalated): on the timeline, but not activity.
    SYSTEM = "system", _("System")


INTERCHANGE_EVENT_TYPES = frozenset(
    {EventType.STAGE, EventType.NOTE, EventType.MEETING, EventType.DECISION, EventType.MESSAGE}
)


class CaseEvent(ChoiceLabels, models.Model):
    """One entry of the case chronology. Append-only: actions add events, nothing edits them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT
    )
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    stage_to = models.CharField(_("to stage"), max_length=40, choices=Stage.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    # Machine-readable detail of CHANGE and SYSTEM events (what changed, ids); never shown raw.
    detail = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_at")]

    @property
    def counts_as_activity(self) -> bool:
        return self.type != EventType.SYSTEM
