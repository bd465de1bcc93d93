"""The single sign-on pages: start (to the institution's provider), its callback, and the refusal.

All answer 404 while single sign-on is off (CASEMGR_OIDC_ENABLED).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView  # type: ignore[import-untyped]

from accounts.views import SignInView
from audit.log import record
from casemgr.clock import now


def _require_enabled() -> None:
    if not settings.CASEMGR_OIDC_ENABLED:
        raise Http404


class StartView(OIDCAuthenticationRequestView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_enabled()
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the provider's settings when built: only once we know they are there.
        if settings.CASEMGR_OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_enabled()
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    @property
    def success_url(self) -> str:
        # Where `next` says, or where signing in with a password lands this person: one landing for both.
        kept = self.request.session.get("oidc_login_next")
        if kept:
            return str(kept)
        password_sign_in = SignInView()
        password_sign_in.setup(self.request)
        return password_sign_in.get_default_redirect_url()

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        record(
            "auth.login", actor=self.user, at=now(), target=f"user:{self.user.pk}", detail={"step": "single_sign_on"}
        )
        return response

    def login_failure(self) -> HttpResponse:
        record("auth.login", actor=None, at=now(), outcome="failed", detail={"step": "single_sign_on"})
        return render(self.request, "accounts/sso_refused.html", status=403)
