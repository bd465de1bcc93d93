"""Where an audited action comes from: the request being served, or a command or worker."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Origin:
    source: str
    user_agent: str = ""


_current: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("audit_origin", default=None)


def current_origin() -> Origin:
    return _current.get() or Origin(source=getattr(settings, "CASEMGR_PROCESS_ORIGIN", "system"))


def origin_of(request: HttpRequest) -> Origin:
    # Only a proxy we run may say who the client is; REMOTE_ADDR otherwise.
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "CASEMGR_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[0].strip()
    return Origin(
        source=f"ip:{address}" if address else "ip:unknown", user_agent=request.headers.get("User-Agent", "")[:200]
    )


class AuditOriginMiddleware:
    """Remembers the client address for the audit rows written while serving the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(origin_of(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def set_process_origin(source: str) -> contextvars.Token[Origin | None]:
    """For commands and workers: name the origin of the rows they write (e.g. "command:import_cases")."""
    return _current.set(Origin(source=source))
