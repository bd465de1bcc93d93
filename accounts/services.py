"""Creating accounts and granting staff roles."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Team, User
from accounts.roles import StaffRole

DEFAULT_TEAM_NAME = "Conduct Office"


def get_default_team() -> Team:
    team, _ = Team.objects.get_or_create(name=DEFAULT_TEAM_NAME)
    return team


def role_group(role: StaffRole) -> Group:
    group, _ = Group.objects.get_or_create(name=role.value)
    return group


def team_supervisor_group(team: Team) -> Group:
    """The group through which a team's supervisors hold their object permissions on its cases."""
    group, _ = Group.objects.get_or_create(name=f"team-{team.pk}-supervisors")
    return group


@transaction.atomic
def do_create_staff(*, username: str, email: str, name: str, role: StaffRole, team: Team | None = None) -> User:
    """Create a staff account with no usable password (they are invited to set one)."""
    user = User(username=username, email=email, display_name=name, team=team or get_default_team())
    user.set_unusable_password()
    user.save()
    user.groups.add(role_group(role))
    if role == StaffRole.CASE_SUPERVISOR and user.team is not None:
        user.groups.add(team_supervisor_group(user.team))
    return user


def new_person(*, person_id: str, email: str, name: str, kind: str) -> User:
    """The unsaved account of a person on a case, with no usable password until invited (for bulk writes)."""
    user = User(username=person_id, email=email, display_name=name, person_kind=kind)
    # What set_unusable_password stores (the prefix and 40 random characters), drawn in one call rather
    # than forty: an import creates tens of thousands of these.
    user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
    return user


def do_create_person(*, person_id: str, email: str, name: str, kind: str) -> User:
    """Create the account of a person on a case, with no usable password until invited."""
    user = new_person(person_id=person_id, email=email, name=name, kind=kind)
    user.save()
    return user
