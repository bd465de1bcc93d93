"""A refused access stays on the trail although the request fails and its transaction rolls back.

These tests commit for real (transactional database), as production does without ATOMIC_REQUESTS.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from audit.context import AuditOriginMiddleware
from audit.log import record
from audit.models import AuditEntry
from audit.verify import verify_chain
from cases.access import CHANGE, CaseNotFound, access_case
from tests.audit.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_commits_the_refusal_of_a_page_that_answers_404(case, other_officer, client_for):
    assert client_for(other_officer).get(f"/cases/{case.public_id}/").status_code == 404
    row = AuditEntry.objects.get(action="case.access")
    assert (row.outcome, row.actor_id, row.case_id, row.source) == ("denied", other_officer.pk, case.pk, "ip:127.0.0.1")


def test_it_keeps_a_refusal_made_inside_a_transaction_that_rolls_back(case, officer, other_officer):
    # An action's atomic block that writes, then asks for the case and is refused: the write rolls back.
    def view(request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            record("case.view", actor=request.user, at=NOW, case_id=case.pk, detail={"page": "rolled_back"})
            access_case(request.user, case.public_id, permission=CHANGE)
        return HttpResponse()

    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    request.user = other_officer
    before = AuditEntry.objects.count()

    with pytest.raises(CaseNotFound):
        AuditOriginMiddleware(view)(request)

    rows = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(r.action, r.outcome, r.case_id, r.source) for r in rows] == [
        ("case.access", "denied", case.pk, "ip:10.1.2.3")
    ]
    assert rows[0].detail == {"permission": "change_case", "requested": str(case.public_id)}
    assert verify_chain()[1] is None


def test_it_writes_a_refusal_outside_any_request_at_once(case, other_officer):
    with pytest.raises(CaseNotFound):
        access_case(other_officer, case.public_id)
    row = AuditEntry.objects.get(action="case.access")
    assert (row.outcome, row.case_id, row.source) == ("denied", case.pk, "system")
