"""Staff go nowhere but the second-factor page until they have typed a code in this session."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.two_factor import is_verified, requires_second_factor

# Pages an unverified staff member may still reach: to finish signing in, to leave, to switch language.
EXEMPT_URL_NAMES = ("login", "logout", "two_factor", "set_language")


class RequireSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: redirect unverified staff to /accounts/two-factor/, 403 for the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def exempt_paths(self) -> frozenset[str]:
        return frozenset(reverse(name) for name in EXEMPT_URL_NAMES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if requires_second_factor(user) and not is_verified(user) and not self._exempt(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": _("Sign in with your second factor first.")}, status=403)
            return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor"))
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        return path in self.exempt_paths or path.startswith(f"/{settings.STATIC_URL.lstrip('/')}")
