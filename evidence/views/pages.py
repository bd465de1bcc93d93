"""The evidence page of a case: the inventory by person, uploading, sorting by person."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from casemgr.clock import now
from cases.access import CHANGE, VIEW, access_case, user_may
from cases.models import Case, Party
from cases.pages import outcome_marker
from cases.views.common import acting_user, add_action_errors
from evidence.actions import do_set_depicted
from evidence.forms import DepictsForm, UploadForm
from evidence.models import EvidenceSource
from evidence.selectors import access_evidence, evidence_inventory, possible_links_for
from evidence.upload import DEPICTABLE_ROLES, do_upload_evidence
from evidence.uploads import BoundedMemoryUploadHandler


def inventory_url(case: Case) -> str:
    return reverse("evidence:inventory", kwargs={"case_id": case.public_id})


def render_inventory(request: HttpRequest, *, case: Case, form: UploadForm | None, status: int = 200) -> HttpResponse:
    user = acting_user(request)
    context = {
        "case": case,
        "marker": outcome_marker(case),
        "inventory": evidence_inventory(case),
        "may_change": user_may(user, case, CHANGE),
        "links": possible_links_for(user, case),
        "depictable": Party.objects.filter(case=case, role__in=DEPICTABLE_ROLES).select_related("person"),
        "form": form,
        "max_mb": round(settings.CASEMGR_EVIDENCE_MAX_BYTES / (1024 * 1024)),
    }
    return render(request, "evidence/inventory.html", context, status=status)


@login_required
@never_cache
@require_GET
def inventory(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = access_case(acting_user(request), case_id, permission=VIEW)
    form = UploadForm(case=case) if user_may(acting_user(request), case, CHANGE) else None
    return render_inventory(request, case=case, form=form)


@csrf_exempt  # only so the upload handler can be set before the body is read; CSRF is checked below
@login_required
@never_cache
@require_POST
def upload(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = access_case(acting_user(request), case_id, permission=CHANGE)  # before reading any of the body
    handler = BoundedMemoryUploadHandler(settings.CASEMGR_EVIDENCE_MAX_BYTES)
    request.upload_handlers = [handler]
    return _upload(request, case=case, handler=handler)


@csrf_protect
def _upload(request: HttpRequest, *, case: Case, handler: BoundedMemoryUploadHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, case=case)
    if handler.too_large:
        form.refuse_file(
            _("The file is larger than the limit of %(mb)s MB.")
            % {"mb": round(settings.CASEMGR_EVIDENCE_MAX_BYTES / (1024 * 1024), 1)}
        )
    elif form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            do_upload_evidence(
                case,
                content=uploaded.read(),
                filename=uploaded.name or "",
                description=form.cleaned_data["description"],
                depicts=form.cleaned_data["depicts"],
                source=EvidenceSource.OFFICER,
                acting_user=acting_user(request),
                at=now(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The evidence was added, encrypted, to the case."))
            return redirect(inventory_url(case))
    return render_inventory(request, case=case, form=form, status=400)


@login_required
@never_cache
@require_POST
def set_depicted(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)
    evidence = access_evidence(case, evidence_id)
    form = DepictsForm(request.POST, case=case)
    if form.is_valid():
        do_set_depicted(evidence, depicts=form.cleaned_data["depicts"], acting_user=user, at=now())
        messages.success(request, _("The evidence was sorted."))
    else:
        messages.error(request, _("Choose a complainant or affected person on this case."))
    return redirect(inventory_url(case))
