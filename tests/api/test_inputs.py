"""StrictDateTimeField: a time without a UTC offset is an error, never read in the local zone."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework import serializers

from cases.api.inputs import StrictDateTimeField


class _Probe(serializers.Serializer):  # type: ignore[type-arg]
    at = StrictDateTimeField()


def _errors(value):
    probe = _Probe(data={"at": value})
    probe.is_valid()
    return probe.errors.get("at")


@pytest.mark.parametrize("value", ["2025-03-14T10:00:00+08:00", "2025-03-14T02:00:00Z", "2025-03-14 02:00:00+00:00"])
def test_it_accepts_a_time_with_an_offset(value):
    probe = _Probe(data={"at": value})
    assert probe.is_valid(), probe.errors
    assert probe.validated_data["at"] == dt.datetime(2025, 3, 14, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("value", ["2025-03-14T10:00:00", "2025-03-14", dt.datetime(2025, 3, 14, 10, 0)])  # noqa: DTZ001
def test_it_rejects_a_time_without_an_offset(value):
    [error] = _errors(value)
    assert error.code == "naive"
    assert "UTC offset" in str(error)


def test_it_reports_a_malformed_time_as_invalid():
    [error] = _errors("the fourteenth of March")
    assert error.code == "invalid"
