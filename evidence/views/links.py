"""A supervisor of both cases links two cases a possible link put before them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casemgr.clock import now
from cases.access import SUPERVISE, access_case
from cases.views.common import acting_user
from evidence.linking import do_link_cases
from evidence.selectors import possible_link_on
from evidence.views.pages import inventory_url


@login_required
@never_cache
@require_POST
def link_cases(request: HttpRequest, case_id: uuid.UUID, link_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=SUPERVISE)
    link = possible_link_on(case, link_id)
    try:
        do_link_cases(link, acting_user=user, at=now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cases are linked."))
    return redirect(inventory_url(case))
