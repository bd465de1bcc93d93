"""`manage.py export_person`: the person's own data, and nobody else's name, e-mail or id."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.usefixtures("imported")


def export(person: str) -> tuple[str, dict[str, Any]]:
    out = StringIO()
    call_command("export_person", "--person", person, stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def test_it_exports_the_persons_own_record_and_cases() -> None:
    _, document = export("3035000001")

    assert document["format"] == "casemgr/1-person"
    assert document["person"] == {
        "id": "3035000001",
        "name": "Alicia Purgeable",
        "email": "alicia@connect.uni.example",
        "kind": "student",
    }
    assert [(c["reference"], c["role"], c["label"]) for c in document["cases"]] == [
        ("OLD-2018-0001", "complainant", "Complainant A")
    ]
    assert document["cases"][0]["added_at"] == "2018-01-10T10:00:00+08:00"
    measure = document["measures"][0]
    assert (measure["id"], measure["requested_by"], measure["against"]) == ("M1", "you", "Respondent A")
    assert measure["details"] == "zebraquartz-measure"


def test_nobody_else_appears_by_name_email_or_id() -> None:
    text, _ = export("3035000001")

    for other in (
        "Bertram",
        "3035000002",
        "bertram@",
        "Carola",
        "3035000003",
        "officer.chan",
        "Officer Chan",
        "o.chan@",
    ):
        assert other not in text


def test_internal_notes_and_case_text_are_withheld_and_counted() -> None:
    text, document = export("3035000001")

    for secret in ("zebraquartz-summary", "zebraquartz-allegation", "zebraquartz-note", "zebraquartz-closing"):
        assert secret not in text
    withheld = document["withheld"]
    assert withheld["internal_notes"] == 1
    assert withheld["case_text"] == 3  # summary, allegation, the closing stage's text
    assert {item["what"] for item in withheld["items"]} == {
        "summary",
        "allegation_description",
        "internal_note",
        "stage_text",
    }


def test_the_respondent_sees_the_measure_against_her_without_its_details() -> None:
    text, document = export("3035000002")

    measure = document["measures"][0]
    assert (measure["requested_by"], measure["against"]) == ("Complainant A", "you")
    assert "details" not in measure
    assert "zebraquartz-measure" not in text
    assert "Alicia" not in text


def test_it_writes_to_a_file_with_output(tmp_path: Path) -> None:
    target = tmp_path / "person.json"
    call_command("export_person", "--person", "3035000004", "--output", str(target), stdout=StringIO())

    assert json.loads(target.read_text(encoding="utf-8"))["person"]["name"] == "Dorothea Holding"


def test_an_unknown_person_is_an_error() -> None:
    with pytest.raises(CommandError, match="no person with id"):
        call_command("export_person", "--person", "9999999999", stdout=StringIO())
