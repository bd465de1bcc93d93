"""Linking two cases that a possible link put before a supervisor."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from cases.access import SUPERVISE, CaseNotFound, user_may
from cases.changes import record_case_change
from evidence.models import CaseLink, PossibleLink


@audited
def do_link_cases(possible_link: PossibleLink, *, acting_user: User, at: dt.datetime) -> CaseLink:
    """Link the two cases of `possible_link`.

    Raises CaseNotFound (the same 404 as a missing case) unless `acting_user` may supervise BOTH cases:
    a supervisor of one case must not learn anything of the other. Raises ValidationError when the
    possible link was already resolved.
    """
    link = (
        PossibleLink.objects.select_for_update(of=("self",))
        .select_related("first_case__team", "second_case__team")
        .get(pk=possible_link.pk)
    )
    cases = (link.first_case, link.second_case)
    if not all(user_may(acting_user, case, SUPERVISE) for case in cases):
        raise CaseNotFound
    if link.resolved_at is not None:
        raise ValidationError(_("These cases have already been reviewed."))
    case_link = CaseLink.objects.create(
        first_case=link.first_case,
        second_case=link.second_case,
        possible_link=link,
        linked_at=at,
        linked_by=acting_user,
    )
    link.resolution = PossibleLink.Resolution.LINKED
    link.resolved_at = at
    link.resolved_by = acting_user
    link.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    for case in cases:
        record_case_change(
            case,
            action="cases.link",
            acting_user=acting_user,
            at=at,
            text=_("Linked to another case by a supervisor."),
            detail={"action": "link_cases", "case_link": case_link.pk},
        )
    return case_link
