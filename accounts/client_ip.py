"""The client's address, as sign-in throttling sees it (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the first X-Forwarded-For address when CASEMGR_TRUST_X_FORWARDED_FOR is on.

    Only our own proxy may name the client (deploy/nginx.conf overwrites the header with the address
    it sees); trusting a header a client can set would let a guesser pick a fresh address per try.
    """
    if settings.CASEMGR_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
