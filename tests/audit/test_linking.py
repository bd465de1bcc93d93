"""A request appends its audit row without waiting for another request's transaction (issue 15).

These tests commit for real (transactional database): a second thread, with its own connection, holds
an open transaction that is extending the chain, as a long action (an import, a sweep) does.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from audit.linking import link_pending
from audit.log import record
from audit.models import AuditEntry
from audit.verify import verify_chain
from tests.audit.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def another_transaction_extending_the_chain() -> Iterator[None]:
    holding, done = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    def long_action() -> None:
        try:
            with transaction.atomic():
                record("timetable.import", actor=None, at=NOW)
                holding.set()
                done.wait(timeout=60)
        except BaseException as error:  # reported by the test, not lost in the thread
            failed.append(error)
            holding.set()
        finally:
            connection.close()

    thread = threading.Thread(target=long_action)
    thread.start()
    assert holding.wait(timeout=60)
    try:
        # A write that waited for the other transaction would fail here rather than hang the test.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        yield
    finally:
        done.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert not failed


def test_a_case_page_answers_and_is_recorded_while_another_transaction_extends_the_chain(case, officer, client_for):
    client = client_for(officer)
    with another_transaction_extending_the_chain():
        assert client.get(f"/cases/{case.public_id}/").status_code == 200
        view = AuditEntry.objects.get(action="case.view")
        assert (view.seq, view.hash, view.actor_id, view.case_id) == (None, None, officer.pk, case.pk)

    assert link_pending() == 1
    actions = list(AuditEntry.objects.filter(seq__isnull=False).order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["timetable.import", "case.view"]  # linked after the transaction that held the chain
    assert verify_chain()[1] is None


def test_the_next_writer_links_the_rows_left_waiting_before_its_own(db, officer):
    with another_transaction_extending_the_chain():
        waiting = record("case.view", actor=officer, at=NOW, case_id=1, detail={"page": "case_page"})
        assert waiting.seq is None

    later = record("case.view", actor=officer, at=NOW, case_id=2, detail={"page": "case_page"})

    assert [(row.action, row.case_id) for row in AuditEntry.objects.order_by("seq")] == [
        ("timetable.import", None),
        ("case.view", 1),
        ("case.view", 2),
    ]
    assert later.seq == 3
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    assert verify_chain() == (3, None)
