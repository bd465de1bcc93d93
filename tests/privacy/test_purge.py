"""The purge: what goes, what stays, and that nothing of the purged people or texts is left anywhere."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.verify import verify_trail
from cases.models import Case, Party
from privacy.models import LegalHold, PurgeRecord
from tests.privacy.conftest import GONE, NOW

# Also run on the embedded default, SQLite (scripts/test): the purge writes some of its statements by hand.
pytestmark = [pytest.mark.usefixtures("imported"), pytest.mark.sqlite]


def database_text() -> str:
    """Every row of every table, as text (bytes decoded leniently): what a dump of the database holds."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(json.dumps(value, default=str, ensure_ascii=False))
    return "\n".join(parts)


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge", "--now", NOW.isoformat(), *args, stdout=out)
    return out.getvalue()


def traces_of_people() -> None:
    # A session, a throttled sign-in attempt and an audit row with a typed reason for the complainant.
    alicia = User.objects.get(username="3035000001")
    from django.test import Client

    Client().force_login(alicia)
    AccessAttempt.objects.create(
        username="3035000001",
        ip_address="10.0.0.1",
        user_agent="Alicia's phone",
        attempt_time=NOW,
        failures_since_start=1,
    )


def test_it_leaves_nothing_of_the_purged_people_or_texts_in_any_table() -> None:
    traces_of_people()
    text = database_text()
    assert all(secret in text for secret in GONE)  # the search finds them before the purge

    purge()

    text = database_text()
    left = [secret for secret in GONE if secret in text]
    assert left == []


def test_it_ends_the_sessions_of_the_people_it_anonymises_and_no_one_elses() -> None:
    from django.contrib.sessions.models import Session
    from django.test import Client

    people = {username: User.objects.get(username=username) for username in ("3035000001", "3035000002", "3035000003")}
    for person in people.values():
        Client().force_login(person)

    def owners() -> set[str]:
        return {str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()}

    assert owners() == {str(p.pk) for p in people.values()}
    with CaptureQueriesContext(connection) as queries:
        purge()

    # Alicia and Bertram were on the purged case only; Carola stays on a kept one.
    assert owners() == {str(people["3035000003"].pk)}
    # The sessions are read once for the whole purge, not once for each person anonymised.
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "django_session"' in q["sql"]]
    assert len([sql for sql in reads if not sql.startswith("DELETE")]) == 1


def test_it_deletes_the_admin_log_entries_about_the_people_it_anonymises_only() -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    users = ContentType.objects.get_for_model(User)
    alicia, bertram, carola = (User.objects.get(username=u) for u in ("3035000001", "3035000002", "3035000003"))
    admin = User.objects.get(username="officer.chan")

    def entry(about: User, text: str) -> None:
        LogEntry.objects.create(
            user=admin, content_type=users, object_id=str(about.pk), object_repr=text, action_flag=CHANGE
        )

    entry(alicia, "3035000001")  # about her account
    entry(admin, "Changed the note on Bertram Vanishing")  # names him
    entry(carola, "Carola Keeping")  # she stays on a kept case

    purge()

    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == ["Carola Keeping"]
    assert not User.objects.filter(pk=bertram.pk, display_name="Bertram Vanishing").exists()


def test_it_spares_a_case_on_legal_hold_and_one_closed_too_recently() -> None:
    purge()

    held = Case.objects.get(reference="HELD-2018-0002")
    recent = Case.objects.get(reference="RECENT-2024-0001")
    assert held.summary == "keptheld-summary"
    assert recent.summary == "keptrecent-summary"
    assert User.objects.get(username="3035000004").display_name == "Dorothea Holding"
    assert set(PurgeRecord.objects.filter(case__isnull=False).values_list("reference", flat=True)) == {"OLD-2018-0001"}


def test_it_keeps_the_statistics_and_the_witness_on_a_kept_case_loses_only_her_link() -> None:
    purge()

    old = Case.objects.get(reference="OLD-2018-0001")
    assert old.stage == "closed"
    assert old.summary == ""
    assert sorted(old.parties.values_list("role", flat=True)) == ["complainant", "respondent", "witness"]
    assert old.measures.get().type == "no_contact_directive"
    carola = User.objects.get(username="3035000003")
    assert carola.display_name == "Carola Keeping"
    assert not Party.objects.filter(case=old, person=carola).exists()
    assert Party.objects.filter(case__reference="RECENT-2024-0001", person=carola).exists()


