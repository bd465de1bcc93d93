"""Signing in: the password (throttled by django-axes), then staff's second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts.forms import CodeForm
from accounts.models import User
from accounts.qr import qr_drawing
from accounts.roles import StaffRole, has_role
from accounts.two_factor import (
    confirmed_device,
    do_enrol_device,
    do_verify_device,
    enrolment_secret,
    enrolment_uri,
    is_verified,
    new_enrolment_key,
    requires_second_factor,
    throttled_for,
)
from audit.log import record
from casemgr.clock import now

# The secret being enrolled lives in the (server-side) session until a code confirms it.
ENROLMENT_KEY = "casemgr_totp_enrolment_key"


class SignInView(auth_views.LoginView):
    """Django's login view, recording each attempt in the audit trail and sending staff on to the code."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        record("auth.login", actor=user, at=now(), target=f"user:{user.pk}", detail={"step": "password"})
        if requires_second_factor(user):
            query = urlencode({"next": self.get_success_url()})
            return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["single_sign_on"] = settings.CASEMGR_OIDC_ENABLED
        return context

    def get_default_redirect_url(self) -> str:
        # A governance reviewer has no case list of her own: her pages are the reports.
        user = self.request.user
        case_roles = (StaffRole.CONDUCT_OFFICER, StaffRole.CASE_SUPERVISOR, StaffRole.PANEL_MEMBER)
        if has_role(user, StaffRole.GOVERNANCE_REVIEWER) and not any(has_role(user, r) for r in case_roles):
            return reverse("reports:timeliness")
        # The data protection officer has no case list either: her pages are the requests and holds.
        if has_role(user, StaffRole.DATA_PROTECTION_OFFICER) and not any(has_role(user, r) for r in case_roles):
            return reverse("privacy:request_list")
        return str(super().get_default_redirect_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        # Axes marks the request when this attempt was refused because of earlier failures.
        locked_out = bool(getattr(self.request, "axes_locked_out", False))
        username = str(self.request.POST.get("username", ""))
        known = User.objects.filter(username=username).values_list("pk", flat=True).first()
        record(
            "auth.login",
            actor=None,
            at=now(),
            outcome="denied" if locked_out else "failed",
            target=f"user:{known}" if known else "",
            detail={"step": "password", "locked_out": locked_out},
        )
        return super().form_invalid(form)


def _next_url(request: HttpRequest) -> str:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("office:case_list")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP app (first sign-in) or type its current code; then go on to `next`."""
    user = request.user
    assert isinstance(user, User)  # behind login_required
    if not requires_second_factor(user) or is_verified(user):
        return redirect(_next_url(request))
    if confirmed_device(user) is None:
        return _enrol(request, user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = do_verify_device(user, code=form.cleaned_data["code"], at=now())
        if device is not None:
            return _verified(request, device)
        form.add_error("code", _("That code is not right, or was already used. Wait for the next one."))
    context = {"form": form, "next": _next_url(request), "throttled": throttled_for(user)}
    return render(request, "accounts/two_factor.html", context)


def _enrol(request: HttpRequest, user: User) -> HttpResponse:
    key = request.session.get(ENROLMENT_KEY)
    if not isinstance(key, str):
        key = new_enrolment_key()
        request.session[ENROLMENT_KEY] = key
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = do_enrol_device(user, key=key, code=form.cleaned_data["code"], at=now())
        if device is not None:
            del request.session[ENROLMENT_KEY]
            messages.success(request, _("Your authenticator app is set up."))
            return _verified(request, device)
        form.add_error("code", _("That code does not match. Check the app's clock and try the next code."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr": qr_drawing(enrolment_uri(user, key=key)),
        "secret": enrolment_secret(key),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _verified(request: HttpRequest, device: Any) -> HttpResponse:
    # A new session key on the step up, as on signing in: a session id seen before is worth nothing now.
    request.session.cycle_key()
    otp_login(request, device)
    return redirect(_next_url(request))
