"""Every action page, as the people who may and may not use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from cases.actions.case import do_assign_officer
from cases.actions.outcome import SanctionInput, do_lodge_appeal, do_record_outcome
from cases.actions.proceedings import do_pause_investigation, do_record_proceeding
from cases.actions.requests import do_record_request
from cases.models import Appeal, Case, CaseAssignment, CaseEvent, CasePause, Party, PartyRole, Sanction
from cases.workflow import do_change_stage
from tests.conftest import hkt
from tests.web.conftest import case_url

AT = hkt(2025, 3, 17, 9)


def _investigate(case: Case, officer: Any) -> None:
    do_change_stage(case, to="investigation", reason="Evidence found.", acting_user=officer, at=AT)


def _investigated(case: Case, officer: Any) -> dict[str, Any]:
    _investigate(case, officer)
    return {}


# Who decided, when and the finding, which the outcome form asks for.
OUTCOME_FIELDS = {"decision_maker": "Disciplinary Committee", "decided_at": "2025-03-19T16:00", "finding": "upheld"}


def _with_outcome(case: Case, officer: Any) -> dict[str, Any]:
    _investigate(case, officer)
    outcome = do_record_outcome(
        case,
        sanctions=[SanctionInput(type="apology", due_at=hkt(2025, 4, 30, 23, 59))],
        reasons="",
        acting_user=officer,
        at=AT,
    )
    return {"outcome": outcome.pk, "sanction": outcome.sanctions.get().pk}


def _with_request(case: Case, officer: Any) -> dict[str, Any]:
    party = case.parties.get(role=PartyRole.COMPLAINANT)
    request = do_record_request(
        party, kind="class_adjustment", details="", requested_at=hkt(2025, 3, 14), acting_user=officer, at=AT
    )
    return {"request": request.pk}


def _with_appeal(case: Case, officer: Any) -> dict[str, Any]:
    ids = _with_outcome(case, officer)
    respondent = case.parties.get(role=PartyRole.RESPONDENT)
    appeal = do_lodge_appeal(
        case.outcomes.get(), party=respondent, grounds="Too harsh.", acting_user=officer, at=hkt(2025, 3, 18)
    )
    return {**ids, "appeal": appeal.pk}


def _with_proceeding(case: Case, officer: Any) -> dict[str, Any]:
    proceeding = do_record_proceeding(
        case,
        body="police",
        complainant_consent=True,
        reported_at=None,
        reference_number="",
        status="considering",
        acting_user=officer,
        at=AT,
    )
    return {"proceeding": proceeding.pk}


def _with_pause(case: Case, officer: Any) -> dict[str, Any]:
    do_pause_investigation(case, reason="Police asked.", review_at=hkt(2025, 4, 30), acting_user=officer, at=AT)
    return {}


def _with_second_officer(case: Case, officer: Any) -> dict[str, Any]:
    from accounts.models import User

    other = User.objects.get(username="officer.wong")
    do_assign_officer(case, officer=other, acting_user=officer, at=AT)
    return {"officer": other.pk}


@dataclass(frozen=True)
class Spec:
    suffix: str
    valid: Callable[[dict[str, Any], Any], dict[str, Any]]
    invalid: dict[str, Any]
    error_field: str
    changed: Callable[[Case], bool]
    setup: Callable[[Case, Any], dict[str, Any]] = field(default=lambda case, officer: {})


def _party_id(role: str) -> Callable[[dict[str, Any], Any], int]:
    return lambda ids, case: case.parties.get(role=role).pk


def _user_pk(username: str) -> int:
    from accounts.models import User

    return User.objects.get(username=username).pk


def _other_officer_pk() -> int:
    return _user_pk("officer.wong")


def _formset(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


SPECS: dict[str, Spec] = {
    "stage": Spec(
        suffix="stage/",
        valid=lambda ids, case: {"to": "investigation", "reason": "Evidence."},
        invalid={"to": "decided", "reason": "Skip ahead."},
        error_field="to",
        changed=lambda case: case.stage == "investigation",
    ),
    "notes": Spec(
        suffix="notes/",
        valid=lambda ids, case: {"type": "meeting", "text": "Met the complainant."},
        invalid={"type": "meeting", "text": ""},
        error_field="text",
        changed=lambda case: case.events.filter(type="meeting").exists(),
    ),
    "parties": Spec(
        suffix="parties/",
        valid=lambda ids, case: {"person_id": "3035007777", "role": "witness", "name": "Witness W", "kind": "student"},
        invalid={"person_id": "3035007777", "role": "witness", "name": ""},
        error_field="name",
        changed=lambda case: case.parties.filter(role="witness").exists(),
    ),
    "contact": Spec(
        suffix="parties/contact/",
        valid=lambda ids, case: {"party": case.parties.get(role="complainant").pk, "informed_at": "2025-03-15T10:00"},
        invalid={"informed_at": "", "support_offered_at": ""},
        error_field="party",
        changed=lambda case: case.parties.get(role="complainant").informed_at is not None,
    ),
    "allegations": Spec(
        suffix="allegations/",
        valid=lambda ids, case: {"conduct": "distribution", "synthetic": "on", "description": "Shared in a chat."},
        invalid={"conduct": "gossip"},
        error_field="conduct",
        changed=lambda case: case.allegations.filter(conduct="distribution").exists(),
    ),
    "assign": Spec(
        suffix="assign/",
        valid=lambda ids, case: {"officer": _other_officer_pk()},
        invalid={"officer": ""},
        error_field="officer",
        changed=lambda case: case.assignments.filter(user__username="officer.wong").exists(),
    ),
    "panel": Spec(
        suffix="panel/",
        valid=lambda ids, case: {"member": _user_pk("panel.ho")},
        invalid={"member": ""},
        error_field="member",
        changed=lambda case: case.assignments.filter(capacity=CaseAssignment.Capacity.PANEL).exists(),
    ),
    "requests": Spec(
        suffix="requests/",
        valid=lambda ids, case: {
            "party": case.parties.get(role="complainant").pk,
            "kind": "committee_hearing",
            "requested_at": "2025-03-14T12:00",
        },
        invalid={"party": "", "kind": "committee_hearing", "requested_at": "2025-03-14T12:00"},
        error_field="party",
        changed=lambda case: case.requests.exists(),
    ),
    "decide_request": Spec(
        suffix="requests/decide/",
        setup=_with_request,
        valid=lambda ids, case: {"request": ids["request"], "grants": "partly", "reasons": "Two sessions moved."},
        invalid={"grants": "partly", "reasons": " "},
        error_field="request",
        changed=lambda case: case.requests.get().decisions.exists(),
    ),
    "proceedings": Spec(
        suffix="proceedings/",
        valid=lambda ids, case: {"body": "privacy_commissioner", "status": "reported", "complainant_consent": "on"},
        invalid={"body": "tabloid", "status": "reported"},
        error_field="body",
        changed=lambda case: case.proceedings.filter(body="privacy_commissioner").exists(),
    ),
    "update_proceeding": Spec(
        suffix="proceedings/update/",
        setup=_with_proceeding,
        valid=lambda ids, case: {"proceeding": ids["proceeding"], "status": "under_investigation"},
        invalid={"status": "under_investigation"},
        error_field="proceeding",
        changed=lambda case: case.proceedings.get().status == "under_investigation",
    ),
    "pause": Spec(
        suffix="pause/",
        valid=lambda ids, case: {"reason": "Police asked us to wait.", "review_at": "2025-04-30T10:00"},
        invalid={"reason": "Police asked us to wait.", "review_at": "2025-03-01T10:00"},
        error_field="review_at",
        changed=lambda case: CasePause.objects.filter(case=case, resumed_at__isnull=True).exists(),
    ),
    "resume": Spec(
        suffix="resume/",
        setup=_with_pause,
        valid=lambda ids, case: {},
        invalid={},
        error_field="",
        changed=lambda case: not CasePause.objects.filter(case=case, resumed_at__isnull=True).exists(),
    ),
    "outcome": Spec(
        suffix="outcome/",
        setup=lambda case, officer: _investigated(case, officer),
        valid=lambda ids, case: {
            **_formset("sanctions", [{"type": "suspension", "months": "6"}, {"type": "warning_letter"}]),
            **OUTCOME_FIELDS,
            "reasons": "Serious.",
        },
        invalid={**_formset("sanctions", [{"type": "suspension", "months": ""}]), **OUTCOME_FIELDS},
        error_field="",
        changed=lambda case: case.outcomes.exists() and case.stage == "decided",
    ),
    "compliance": Spec(
        suffix="compliance/",
        setup=_with_outcome,
        valid=lambda ids, case: {"sanction": ids["sanction"], "complied_at": "2025-03-19T10:00"},
        invalid={"complied_at": "2025-03-19T10:00"},
        error_field="sanction",
        changed=lambda case: Sanction.objects.filter(outcome__case=case, complied_at__isnull=False).exists(),
    ),
    "appeal": Spec(
        suffix="appeal/",
        setup=_with_outcome,
        valid=lambda ids, case: {
            "outcome": ids["outcome"],
            "party": case.parties.get(role="respondent").pk,
            "grounds": "Disproportionate.",
        },
        invalid={"party": "", "grounds": "Disproportionate."},
        error_field="party",
        changed=lambda case: Appeal.objects.filter(outcome__case=case).exists() and case.stage == "appeal",
    ),
    "decide_appeal": Spec(
        suffix="appeal/decide/",
        setup=_with_appeal,
        valid=lambda ids, case: {"appeal": ids["appeal"], "result": "upheld"},
        invalid={"result": "reversed"},
        error_field="result",
        changed=lambda case: Appeal.objects.filter(outcome__case=case, decided_at__isnull=False).exists(),
    ),
}


@pytest.fixture
def ready(case, officer, other_officer, panel_member):
    """The case plus the people the actions refer to."""
    return case


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_it_lets_the_assigned_officer_act_and_records_it(name, ready, officer, client_for):
    spec = SPECS[name]
    ids = spec.setup(ready, officer)
    client = client_for(officer)
    assert client.get(case_url(ready, spec.suffix)).status_code == 200
    events_before = CaseEvent.objects.filter(case=ready).count()
    response = client.post(case_url(ready, spec.suffix), spec.valid(ids, ready))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == case_url(ready)
    assert spec.changed(_reload(ready))
    # Every change is an event on the case's chronology.
    assert CaseEvent.objects.filter(case=ready).count() > events_before


@pytest.mark.parametrize("name", sorted(n for n, s in SPECS.items() if n != "resume"))
def test_it_shows_field_errors_and_changes_nothing_on_invalid_input(name, ready, officer, client_for):
    spec = SPECS[name]
    spec.setup(ready, officer)
    events_before = CaseEvent.objects.filter(case=ready).count()
    response = client_for(officer).post(case_url(ready, spec.suffix), spec.invalid)
    assert response.status_code == 200
    form = response.context["form"]
    if spec.error_field:
        assert spec.error_field in form.errors, form.errors
    else:
        assert form.errors or any(row.errors for row in response.context["sanctions"])
    assert not spec.changed(_reload(ready))
    assert CaseEvent.objects.filter(case=ready).count() == events_before


def test_it_shows_the_error_when_resuming_a_case_that_is_not_paused(ready, officer, client_for):
    response = client_for(officer).post(case_url(ready, "resume/"))
    assert response.status_code == 200
    assert "The case is not paused." in response.content.decode()


@pytest.mark.parametrize("name", sorted(SPECS))
@pytest.mark.parametrize("who", ["other_officer", "outsider", "complainant", "panel_member"])
def test_it_answers_404_to_people_not_on_the_case(name, who, ready, officer, request, client_for):
    spec = SPECS[name]
    ids = spec.setup(ready, officer)
    client = client_for(request.getfixturevalue(who))
    assert client.get(case_url(ready, spec.suffix)).status_code == 404
    events_before = CaseEvent.objects.filter(case=ready).count()
    assert client.post(case_url(ready, spec.suffix), spec.valid(ids, ready)).status_code == 404
    assert CaseEvent.objects.filter(case=ready).count() == events_before


@pytest.mark.parametrize("name", sorted(SPECS))
def test_it_sends_anonymous_visitors_to_sign_in(name, ready, client_for):
    response = client_for(None).post(case_url(ready, SPECS[name].suffix), {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lets_only_a_supervisor_take_an_officer_off(ready, officer, supervisor, client_for):
    ids = _with_second_officer(ready, officer)
    assert client_for(officer).post(case_url(ready, "unassign/"), ids).status_code == 404
    response = client_for(supervisor).post(case_url(ready, "unassign/"), ids)
    assert response.status_code == 302
    assert not ready.assignments.filter(user_id=ids["officer"]).exists()


def test_it_does_not_offer_records_of_another_case(ready, officer, client_for):
    from cases.actions.case import do_create_case

    other = do_create_case(
        reference="IBSA-2025-0099", received_at=AT, summary="", allegations=[], acting_user=officer, at=AT
    )
    other_party = Party.objects.create(
        case=other, person=ready.parties.first().person, role=PartyRole.WITNESS, added_at=AT
    )
    response = client_for(officer).post(
        case_url(ready, "parties/contact/"), {"party": other_party.pk, "informed_at": "2025-03-15T10:00"}
    )
    assert response.status_code == 200
    assert "party" in response.context["form"].errors
