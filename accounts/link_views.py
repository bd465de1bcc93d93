"""The pages of one-time links (accounts.links) and of asking for a password reset; all public.

Opening a link moves its token from the URL into the session and redirects, so the token is not in
the address bar, the history or a Referer of the page where the password is typed (as Django's own
password reset does).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.client_ip import client_ip
from accounts.forms import PasswordResetRequestForm
from accounts.links import LinkCheck, LinkProblem, check_link, do_set_password_with_link, record_link_refused
from accounts.models import AccountLink
from accounts.password_reset import do_request_password_reset
from casemgr.clock import now

LINK_IN_SESSION = "casemgr_account_link"


def _problem_page(request: HttpRequest, check: LinkCheck) -> HttpResponse:
    status = 404 if check.problem in (None, LinkProblem.UNKNOWN) else 410
    purpose = check.link.purpose if check.link is not None else ""
    context = {
        "problem": (check.problem or LinkProblem.UNKNOWN).value,
        "invitation": purpose == AccountLink.Purpose.INVITATION,
    }
    response = render(request, "accounts/link_problem.html", context, status=status)
    # Django logs every 4xx with its path ("Gone: /accounts/link/<token>/"): a token is never logged, even
    # a dead one. The refusal is on the audit trail instead (record_link_refused).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    at = now()
    check = check_link(token, now=at)
    if not check.ok:
        record_link_refused(check, step="open", now=at)
        return _problem_page(request, check)
    request.session[LINK_IN_SESSION] = token
    return redirect("account_link_password")


@never_cache
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest) -> HttpResponse:
    token = request.session.get(LINK_IN_SESSION)
    at = now()
    check = check_link(token if isinstance(token, str) else "", now=at)
    if not check.ok:
        record_link_refused(check, step="set_password", now=at)
        return _problem_page(request, check)
    assert check.link is not None
    form = SetPasswordForm(check.link.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        used = do_set_password_with_link(str(token), password=form.cleaned_data["new_password1"], now=at)
        if not used.ok:  # used up by another request meanwhile
            return _problem_page(request, used)
        del request.session[LINK_IN_SESSION]
        messages.success(request, _("Your password is set. Sign in with it now."))
        return redirect("login")
    context = {"form": form, "username": check.link.user.username, "invitation": check.link.purpose == "invitation"}
    return render(request, "accounts/set_password.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def request_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        accepted = do_request_password_reset(form.cleaned_data["identifier"], source=client_ip(request), now=now())
        if accepted:
            return redirect("password_reset_sent")
        form.add_error(None, _("Too many requests came from here. Try again in an hour."))
        return render(request, "accounts/password_reset.html", {"form": form}, status=429)
    return render(request, "accounts/password_reset.html", {"form": form})


@require_GET
def reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")
