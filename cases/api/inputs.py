"""Reading request input: the strict time field and validation through an InputSerializer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that must carry its UTC offset.

    DRF's DateTimeField silently reads a naive time in the current time zone; the interchange contract
    makes a time without an offset an error, and so does the API (the field is named in the 400).
    """

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, e.g. 2025-03-14T10:00:00+08:00."),
        "out_of_range": _("Give a time between 1970 and 2099."),
    }

    def to_internal_value(self, value: Any) -> dt.datetime:
        if _is_naive(value):
            self.fail("naive")
        moment = super().to_internal_value(value)
        # Far-off years are typing mistakes, and break what follows: before 1970 the zone database gives
        # local mean time offsets with seconds (+07:36:42), which ISO 8601 output cannot carry, and near
        # year 9999 deadline arithmetic overflows (both found by tests/security/test_api_fuzz.py).
        if not EARLIEST <= moment < LATEST:
            self.fail("out_of_range")
        return moment


EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _is_naive(value: Any) -> bool:
    if isinstance(value, dt.datetime):
        return value.tzinfo is None or value.utcoffset() is None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            return False  # not a valid time at all: DRF reports it as invalid
        return parsed is not None and parsed.tzinfo is None
    return False


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    """The validated data of `serializer_class` for `data`; raises a 400 naming each bad field."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
