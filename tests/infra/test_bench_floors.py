"""The scale bench's floors (bench.urls) are compared with the real pages, so they must do what those
pages cannot skip: the same refusal for a forbidden case as for a missing one, and the audited read."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client, override_settings

from accounts.models import User
from audit.models import AuditEntry
from cases.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

ClientFor = Callable[[User | None], Client]


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_case_floor_reads_as_the_case_page_does(
    case: Case, officer: User, other_officer: User, client_for: ClientFor
) -> None:
    path = f"/bench/floor/case/{case.public_id}/"
    reads = AuditEntry.objects.filter(action="case.view", case_id=case.pk)

    assigned = client_for(officer).get(path)
    assert assigned.status_code == 200
    assert case.reference in assigned.content.decode()
    assert list(reads.values_list("actor_id", "detail")) == [(officer.pk, {"page": "bench.floor"})]

    # Not hers: the same 404 as a case that does not exist, and no read recorded.
    assert client_for(other_officer).get(path).status_code == 404
    assert client_for(officer).get(f"/bench/floor/case/{uuid.uuid4()}/").status_code == 404
    assert reads.count() == 1


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_status_floor_reaches_a_case_only_through_her_own_party_row(
    case: Case, complainant: User, other_complainant: User, client_for: ClientFor
) -> None:
    path = f"/bench/floor/status/{case.public_id}/"
    assert client_for(complainant).get(path).status_code == 200
    assert client_for(other_complainant).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 302  # to the sign-in page


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_page_floor_is_the_site_page_with_nothing_in_it(officer: User, client_for: ClientFor) -> None:
    response = client_for(officer).get("/bench/floor/page/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-nav"' in html
    assert "<h1>casemgr</h1>" in html
