"""`get_FOO_display()` without rebuilding the field's choices on every call.

Django's own makes every (value, label) pair hashable on each call, and hashing a lazy label translates
it: a case list row asked for its stage label translated all eleven stages, a case page's timeline
every event type for each event (a fifth of the API case list's time at 100,000 cases,
docs/benchmarks.md "Scale"). Here each field's labels are a dict built once, looked up by value, and
only the one label shown is translated, in the language of the request as before.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str


class ChoiceLabels:
    """Mixed into a model (before models.Model) whose fields have choices."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(value, value), strings_only=True)


def choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """Value -> (lazy) label of `field`'s choices, built on the first call."""
    labels: dict[Any, Any] | None = field.__dict__.get("_casemgr_labels")
    if labels is None:
        labels = dict(field.flatchoices)
        field.__dict__["_casemgr_labels"] = labels
    return labels
