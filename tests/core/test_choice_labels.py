"""`get_FOO_display()` through casemgr.choices: the label of the value in the active language, as
Django's own gives it, for every model field with choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import translation

from casemgr.choices import ChoiceLabels
from casemgr.vocabulary import Stage
from cases.models import Case, CaseEvent, EventType

pytestmark = pytest.mark.sqlite


def test_the_label_follows_the_language_of_the_request() -> None:
    case = Case(stage=Stage.INVESTIGATION)
    with translation.override("en"):
        english = case.get_stage_display()
    with translation.override("zh-hant"):
        chinese = case.get_stage_display()
    assert english == str(Stage.INVESTIGATION.label) == "Investigation"
    assert chinese != english
    with translation.override("zh-hant"):
        assert chinese == str(Stage.INVESTIGATION.label)


def test_a_value_outside_the_choices_is_shown_as_it_is() -> None:
    assert CaseEvent(type="retired-type").get_type_display() == "retired-type"
    assert CaseEvent(type=EventType.NOTE).get_type_display() == str(EventType.NOTE.label)


def test_every_model_with_choices_uses_it_and_agrees_with_django() -> None:
    """A model added later with a choice field, but without the mixin, would go back to rebuilding its
    choices on each call: this names it. And for every value the label is Django's own."""
    missing = []
    ours = [
        c for c in apps.get_app_configs() if Path(c.path).is_relative_to(settings.BASE_DIR) and ".venv" not in c.path
    ]
    assert {"cases", "accommodations", "portal"} <= {c.label for c in ours}
    for model in (m for config in ours for m in config.get_models()):
        fields = [f for f in model._meta.concrete_fields if f.choices]
        if not fields:
            continue
        if not issubclass(model, ChoiceLabels):
            missing.append(model.__name__)
            continue
        for field in fields:
            for value, _label in field.flatchoices:
                row = model(**{field.attname: value})
                assert getattr(row, f"get_{field.name}_display")() == Model._get_FIELD_display(row, field)  # type: ignore[attr-defined]
    assert missing == []


def test_the_received_stage_is_not_called_by_the_date_columns_name() -> None:
    """ "Received" is both a stage and the list's date column: in zh-Hant they are different words."""
    with translation.override("zh-hant"):
        assert Case(stage=Stage.RECEIVED).get_stage_display() == "已接獲"
        assert translation.gettext("Received") == "接獲日期"
