"""The evidence files themselves: blurred previews, and originals only after a stated, recorded reason.

Reveal design: the POST that records the reason answers with a page whose <img> loads the original from
`original/` with a signed token that names the user and the evidence and expires in a minute
(evidence.tokens). So the original is only ever served right after its audit row was written, the page
stays small (no megabytes of base64), and nothing depends on the content policy allowing data: images.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from casemgr.clock import now
from cases.access import VIEW, CaseNotFound, access_case
from cases.models import Case
from cases.pages import outcome_marker
from cases.views.common import acting_user, add_action_errors
from evidence.actions import decrypt_evidence, do_record_download, do_record_reveal
from evidence.decoding import PictureError
from evidence.forms import ReasonForm
from evidence.models import Evidence, EvidenceKind
from evidence.previews import blurred_preview
from evidence.selectors import access_evidence
from evidence.tokens import make_reveal_token, reveal_token_valid


def _file_response(data: bytes, *, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # If a browser ever renders the bytes, they run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _image(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> tuple[Case, Evidence]:
    case = access_case(acting_user(request), case_id, permission=VIEW)
    evidence = access_evidence(case, evidence_id)
    if evidence.kind != EvidenceKind.IMAGE:
        raise CaseNotFound  # only pictures have previews and an inline original
    return case, evidence


@login_required
@never_cache
@require_GET
def preview(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponse:
    _case, evidence = _image(request, case_id, evidence_id)
    try:
        data = blurred_preview(decrypt_evidence(evidence), content_type=evidence.content_type)
    except PictureError:
        # Only a file kept before the upload check decoded within the same limits: no preview to show.
        raise CaseNotFound from None
    return _file_response(data, content_type="image/png", disposition='inline; filename="preview.png"')


def _reason_page(
    request: HttpRequest, *, case: Case, evidence: Evidence, form: ReasonForm, title: str, action: str
) -> HttpResponse:
    context = {
        "case": case,
        "marker": outcome_marker(case),
        "evidence": evidence,
        "form": form,
        "title": title,
        "action": action,
    }
    return render(request, "evidence/reason_form.html", context, status=400 if form.is_bound else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reveal(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponse:
    case, evidence = _image(request, case_id, evidence_id)
    user = acting_user(request)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            do_record_reveal(evidence, reason=form.cleaned_data["reason"], acting_user=user, at=now())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            token = make_reveal_token(evidence, user_id=user.pk)
            url = reverse("evidence:original", kwargs={"case_id": case.public_id, "evidence_id": evidence.public_id})
            context = {"case": case, "marker": outcome_marker(case), "evidence": evidence, "src": f"{url}?t={token}"}
            return render(request, "evidence/reveal.html", context)
    return _reason_page(
        request, case=case, evidence=evidence, form=form, title=_("See the original"), action="evidence:reveal"
    )


@login_required
@never_cache
@require_GET
def original(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponse:
    _case, evidence = _image(request, case_id, evidence_id)
    if not reveal_token_valid(request.GET.get("t", ""), evidence=evidence, user_id=acting_user(request).pk):
        raise CaseNotFound
    return _file_response(
        decrypt_evidence(evidence),
        content_type=evidence.content_type,
        disposition=f'inline; filename="{evidence.download_name}"',
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, case_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=VIEW)
    evidence = access_evidence(case, evidence_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            do_record_download(evidence, reason=form.cleaned_data["reason"], acting_user=user, at=now())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return _file_response(
                decrypt_evidence(evidence),
                content_type=evidence.content_type,
                disposition=f'attachment; filename="{evidence.download_name}"',
            )
    return _reason_page(
        request, case=case, evidence=evidence, form=form, title=_("Download the original"), action="evidence:download"
    )
