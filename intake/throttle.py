"""Throttling the public pages without a CAPTCHA or any third-party script.

Each try is counted in a bucket named by a keyed hash (HMAC with the site's secret key) of what is
throttled: the client's address, or a report number that is being tried. The address itself is never
stored, and a bucket's rows are deleted once the window has passed, so the hash is kept only as long as
the throttle needs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings

from intake.models import ThrottleHit


def bucket(kind: str, value: str) -> str:
    """The stored name of a bucket: a keyed hash, from which the address or number cannot be read back."""
    message = f"{kind}:{value.strip().upper()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CASEMGR_INTAKE_THROTTLE_WINDOW_SECONDS)


def forget_expired(*, now: dt.datetime) -> int:
    """Delete every counted try older than the window; returns how many."""
    deleted, _ = ThrottleHit.objects.filter(at__lte=now - window()).delete()
    return deleted


def allow(buckets: list[str], *, limit: int, now: dt.datetime) -> bool:
    """Count one try in each of `buckets` and say whether all of them are still under `limit` tries in
    the window. A refused try is counted too, so hammering keeps the bucket full."""
    forget_expired(now=now)
    since = now - window()
    allowed = all(ThrottleHit.objects.filter(bucket=b, at__gt=since).count() < limit for b in buckets)
    ThrottleHit.objects.bulk_create(ThrottleHit(bucket=b, at=now) for b in buckets)
    return allowed


def allow_report(address: str, *, now: dt.datetime) -> bool:
    """Whether the address may send another report now."""
    return allow([bucket("report", address)], limit=settings.CASEMGR_INTAKE_MAX_REPORTS_PER_WINDOW, now=now)


def allow_lookup(address: str, number: str, *, now: dt.datetime) -> bool:
    """Whether this address may try a key now, and whether this report number may be tried again (a
    guesser spread over many addresses is stopped by the number's own bucket)."""
    buckets = [bucket("lookup", address), bucket("number", number)]
    return allow(buckets, limit=settings.CASEMGR_INTAKE_MAX_LOOKUPS_PER_WINDOW, now=now)
