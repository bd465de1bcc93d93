"""The one place that reads the wall clock. Business functions take `now` as an argument."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()  # noqa: TID251
