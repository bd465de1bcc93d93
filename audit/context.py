"""Where an audited action comes from: the request being served, or a command or worker.

The middleware also runs, once the response is ready, what had to wait for the request's own
transactions to end (audit.reads: a refused access inside a transaction that the refusal rolls back).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Origin:
    source: str
    user_agent: str = ""


_current: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("audit_origin", default=None)
_after_request: contextvars.ContextVar[list[Callable[[], None]] | None] = contextvars.ContextVar(
    "audit_after_request", default=None
)


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


def run_after_request(write: Callable[[], None]) -> bool:
    """Run `write` once the current request's response is ready, outside the view's transactions.

    Returns False (and does nothing) when no request is being served.
    """
    pending = _after_request.get()
    if pending is None:
        return False
    pending.append(write)
    return True


class AuditOriginMiddleware:
    """Remembers the client address for the audit rows written while serving the request, and writes
    the rows that had to wait for the view's transactions to end."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(origin_of(request))
        pending: list[Callable[[], None]] = []
        pending_token = _after_request.set(pending)
        try:
            return self.get_response(request)
        finally:
            _after_request.reset(pending_token)
            try:
                for write in pending:
                    write()
            finally:
                _current.reset(token)


def set_process_origin(source: str) -> contextvars.Token[Origin | None]:
    """For workers: name the origin of the rows they write (e.g. "worker:oversight.sweep")."""
    return _current.set(Origin(source=source))


def reset_process_origin(token: contextvars.Token[Origin | None]) -> None:
    try:
        _current.reset(token)
    except ValueError:
        # Set in another context (a worker pool switching threads): clear it rather than fail the task.
        _current.set(None)


@contextmanager
def process_origin(source: str) -> Iterator[None]:
    """For commands: the rows written inside come from `source` (e.g. "command:import_cases")."""
    token = set_process_origin(source)
    try:
        yield
    finally:
        _current.reset(token)
