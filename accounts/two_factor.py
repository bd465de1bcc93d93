"""Staff's second factor: a TOTP device (django-otp), enrolled at the first sign-in, checked at each.

Who needs it: anyone who can reach case data as staff or the admin (a staff role group, Django staff,
superusers). People on cases (complainants, respondents) may add one from their account page
(accounts.account_views); once they have, every sign-in asks for it, as for staff.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.models import User
from accounts.roles import is_staff_member
from audit.log import record

DEVICE_NAME = "authenticator"
# One step (30 s) either side of now, as django-otp's own TOTPDevice accepts.
TOLERANCE = 1


def must_use_second_factor(user: Any) -> bool:
    """True for a signed-in user who holds a staff role, is Django staff or is a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or is_staff_member(user))


def requires_second_factor(user: Any) -> bool:
    """True for staff (who must), and for anyone else who added an authenticator app."""
    if not getattr(user, "is_authenticated", False):
        return False
    if must_use_second_factor(user):
        return True
    # Cached on the user object for the request: the middleware asks on every page.
    cached: bool | None = getattr(user, "_casemgr_has_device", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
        setattr(user, "_casemgr_has_device", cached)  # noqa: B010
    return cached


def is_verified(user: Any) -> bool:
    """True when this session's user passed a second factor (django_otp's OTPMiddleware tells)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def new_enrolment_key() -> str:
    """A fresh 20-byte secret, hex-encoded as TOTPDevice stores it."""
    return str(random_hex(20))


def enrolment_uri(user: User, *, key: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code (issuer `OTP_TOTP_ISSUER`)."""
    return str(TOTPDevice(user=user, key=key).config_url)


def enrolment_secret(key: str) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _code_matches(key: str, code: str) -> int | None:
    """The time step `code` belongs to for `key`, or None."""
    try:
        token = int(code)
    except ValueError:
        return None
    totp = TOTP(binascii.unhexlify(key))
    if not totp.verify(token, tolerance=TOLERANCE):
        return None
    return int(totp.t())


@transaction.atomic
def do_enrol_device(user: User, *, key: str, code: str, at: dt.datetime) -> TOTPDevice | None:
    """Save `key` as the user's confirmed TOTP device if `code` is current for it; None otherwise.

    Precondition: the user has no confirmed device (a second one is refused: returns None, so that a
    stolen password alone cannot add a device). Writes an `auth.two_factor_enrolment` audit row.
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        record("auth.two_factor_enrolment", actor=user, at=at, outcome="denied", target=f"user:{user.pk}")
        return None
    step = _code_matches(key, code)
    if step is None:
        record("auth.two_factor_enrolment", actor=user, at=at, outcome="failed", target=f"user:{user.pk}")
        return None
    # last_t: the code just typed cannot be replayed to sign in.
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=step)
    record("auth.two_factor_enrolment", actor=user, at=at, target=f"user:{user.pk}")
    return device


def do_verify_device(user: User, *, code: str, at: dt.datetime) -> TOTPDevice | None:
    """The user's device if `code` is current for it and not used before; None otherwise.

    django-otp throttles a device after wrong codes (each one doubles the wait) and refuses a code
    already used. Writes an `auth.two_factor` audit row either way.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        verified = device is not None and device.verify_token(code)
        record(
            "auth.two_factor",
            actor=user,
            at=at,
            outcome="ok" if verified else "failed",
            target=f"user:{user.pk}",
        )
    return device if verified else None


def throttled_for(user: User) -> bool:
    """True while the user's device refuses codes after too many wrong ones."""
    device = confirmed_device(user)
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    return not allowed


@transaction.atomic
def do_remove_device(user: User, *, code: str, at: dt.datetime) -> bool:
    """Remove the authenticator app of a person on a case, if `code` is current for it; False otherwise.

    Staff cannot remove theirs (they must have one): False. Writes an `auth.two_factor_removal` row.
    """
    if must_use_second_factor(user):
        record("auth.two_factor_removal", actor=user, at=at, outcome="denied", target=f"user:{user.pk}")
        return False
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None or not device.verify_token(code):
        record("auth.two_factor_removal", actor=user, at=at, outcome="failed", target=f"user:{user.pk}")
        return False
    TOTPDevice.objects.filter(user=user).delete()
    record("auth.two_factor_removal", actor=user, at=at, target=f"user:{user.pk}")
    return True
