"""`manage.py seed_demo`: fictional demo data through the real actions, created once, passwords only on request."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accommodations.models import Measure
from accounts.models import User
from accounts.roles import StaffRole, has_role
from casemgr.vocabulary import FlagKind, Stage
from cases.models import Case, CaseEvent, Sanction
from demo.data.accounts import DEMO_PASSWORD, PEOPLE, STAFF
from oversight.models import Flag
from tests.conftest import hkt
from timetable.models import Enrollment, Session

# A Thursday in term, so the relative dates are easy to reason about.
NOW = hkt(2025, 10, 16, 12, 0)


def seed(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_staff_in_their_roles_without_passwords_by_default() -> None:
    output = seed()
    for staff in STAFF:
        user = User.objects.get(username=staff.username)
        assert has_role(user, staff.role)
        assert not user.has_usable_password()
    assert User.objects.filter(username__in=[p.person_id for p in PEOPLE]).count() == len(PEOPLE)
    assert DEMO_PASSWORD not in output
    assert "No passwords were set" in output


@pytest.mark.django_db
def test_it_sets_and_prints_the_demo_passwords_when_asked() -> None:
    output = seed("--with-passwords")
    officer = User.objects.get(username="officer.chan")
    assert officer.check_password(DEMO_PASSWORD)
    assert f"officer.chan    {DEMO_PASSWORD}" in output
    assert not User.objects.get(username="9990000102").has_usable_password()


@pytest.mark.django_db
def test_it_sets_the_demo_passwords_when_scripts_run_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEMGR_DEMO", "1")
    seed()
    assert User.objects.get(username="reviewer.ng").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_it_keeps_a_password_someone_changed() -> None:
    seed("--with-passwords")
    officer = User.objects.get(username="officer.chan")
    officer.set_password("a-password-of-their-own")
    officer.save()
    output = seed("--with-passwords")
    officer.refresh_from_db()
    assert officer.check_password("a-password-of-their-own")
    assert "officer.chan    (password not shown" in output


@pytest.mark.django_db
def test_it_adds_nothing_the_second_time() -> None:
    seed("--with-passwords")
    counts = (
        User.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
        Measure.objects.count(),
        Session.objects.count(),
        Enrollment.objects.count(),
        Flag.objects.count(),
    )
    output = seed("--with-passwords")
    assert "Demo cases already present" in output
    assert counts == (
        User.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
        Measure.objects.count(),
        Session.objects.count(),
        Enrollment.objects.count(),
        Flag.objects.count(),
    )
    assert counts[1] == 3


@pytest.mark.django_db
def test_it_builds_cases_whose_steps_are_overdue_relative_to_now() -> None:
    seed()
    folders = Case.objects.get(reference="DEMO-0001")
    fresh = Case.objects.get(reference="DEMO-0002")
    decided = Case.objects.get(reference="DEMO-0003")
    assert folders.stage == Stage.PRELIMINARY_ASSESSMENT
    assert folders.stage_due_at is not None
    assert folders.stage_due_at < NOW
    assert fresh.stage == Stage.RECEIVED
    assert fresh.stage_due_at is not None
    assert fresh.stage_due_at > NOW
    assert decided.stage == Stage.DECIDED
    apology = Sanction.objects.get(outcome__case=decided, type__code="apology")
    assert apology.due_at is not None
    assert apology.due_at < NOW
    assert apology.complied_at is None
    # The timeline was written by the actions, not by hand.
    assert CaseEvent.objects.filter(case=folders, type="stage", stage_to=Stage.PRELIMINARY_ASSESSMENT).exists()
    assert decided.assignments.filter(user__username="panel.ho").exists()


@pytest.mark.django_db
def test_it_raises_the_flags_at_once() -> None:
    seed()
    kinds = set(Flag.objects.filter(closed_at__isnull=True).values_list("case__reference", "kind"))
    assert ("DEMO-0001", FlagKind.STAGE_OVERDUE) in kinds
    assert ("DEMO-0001", FlagKind.MEASURE_IMPLEMENTATION_OVERDUE) in kinds
    assert ("DEMO-0003", FlagKind.SANCTION_COMPLIANCE_OVERDUE) in kinds
    assert not any(reference == "DEMO-0002" for reference, _kind in kinds)


@pytest.mark.django_db
def test_it_has_the_complainant_and_respondent_share_a_tutorial_after_the_request() -> None:
    seed()
    separation = Measure.objects.get(case__reference="DEMO-0001", type="class_separation")
    shared = Session.objects.filter(
        group__enrollments__student_id="9990000101",
        starts_at__gt=separation.requested_at,
        starts_at__lt=NOW,
    ).filter(group__in=Enrollment.objects.filter(student_id="9990000199").values("group"))
    assert shared.count() >= 1
    assert separation.implemented_at is None


def test_it_gives_every_demo_staff_role() -> None:
    assert {staff.role for staff in STAFF} == set(StaffRole)


@pytest.mark.django_db
def test_demo_staff_get_the_published_second_factor_and_demo_totp_prints_a_valid_code(capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("seed_demo", "--with-passwords")
    capsys.readouterr()
    call_command("demo_totp", "officer.chan")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__username="officer.chan", confirmed=True)
    assert len(code) == 6
    assert device.verify_token(code)


@pytest.mark.django_db
def test_demo_totp_refuses_an_account_without_the_demo_secret(officer):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=officer, name="authenticator", key="ab" * 20, confirmed=True)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", officer.username)
