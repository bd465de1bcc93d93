"""Telling tutors: the message says only what the tutor must do, never the allegation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.models import Measure
from accommodations.tutors import do_prepare_tutor_notification
from accounts.models import User
from accounts.services import do_create_person
from cases.actions.parties import do_add_party
from cases.models import Case, CaseEvent, PartyRole
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure

REQUESTED = hkt(2025, 3, 18, 10, 0)
GOOD = "Please keep students 3035001234 and 3035009999 in different tutorial groups and project teams in LLAW3102."


@pytest.fixture
def approved(request_measure: RequestMeasure, officer: User) -> Measure:
    measure = request_measure("tutor_notification", requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    return measure


def _prepare(measure: Measure, officer: User, instruction: str, **overrides: str) -> Measure:
    values = {"tutor_name": "Dr Lam", "tutor_email": "lam@uni.example", "instruction": instruction, **overrides}
    return do_prepare_tutor_notification(measure, acting_user=officer, at=hkt(2025, 3, 20), **values)


def test_it_stores_an_instruction_that_says_only_what_to_do(case: Case, approved: Measure, officer: User) -> None:
    _prepare(approved, officer, GOOD)
    approved.refresh_from_db()
    assert (approved.tutor_name, approved.tutor_email, approved.tutor_instruction) == (
        "Dr Lam",
        "lam@uni.example",
        GOOD,
    )
    assert approved.tutor_instruction_prepared_at == hkt(2025, 3, 20)
    event = CaseEvent.objects.get(case=case, detail__action="tutor_message_prepared")
    assert "Lam" not in event.text


@pytest.mark.parametrize(
    "instruction",
    [
        "Keep them apart: there is a deepfake allegation.",
        "Separate the two; it concerns intimate pictures.",
        "Keep them apart because of the images.",
        "Keep them apart (sexual misconduct case).",
        "Keep them apart pending the Allegations hearing.",
        "請分開兩名學生，因涉及私密影像。",
    ],
)
def test_it_refuses_the_allegation_vocabulary(approved: Measure, officer: User, instruction: str) -> None:
    with pytest.raises(ValidationError) as error:
        _prepare(approved, officer, instruction)
    assert "instruction" in error.value.message_dict
    approved.refresh_from_db()
    assert approved.tutor_instruction == ""


def test_it_refuses_text_copied_from_the_case_summary(case: Case, approved: Measure, officer: User) -> None:
    case.summary = "Folders named after classmates were found on his laptop in February."
    case.save(update_fields=["summary"])
    with pytest.raises(ValidationError) as error:
        _prepare(approved, officer, "Keep them apart; folders named after classmates were found.")
    assert "instruction" in error.value.message_dict


def test_it_refuses_naming_someone_else_on_the_case(case: Case, approved: Measure, officer: User) -> None:
    witness = do_create_person(
        person_id="3035004444", email="w@connect.uni.example", name="Chan Tai Man", kind="student"
    )
    do_add_party(case, person=witness, role=PartyRole.WITNESS, acting_user=officer, at=REQUESTED)
    with pytest.raises(ValidationError) as error:
        _prepare(approved, officer, GOOD + " Also keep Chan Tai Man in T02.")
    assert "instruction" in error.value.message_dict
    with pytest.raises(ValidationError):
        _prepare(approved, officer, GOOD + " Also 3035004444.")


def test_it_refuses_a_blank_instruction_or_a_bad_address(approved: Measure, officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        _prepare(approved, officer, "   ")
    assert "instruction" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _prepare(approved, officer, GOOD, tutor_email="not-an-address")
    assert "tutor_email" in error.value.message_dict


def test_it_prepares_only_for_an_approved_unsent_tutor_measure(
    request_measure: RequestMeasure, approved: Measure, officer: User
) -> None:
    separation = request_measure(requested_at=REQUESTED)
    with pytest.raises(ValidationError) as error:
        _prepare(separation, officer, GOOD)
    assert "type" in error.value.message_dict
    undecided = request_measure("tutor_notification", requested_at=REQUESTED)
    with pytest.raises(ValidationError) as error:
        _prepare(undecided, officer, GOOD)
    assert "decision" in error.value.message_dict
    do_implement_measure(
        approved, implemented_at=hkt(2025, 3, 20), note="Sent.", acting_user=officer, at=hkt(2025, 3, 20)
    )
    with pytest.raises(ValidationError):
        _prepare(approved, officer, GOOD)
