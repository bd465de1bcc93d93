"""What each stage means for the parties, in plain words."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casemgr.vocabulary import Stage

# The stage's name as a party reads it (its own context: "Received" elsewhere is a date's label).
STAGE_NAME: dict[str, Promise] = {
    Stage.RECEIVED: pgettext_lazy("stage for a party", "Received"),
    Stage.PRELIMINARY_ASSESSMENT: pgettext_lazy("stage for a party", "First assessment"),
    Stage.INVESTIGATION: pgettext_lazy("stage for a party", "Investigation"),
    Stage.INFORMAL_RESOLUTION: pgettext_lazy("stage for a party", "Informal resolution"),
    Stage.REFERRED_TO_COMMITTEE: pgettext_lazy("stage for a party", "Sent to the disciplinary committee"),
    Stage.HEARING: pgettext_lazy("stage for a party", "Hearing"),
    Stage.DECIDED: pgettext_lazy("stage for a party", "Decided"),
    Stage.APPEAL: pgettext_lazy("stage for a party", "Appeal"),
    Stage.CLOSED: pgettext_lazy("stage for a party", "Closed"),
    Stage.WITHDRAWN: pgettext_lazy("stage for a party", "Withdrawn"),
}

STAGE_MEANING: dict[str, Promise] = {
    Stage.RECEIVED: _("The office has your complaint and will decide how to look into it."),
    Stage.PRELIMINARY_ASSESSMENT: _("An officer is checking what the complaint is about and what should happen next."),
    Stage.INVESTIGATION: _("An officer is finding out what happened: gathering evidence and talking to people."),
    Stage.INFORMAL_RESOLUTION: _("The office is trying to settle the matter without a formal hearing."),
    Stage.REFERRED_TO_COMMITTEE: _("The case has been sent to the disciplinary committee, which will hold a hearing."),
    Stage.HEARING: _("The disciplinary committee is hearing the case."),
    Stage.DECIDED: _("A decision has been made. It can be appealed within the time shown."),
    Stage.APPEAL: _("An appeal against the decision is being considered."),
    Stage.CLOSED: _("The case is closed. Nothing more will happen unless it is reopened."),
    Stage.WITHDRAWN: _("The complaint was withdrawn."),
}

RESPONDENT_RIGHTS = [
    _("You may see the allegations against you and answer them in writing before any hearing."),
    _("You may bring a support person to any meeting or hearing."),
    _("You may see the material the decision will rely on, with other people's personal data removed."),
    _("You may appeal the outcome within the time shown on this page."),
    _("You must not contact the complainants about the case, directly or through others."),
]
