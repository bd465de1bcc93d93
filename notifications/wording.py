"""What a notification says, in plain words: the overdue step, never a name, allegation or description."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casemgr.vocabulary import FlagKind
from cases.models import Case
from notifications.models import Notification, NotificationKind

STEP_TITLE: dict[str, Promise] = {
    FlagKind.MEASURE_DECISION_OVERDUE: _("decision on a measure overdue"),
    FlagKind.MEASURE_IMPLEMENTATION_OVERDUE: _("measure not put in place in time"),
    FlagKind.STAGE_OVERDUE: _("stage overdue"),
    FlagKind.CASE_DORMANT: _("case dormant"),
    FlagKind.SANCTION_COMPLIANCE_OVERDUE: _("sanction or condition not complied with"),
}

STEP_SENTENCE: dict[str, Promise] = {
    FlagKind.MEASURE_DECISION_OVERDUE: _("A decision on a requested measure is overdue."),
    FlagKind.MEASURE_IMPLEMENTATION_OVERDUE: _("A measure has not been put in place by its due date."),
    FlagKind.STAGE_OVERDUE: _("The case has stayed in its current stage past the deadline."),
    FlagKind.CASE_DORMANT: _("There has been no activity on the case for too long."),
    FlagKind.SANCTION_COMPLIANCE_OVERDUE: _("A sanction or condition has not been complied with by its due date."),
}

LEVEL_SENTENCE: dict[int, Promise] = {
    1: _("You are told because you are assigned to the case."),
    2: _("It has been escalated to the team's supervisors."),
    3: _("It has been escalated to governance review."),
}

REQUEST_OVERDUE_SENTENCE: dict[str, Promise] = {
    FlagKind.MEASURE_DECISION_OVERDUE: _("The decision on a measure you asked for is overdue."),
    FlagKind.MEASURE_IMPLEMENTATION_OVERDUE: _("A measure you asked for has not been put in place by its due date."),
}

REQUEST_DONE_SENTENCE: dict[str, Promise] = {
    FlagKind.MEASURE_DECISION_OVERDUE: _("A decision has now been made on a measure you asked for."),
    FlagKind.MEASURE_IMPLEMENTATION_OVERDUE: _("A measure you asked for has now been put in place."),
}


def case_link(case: Case) -> str:
    return f"{settings.CASEMGR_SITE_URL}/cases/{case.public_id}/"


def headline(notification: Notification) -> str:
    """One line naming the case and the step, in the active language (the email subject, the list entry)."""
    reference = notification.case.reference
    if notification.kind == NotificationKind.STEP_OVERDUE:
        return str(
            _("%(reference)s: %(step)s (level %(level)s)")
            % {"reference": reference, "step": STEP_TITLE[notification.step_kind], "level": notification.level}
        )
    if notification.kind == NotificationKind.REQUEST_OVERDUE:
        return str(_("Your case %(reference)s: a request is overdue") % {"reference": reference})
    if notification.kind == NotificationKind.POSSIBLE_LINK:
        return str(_("%(reference)s: a possible link to another case") % {"reference": reference})
    return str(_("Your case %(reference)s: your request was acted on") % {"reference": reference})


def sentences(notification: Notification) -> list[str]:
    """The body text, sentence by sentence, in the active language."""
    if notification.kind == NotificationKind.STEP_OVERDUE:
        return [str(STEP_SENTENCE[notification.step_kind]), str(LEVEL_SENTENCE.get(notification.level, ""))]
    if notification.kind == NotificationKind.POSSIBLE_LINK:
        # Nothing of the other case: not its reference, summary or evidence.
        return [
            str(
                _("A possible link between %(reference)s and another case needs a supervisor's review.")
                % {"reference": notification.case.reference}
            )
        ]
    if notification.kind == NotificationKind.REQUEST_OVERDUE:
        return [
            str(REQUEST_OVERDUE_SENTENCE[notification.step_kind]),
            str(_("The staff responsible have been told.")),
        ]
    return [str(REQUEST_DONE_SENTENCE[notification.step_kind])]
