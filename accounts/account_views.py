"""A person's own account page: the authenticator app of a person on a case (add it, remove it).

Staff always have one (accounts.two_factor): the page tells them so and offers nothing to change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from accounts.forms import CodeForm
from accounts.models import User
from accounts.qr import qr_drawing
from accounts.two_factor import (
    confirmed_device,
    do_enrol_device,
    do_remove_device,
    enrolment_secret,
    enrolment_uri,
    must_use_second_factor,
    new_enrolment_key,
)
from casemgr.clock import now

ENROLMENT_KEY = "casemgr_party_totp_enrolment_key"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    return user


@login_required
@require_GET
def account_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {"staff": must_use_second_factor(user), "device": confirmed_device(user)}
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add_authenticator(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if must_use_second_factor(user):
        raise Http404
    if confirmed_device(user) is not None:
        return redirect("account_settings")
    key = request.session.get(ENROLMENT_KEY)
    if not isinstance(key, str):
        key = new_enrolment_key()
        request.session[ENROLMENT_KEY] = key
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = do_enrol_device(user, key=key, code=form.cleaned_data["code"], at=now())
        if device is not None:
            del request.session[ENROLMENT_KEY]
            # This session typed the code: it stays signed in; every later sign-in asks for one.
            request.session.cycle_key()
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up. Each sign-in will ask for its code."))
            return redirect("account_settings")
        form.add_error("code", _("That code does not match. Check the app's clock and try the next code."))
    context = {"form": form, "qr": qr_drawing(enrolment_uri(user, key=key)), "secret": enrolment_secret(key)}
    return render(request, "accounts/authenticator_add.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def remove_authenticator(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if must_use_second_factor(user) or confirmed_device(user) is None:
        raise Http404
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if do_remove_device(user, code=form.cleaned_data["code"], at=now()):
            messages.success(request, _("Your authenticator app is removed. Sign-in asks for your password only."))
            return redirect("account_settings")
        form.add_error("code", _("That code is not right, or was already used. Wait for the next one."))
    return render(request, "accounts/authenticator_remove.html", {"form": form})
