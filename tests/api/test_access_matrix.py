"""Every case endpoint refuses people not on the case exactly as it answers a case that does not exist."""

from __future__ import annotations

import uuid

import pytest

from cases.models import CaseEvent
from tests.api.conftest import case_url, json_of

LATER = "2025-03-16T10:00:00+08:00"
REVIEW = "2025-04-30T10:00:00+08:00"

# (method, path under the case, body); `{party}` etc. are the ids of the full_case fixture's records.
ENDPOINTS = [
    ("get", "", None),
    ("get", "timeline/", None),
    ("post", "stage/", {"to": "closed", "reason": "Done."}),
    ("post", "events/", {"type": "note", "text": "A note."}),
    ("post", "parties/", {"person": "3035005678", "role": "witness"}),
    ("post", "parties/{party}/contact/", {"informed_at": LATER}),
    ("post", "allegations/", {"conduct": "distribution", "synthetic": True}),
    ("post", "assignments/", {"officer": "officer.wong"}),
    ("delete", "assignments/officer.chan/", None),
    ("post", "requests/", {"party": "{party}", "kind": "other", "requested_at": LATER}),
    ("post", "requests/{request}/decisions/", {"grants": "granted", "reasons": "Fair."}),
    ("post", "proceedings/", {"body": "police"}),
    ("patch", "proceedings/{proceeding}/", {"status": "reported"}),
    ("post", "pause/", {"reason": "Police asked.", "review_at": REVIEW}),
    ("post", "resume/", {}),
    ("post", "outcomes/", {"sanctions": [{"type": "reprimand"}], "reasons": ""}),
    ("post", "sanctions/{sanction}/compliance/", {"complied_at": LATER}),
    ("post", "outcomes/{outcome}/appeals/", {"party": "{party}", "grounds": "Unfair."}),
    ("post", "appeals/{appeal}/decision/", {"result": "upheld"}),
    ("get", "measures/", None),
    (
        "post",
        "measures/",
        {"type": "no_contact_directive", "requested_by": "3035001234", "against": "3035009999", "requested_at": LATER},
    ),
    ("post", "measures/{measure}/decision/", {"decision": "approved"}),
    ("post", "measures/{measure}/implementation/", {"implemented_at": LATER}),
    ("post", "measures/{measure}/lift/", {"reason": "No longer needed."}),
]
ENDPOINT_IDS = [f"{method} {path or 'detail'}" for method, path, _body in ENDPOINTS]


def _call(client, method, url, body):
    return getattr(client, method)(url, body, format="json") if body is not None else getattr(client, method)(url)


def _body(full_case, body):
    if body is None:
        return None
    return {k: (full_case.ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("who", ["other_officer", "panel_member", "reviewer"])
def test_it_answers_staff_not_on_the_case_like_a_missing_case(
    full_case, api_for, request, other_complainant, who, method, path, body
):
    client = api_for(request.getfixturevalue(who))
    events_before = CaseEvent.objects.count()
    data = _body(full_case, body)

    refused = _call(client, method, full_case.url(path), data)
    missing = _call(client, method, case_url(uuid.uuid4(), path.format(**full_case.ids)), data)

    assert refused.status_code == 404
    assert (missing.status_code, json_of(missing)) == (refused.status_code, json_of(refused))
    assert CaseEvent.objects.count() == events_before


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_it_refuses_people_without_a_staff_role_without_saying_whether_the_case_exists(
    full_case, api_for, outsider, complainant, method, path, body
):
    for user in (outsider, complainant):
        client = api_for(user)
        data = _body(full_case, body)
        refused = _call(client, method, full_case.url(path), data)
        missing = _call(client, method, case_url(uuid.uuid4(), path.format(**full_case.ids)), data)
        assert refused.status_code == 403
        assert json_of(missing) == json_of(refused)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_it_refuses_anonymous_requests(full_case, api_for, method, path, body):
    events_before = CaseEvent.objects.count()
    response = _call(api_for(None), method, full_case.url(path), _body(full_case, body))
    assert response.status_code in (401, 403)
    assert CaseEvent.objects.count() == events_before


@pytest.mark.parametrize(
    ("method", "path", "body"), [e for e in ENDPOINTS if "assignments" in e[1]], ids=["assign", "unassign"]
)
def test_it_keeps_assignment_to_supervisors(full_case, api_for, officer, method, path, body):
    events_before = CaseEvent.objects.count()
    response = _call(api_for(officer), method, full_case.url(path), body)
    assert response.status_code == 404
    assert CaseEvent.objects.count() == events_before


def test_it_shows_a_referred_panel_member_no_more_than_the_hearing_bundle(case, api_for, panel_member, supervisor):
    from cases.actions.panel import do_assign_panel_member
    from tests.conftest import hkt

    do_assign_panel_member(case, member=panel_member, acting_user=supervisor, at=hkt(2025, 3, 14, 12, 0))
    client = api_for(panel_member)
    assert client.get(case_url(case)).status_code == 404
    assert client.get(case_url(case, "timeline/")).status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0


def test_it_refuses_the_next_request_of_an_officer_taken_off_the_case(case, api_for, officer, supervisor):
    client = api_for(officer)
    assert client.get(case_url(case)).status_code == 200
    assert api_for(supervisor).delete(case_url(case, "assignments/officer.chan/")).status_code == 204
    assert client.get(case_url(case)).status_code == 404
    assert client.post(case_url(case, "events/"), {"type": "note", "text": "x"}, format="json").status_code == 404