def test_it_disables_the_accounts_of_people_on_no_kept_case() -> None:
    purge()

    purged = User.objects.filter(username__startswith="purged-", is_active=False)
    assert not User.objects.filter(username__in=["3035000001", "3035000002"]).exists()
    assert purged.filter(display_name="", email="").count() >= 2
    assert not any(u.has_usable_password() for u in purged)


def test_the_audit_trail_still_verifies_after_a_purge() -> None:
    traces_of_people()
    purge()

    result = verify_trail()
    assert result.intact, result.problems
    out = StringIO()
    call_command("verify_audit", stdout=out)


def test_a_dry_run_prints_what_it_would_purge_and_changes_nothing() -> None:
    before = Case.objects.get(reference="OLD-2018-0001").summary

    output = purge("--dry-run")

    assert "would purge case OLD-2018-0001" in output
    assert "HELD-2018-0002" not in output
    assert "RECENT-2024-0001" not in output
    assert Case.objects.get(reference="OLD-2018-0001").summary == before
    assert not PurgeRecord.objects.exists()


def test_running_it_twice_purges_nothing_new() -> None:
    first = purge()
    second = purge()

    assert "purged case OLD-2018-0001" in first
    assert "OLD-2018-0001" not in second
    assert second.strip().endswith("nothing purged")


def test_a_purged_case_is_no_longer_exported_and_the_hold_is() -> None:
    purge()
    out = StringIO()

    call_command("export_cases", stdout=out)

    document: dict[str, Any] = json.loads(out.getvalue())
    references = [c["reference"] for c in document["cases"]]
    assert references == ["HELD-2018-0002", "RECENT-2024-0001"]
    held = document["cases"][0]
    assert held["legal_hold"] == {
        "reason": "litigation pending",
        "set_at": "2019-01-01T10:00:00+08:00",
        "by": "dpo.kwan",
    }
    assert document["cases"][1]["legal_hold"] is None
    assert {
        "username": "dpo.kwan",
        "email": "dpo@uni.example",
        "name": "Officer Kwan",
        "role": "data_protection_officer",
    } in document["staff"]


def test_lifting_the_hold_lets_the_next_purge_take_the_case() -> None:
    from privacy.holds import do_lift_legal_hold

    case = Case.objects.get(reference="HELD-2018-0002")
    assert LegalHold.objects.get(case=case).set_by.username == "dpo.kwan"
    do_lift_legal_hold(case, acting_user=User.objects.get(username="dpo.kwan"), at=NOW)

    output = purge()

    assert "purged case HELD-2018-0002" in output
    assert LegalHold.objects.get(case=case).reason == ""


def test_the_nightly_task_runs_the_same_purge() -> None:
    import time_machine

    from privacy.tasks import purge_task

    with time_machine.travel(NOW, tick=False):
        assert purge_task() >= 1

    assert Case.objects.get(reference="OLD-2018-0001").summary == ""
    assert "OLD-2018-0001" not in purge()


def test_an_app_the_purge_does_not_know_erases_its_own_data_through_the_registry(monkeypatch) -> None:
    from casemgr import erasure

    cases: list[int] = []
    people: list[tuple[int, list[str]]] = []
    monkeypatch.setattr(erasure, "_CASE_ERASERS", [lambda case_id, at: cases.append(case_id)])
    monkeypatch.setattr(erasure, "_PERSON_ERASERS", [lambda user_id, ids, at: people.append((user_id, list(ids)))])

    purge()

    assert cases == [Case.objects.get(reference="OLD-2018-0001").pk]
    assert sorted(ids[0] for _, ids in people) == ["3035000001", "3035000002"]


def test_evidence_may_be_kept_for_less_time_than_its_case() -> None:
    from privacy.models import RetentionRule
    from tests.privacy.test_shredding import _upload

    RetentionRule.objects.filter(record_type="evidence").update(months=12)
    RetentionRule.objects.filter(record_type="cases").update(months=240)
    _upload("RECENT-2024-0001", 3)

    output = purge()

    assert "purged 1 evidence of case RECENT-2024-0001" in output
    assert "purged case" not in output
    assert Case.objects.get(reference="RECENT-2024-0001").summary == "keptrecent-summary"
    assert not Case.objects.get(reference="RECENT-2024-0001").evidence.exclude(key_id="").exists()
