"""A report's number and its secret key: shown to the reporter once, the key kept only as a slow hash."""

from __future__ import annotations

import functools
import secrets

from django.contrib.auth.hashers import check_password, make_password

from intake.models import IntakeReport

# No 0/O, 1/I/L: read aloud or copied by hand without mistakes.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# A hash of a key nobody holds, checked when the number is unknown, so a wrong number takes as long as
# a wrong key and nothing tells them apart.
@functools.cache
def _unknown_hash() -> str:
    return make_password(secrets.token_hex(16))


def new_number() -> str:
    while True:
        number = "R-" + "".join(secrets.choice(ALPHABET) for _ in range(8))
        if not IntakeReport.objects.filter(number=number).exists():
            return number


def new_key() -> str:
    """Five groups of four characters: about 98 bits."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def hash_key(key: str) -> str:
    return make_password(normalise(key))


def normalise(text: str) -> str:
    return "".join(text.split()).upper()


def find_report(number: str, key: str) -> IntakeReport | None:
    """The report with this number if the key opens it; None alike for an unknown number and a wrong
    key (the same work is done either way: one password check)."""
    report = IntakeReport.objects.filter(number=normalise(number)).first()
    if report is None:
        check_password(normalise(key), _unknown_hash())
        return None
    return report if check_password(normalise(key), report.key_hash) else None
