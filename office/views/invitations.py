"""Inviting a complainant or the respondent to sign in, from the case page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.invitations import CannotInvite, do_invite_party
from casemgr.clock import now
from cases.access import CHANGE, access_case
from cases.models import Party, PartyRole
from cases.views.common import acting_user

INVITABLE_ROLES = (PartyRole.COMPLAINANT, PartyRole.RESPONDENT)


@login_required
@require_POST
def invite_party(request: HttpRequest, public_id: uuid.UUID, party_id: int) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    party = Party.objects.filter(case=case, pk=party_id, role__in=INVITABLE_ROLES).select_related("person").first()
    if party is None:
        raise Http404
    try:
        do_invite_party(case_party_user=party.person, invited_by=user, now=now(), case_id=case.pk)
    except CannotInvite:
        messages.error(request, _("No invitation was sent: this person has no e-mail address or no open account."))
    else:
        messages.success(
            request,
            _("Invitation sent by e-mail. Its link works once, for %(hours)s hours.")
            % {"hours": settings.CASEMGR_INVITATION_HOURS},
        )
    return redirect("office:case_detail", public_id=case.public_id)
