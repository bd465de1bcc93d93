"""Two requests posting the same link at once: one sets the password, the other is told it was used."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.invitations import do_invite_party
from accounts.links import LinkProblem, do_set_password_with_link
from tests.accounts.conftest import NEW_PASSWORD, NOW, sent_links


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_link_posted_twice_at_once_works_once(officer, complainant):
    do_invite_party(case_party_user=complainant, invited_by=officer, now=NOW)
    (url,) = sent_links()
    token = url.rstrip("/").rsplit("/", 1)[1]
    results = []
    start = threading.Barrier(2)

    def use() -> None:
        try:
            start.wait()
            results.append(do_set_password_with_link(token, password=NEW_PASSWORD, now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(str(r.problem) for r in results) == sorted(["None", str(LinkProblem.USED)])
