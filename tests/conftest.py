"""Fixtures organised around roles: every view is tested as the people who may and may not use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.plugin import blocking_manager_key

from accounts.models import User
from accounts.roles import StaffRole
from accounts.services import do_create_person, do_create_staff
from accounts.two_factor import requires_second_factor
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.parties import do_add_party
from cases.models import Case, PartyRole

HKT = ZoneInfo("Asia/Hong_Kong")


def hkt(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment in Hong Kong time, the institution's zone in tests."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=HKT)


def _staff(username: str, role: StaffRole) -> User:
    user = do_create_staff(username=username, email=f"{username}@uni.example", name=username.title(), role=role)
    user.set_password("correct-horse-battery")
    user.save()
    return user


def _person(person_id: str, name: str) -> User:
    user = do_create_person(person_id=person_id, email=f"{person_id}@connect.uni.example", name=name, kind="student")
    user.set_password("correct-horse-battery")
    user.save()
    return user


@pytest.fixture
def officer(db: None) -> User:
    return _staff("officer.chan", StaffRole.CONDUCT_OFFICER)


@pytest.fixture
def other_officer(db: None) -> User:
    return _staff("officer.wong", StaffRole.CONDUCT_OFFICER)


@pytest.fixture
def supervisor(db: None) -> User:
    return _staff("supervisor.lee", StaffRole.CASE_SUPERVISOR)


@pytest.fixture
def panel_member(db: None) -> User:
    return _staff("panel.ho", StaffRole.PANEL_MEMBER)


@pytest.fixture
def reviewer(db: None) -> User:
    return _staff("reviewer.ng", StaffRole.GOVERNANCE_REVIEWER)


@pytest.fixture
def outsider(db: None) -> User:
    user = User.objects.create_user(username="outsider", password="correct-horse-battery")
    return user


@pytest.fixture
def complainant(db: None) -> User:
    return _person("3035001234", "Student A")


@pytest.fixture
def other_complainant(db: None) -> User:
    return _person("3035005678", "Student B")


@pytest.fixture
def respondent(db: None) -> User:
    return _person("3035009999", "Student R")


@pytest.fixture
def case(db: None, officer: User, supervisor: User, complainant: User, respondent: User) -> Case:
    """A case received 14 March 2025, assigned to `officer`, with one complainant and the respondent."""
    at = hkt(2025, 3, 14, 10, 0)
    created = do_create_case(
        reference="IBSA-2025-0007",
        received_at=at,
        summary="AI-generated intimate images of classmates found in folders.",
        allegations=[AllegationInput(conduct="creation", synthetic=True, description="Folders per person.")],
        acting_user=officer,
        at=at,
    )
    do_assign_officer(created, officer=officer, acting_user=None, at=at)
    do_add_party(created, person=complainant, role=PartyRole.COMPLAINANT, acting_user=officer, at=at)
    do_add_party(created, person=respondent, role=PartyRole.RESPONDENT, acting_user=officer, at=at)
    return created


def sign_in(client: Client, user: User) -> None:
    """A signed-in session; for staff also past the second factor, as django_otp.login leaves it."""
    client.force_login(user)
    if requires_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            sign_in(client, user)
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """What one test kept (cases.officer_choices) is not another's: ids are reused between tests."""
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that switches language must not leave later tests (and command output) in it."""
    yield
    translation.activate("en")



def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the database it found.

    A transactional test without serialized_rollback ends with a flush that recreates the content
    types under new ids; the next test that restores the serialized database then collides with them
    (IntegrityError on django_content_type), so which tests fail depends on the order they ran in.
    """
    for item in items:
        if _is_transactional(item) and not item.get_closest_marker("django_db").kwargs.get("serialized_rollback"):  # type: ignore[union-attr]
            raise pytest.UsageError(f"{item.nodeid}: a transactional test needs serialized_rollback=True as well")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test's flush, put back what the migrations wrote (the deadline policy,
    content types, groups), as Django's own runner does by running such tests last. Under pytest-xdist
    the tests of a worker come in any order, so the next ordinary test must not find an empty database."""
    yield
    if not _is_transactional(item) or nextitem is None:  # after the last test the test database is gone
        return
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
