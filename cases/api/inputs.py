"""Reading request input: the strict time field and validation through an InputSerializer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casemgr.timerange import is_in_range, out_of_range_message


class StrictDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that must carry its UTC offset.

    DRF's DateTimeField silently reads a naive time in the current time zone; the interchange contract
    makes a time without an offset an error, and so does the API (the field is named in the 400).
    """

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, e.g. 2025-03-14T10:00:00+08:00."),
    }

    def to_internal_value(self, value: Any) -> dt.datetime:
        given = _given_time(value)
        if given is not None and (given.tzinfo is None or given.utcoffset() is None):
            self.fail("naive")
        # Far-off years are typing mistakes, and break what follows (casemgr.timerange): checked before
        # DRF converts the zone, which overflows near years 1 and 9999.
        if given is not None and not is_in_range(given):
            shown = value.strip() if isinstance(value, str) else given.isoformat()
            raise serializers.ValidationError(
                out_of_range_message(field=self.field_name or "", value=shown), code="out_of_range"
            )
        moment: dt.datetime = super().to_internal_value(value)
        return moment


def _given_time(value: Any) -> dt.datetime | None:
    """The time in `value` as given (None if it is not one: DRF then reports it as invalid)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_datetime(value.strip())
        except ValueError:
            return None
    return None


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    """The validated data of `serializer_class` for `data`; raises a 400 naming each bad field."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
