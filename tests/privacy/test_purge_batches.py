"""The purge works through the cases due a batch at a time (privacy.purge.CASES_PER_BATCH): whatever the
batches, each person is anonymised once, when the last case that named her goes, and each purged case
names stand-ins of its own, so that two purged cases cannot be linked through one."""

from __future__ import annotations

import json

import pytest

from accounts.models import User
from cases.models import Case, Party
from privacy import purge as purge_module
from privacy.purge import purge
from tests.conftest import hkt
from tests.privacy.conftest import CASES_FILE, NOW, _case

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PEOPLE = [
    {"id": "3036000001", "name": "Ada Twice", "email": "ada@connect.uni.example", "kind": "student"},
    {"id": "3036000002", "name": "Bo Twice", "email": "bo@connect.uni.example", "kind": "student"},
    {"id": "3036000003", "name": "Cy Once", "email": "cy@connect.uni.example", "kind": "student"},
    {"id": "3036000004", "name": "Di Kept", "email": "di@connect.uni.example", "kind": "student"},
]


def _cases_file() -> str:
    old = {"received": "2018-01-10T10:00:00+08:00", "closed": "2018-06-01T10:00:00+08:00"}
    cases = [
        # Ada and Bo are on two purged cases each, in different batches when a batch holds one or two.
        _case(
            "OLD-2018-0101",
            **old,
            secret="first",
            parties=[("3036000001", "complainant"), ("3036000002", "respondent")],
        ),
        _case(
            "OLD-2018-0102",
            **old,
            secret="second",
            parties=[("3036000001", "complainant"), ("3036000003", "respondent")],
        ),
        _case(
            "OLD-2018-0103", **old, secret="third", parties=[("3036000002", "complainant"), ("3036000004", "witness")]
        ),
        # Di stays on a case closed too recently to purge.
        _case(
            "RECENT-2024-0101",
            received="2024-01-10T10:00:00+08:00",
            closed="2024-06-01T10:00:00+08:00",
            secret="kept",
            parties=[("3036000004", "complainant")],
        ),
    ]
    return json.dumps({**CASES_FILE, "people": PEOPLE, "cases": cases})


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_every_batching_anonymises_each_person_once_and_gives_each_case_its_own_stand_ins(batch, monkeypatch):
    from interchange.importer import import_cases_text

    import_cases_text(_cases_file(), at=hkt(2024, 7, 1, 9, 0))
    monkeypatch.setattr(purge_module, "CASES_PER_BATCH", batch)

    result = purge(now=NOW)

    assert [item.reference for item in result.items if item.record_type == "cases"] == [
        "OLD-2018-0101",
        "OLD-2018-0102",
        "OLD-2018-0103",
    ]
    assert result.people_anonymised == 3  # Ada, Bo and Cy; Di is on a kept case
    assert not User.objects.filter(username__in=["3036000001", "3036000002", "3036000003"]).exists()
    di = User.objects.get(username="3036000004")
    assert di.display_name == "Di Kept"
    assert Party.objects.filter(person=di).get().case.reference == "RECENT-2024-0101"
    # Every party of a purged case is a stand-in of that case alone.
    purged = Party.objects.filter(case__reference__startswith="OLD-")
    assert purged.count() == 6
    stand_ins = list(purged.values_list("person_id", flat=True))
    assert len(set(stand_ins)) == 6
    assert all(u.username.startswith("purged-") and not u.is_active for u in User.objects.filter(pk__in=stand_ins))
    assert Case.objects.filter(reference__startswith="OLD-", summary="").count() == 3
    assert Case.objects.get(reference="RECENT-2024-0101").summary == "kept-summary"


def test_it_chooses_the_same_cases_whether_it_reads_their_closing_by_ids_or_by_stage(monkeypatch):
    from interchange.importer import import_cases_text
    from privacy import retention
    from privacy.models import RecordType
    from privacy.purge import cases_due
    from privacy.retention import rule_for, schedule_in_force

    import_cases_text(_cases_file(), at=hkt(2024, 7, 1, 9, 0))
    # Its closing event (2018) says when it closed, not the time its stage was last stored.
    Case.objects.filter(reference="OLD-2018-0103").update(stage_entered_at=NOW)
    rule = rule_for(schedule_in_force(NOW), RecordType.CASES)
    assert rule is not None
    by_ids = [c.reference for c in cases_due(NOW, rule, record_type=RecordType.CASES)]
    monkeypatch.setattr(retention, "_LISTED_CASES", 0)  # as for the tens of thousands of a first purge
    by_stage = [c.reference for c in cases_due(NOW, rule, record_type=RecordType.CASES)]
    assert by_ids == by_stage == ["OLD-2018-0101", "OLD-2018-0102", "OLD-2018-0103"]
