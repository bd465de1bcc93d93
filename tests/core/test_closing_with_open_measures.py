"""A case cannot be closed or withdrawn while an interim measure is undecided or approved and not in place."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import do_decide_measure, do_implement_measure
from accounts.models import User
from cases.models import Case, CaseEvent, EventType
from cases.workflow import do_change_stage
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure


@pytest.mark.parametrize("to", ["closed", "withdrawn"])
def test_it_refuses_to_close_with_open_measures_and_names_them(
    case: Case, officer: User, request_measure: RequestMeasure, to: str
) -> None:
    undecided = request_measure(requested_at=hkt(2025, 3, 14, 16))
    approved = request_measure("no_contact_directive", requested_at=hkt(2025, 3, 14, 17))
    do_decide_measure(approved, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 17, 9))

    with pytest.raises(ValidationError) as refused:
        do_change_stage(case, to=to, reason="Resolved.", acting_user=officer, at=hkt(2025, 3, 18, 9))

    message = " ".join(refused.value.message_dict["to"])
    assert f"{undecided.code} (Class separation: not decided)" in message
    assert f"{approved.code} (No-contact directive: approved, not yet in place)" in message
    case.refresh_from_db()
    assert case.stage == "received"
    assert not CaseEvent.objects.filter(case=case, type=EventType.STAGE).exists()


def test_it_closes_once_each_measure_is_decided_or_in_place(
    case: Case, officer: User, request_measure: RequestMeasure
) -> None:
    declined = request_measure(requested_at=hkt(2025, 3, 14, 16))
    directive = request_measure("no_contact_directive", requested_at=hkt(2025, 3, 14, 17))
    do_decide_measure(
        declined, decision="declined", reasons="Not in the same classes.", acting_user=officer, at=hkt(2025, 3, 17, 9)
    )
    do_decide_measure(directive, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 17, 9))
    # A directive that goes on after the case ends is recorded as implemented, with its own end date.
    do_implement_measure(
        directive,
        implemented_at=hkt(2025, 3, 17, 10),
        note="Both told in writing.",
        ends_at=hkt(2026, 3, 17, 23, 59),
        acting_user=officer,
        at=hkt(2025, 3, 17, 10),
    )

    do_change_stage(case, to="closed", reason="Resolved.", acting_user=officer, at=hkt(2025, 3, 18, 9))

    case.refresh_from_db()
    assert case.stage == "closed"
    directive.refresh_from_db()
    assert directive.ends_at == hkt(2026, 3, 17, 23, 59)


def test_the_importer_still_accepts_a_withdrawn_case_with_an_undecided_measure(db: None) -> None:
    from interchange.importer import import_cases_text

    text = """{"format": "casemgr/1",
      "staff": [{"username": "officer.chan", "email": "o@uni.example", "name": "O", "role": "conduct_officer"}],
      "people": [{"id": "3035001234", "name": "A", "email": "a@x.example"},
                 {"id": "3035009999", "name": "R", "email": "r@x.example"}],
      "cases": [{"reference": "IBSA-2025-0100", "received_at": "2025-03-14T10:00:00+08:00", "summary": "",
        "allegations": [], "parties": [{"person": "3035001234", "role": "complainant"},
                                       {"person": "3035009999", "role": "respondent"}],
        "assigned_officers": ["officer.chan"],
        "events": [{"at": "2025-03-20T10:00:00+08:00", "by": "officer.chan", "type": "stage", "to": "withdrawn"}],
        "measures": [{"id": "M1", "type": "class_separation", "requested_at": "2025-03-14T16:00:00+08:00",
                      "requested_by": "3035001234", "against": "3035009999",
                      "decided_at": null, "decision": null, "implemented_at": null}]}]}"""

    import_cases_text(text, at=hkt(2025, 4, 1, 9))

    assert Case.objects.get(reference="IBSA-2025-0100").stage == "withdrawn"
