"""The next case reference in the institution's pattern (setting CASEMGR_REFERENCE_PATTERN).

The complaint form proposes it and the officer may type another; the reference stays unique by the
Case constraint, so two officers proposed the same number at once see the second save refused.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db.models.functions import Length
from django.utils.timezone import localtime

from cases.models import Case


def _split(pattern: str, *, year: int) -> tuple[str, str]:
    """The text before and after `{number...}`, with the year filled in."""
    start = pattern.index("{number")
    end = pattern.index("}", start) + 1
    return pattern[:start].format(year=year), pattern[end:].format(year=year)


def next_reference(*, at: dt.datetime, pattern: str | None = None) -> str:
    """The reference after the highest one of `at`'s year that follows the pattern (number 1 if none).

    One query: among the references with the pattern's prefix the highest number is the longest, then the
    last in order (numbers are zero-padded to a width, and grow longer past it).
    """
    pattern = pattern or settings.CASEMGR_REFERENCE_PATTERN
    year = localtime(at).year
    prefix, suffix = _split(pattern, year=year)
    shape = re.compile(re.escape(prefix) + r"(\d+)" + re.escape(suffix) + r"\Z")
    candidates = (
        Case.objects.filter(reference__startswith=prefix, reference__endswith=suffix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)[:50]
    )
    highest = 0
    for reference in candidates:
        found = shape.match(reference)
        if found:
            highest = max(highest, int(found.group(1)))
            break
    return pattern.format(year=year, number=highest + 1)
