"""The demo staff and people. Every name and id here is fictional."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import StaffRole
from accounts.services import do_create_person, do_create_staff
from accounts.two_factor import DEVICE_NAME

# Shown on the terminal by scripts/run and in README.md; set only when demo passwords are asked for.
# A published demo password (README), set only when demo passwords are asked for: hence S105/B105.
DEMO_PASSWORD = "casemgr-demo-2025"  # noqa: S105  # nosec B105
# The demo staff's published second-factor secret (hex of 20 bytes), given only with demo passwords, so
# that `manage.py demo_totp USER` can print the current code on a demo installation.
DEMO_TOTP_KEY = b"casemgr-demo-totp-20".hex()


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    role: StaffRole


@dataclass(frozen=True)
class DemoPerson:
    person_id: str
    name: str
    # Only some people get a demo log-in: enough to show the complainant's and the respondent's view.
    can_log_in: bool = False


STAFF = (
    DemoStaff("officer.chan", "Officer Chan (demo)", StaffRole.CONDUCT_OFFICER),
    DemoStaff("officer.wong", "Officer Wong (demo)", StaffRole.CONDUCT_OFFICER),
    DemoStaff("supervisor.lee", "Supervisor Lee (demo)", StaffRole.CASE_SUPERVISOR),
    DemoStaff("panel.ho", "Panel Member Ho (demo)", StaffRole.PANEL_MEMBER),
    DemoStaff("reviewer.ng", "Reviewer Ng (demo)", StaffRole.GOVERNANCE_REVIEWER),
    DemoStaff("dpo.kwan", "Data Protection Officer Kwan (demo)", StaffRole.DATA_PROTECTION_OFFICER),
)

PEOPLE = (
    DemoPerson("9990000101", "Demo Student A", can_log_in=True),
    DemoPerson("9990000102", "Demo Student B"),
    DemoPerson("9990000103", "Demo Student C"),
    DemoPerson("9990000199", "Demo Student R", can_log_in=True),
    DemoPerson("9990000201", "Demo Student D"),
    DemoPerson("9990000299", "Demo Student S"),
    DemoPerson("9990000301", "Demo Student E"),
    DemoPerson("9990000399", "Demo Student T"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str
    password: str | None


def ensure_demo_accounts(*, with_passwords: bool) -> tuple[dict[str, User], list[DemoLogin]]:
    """Create the demo accounts that do not exist yet; returns every demo account by username and the log-ins.

    With `with_passwords`, accounts that can log in and have no usable password get DEMO_PASSWORD; an
    account whose password someone has since changed keeps it. Without it, no password is ever set.
    """
    if with_passwords:
        validate_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    for staff in STAFF:
        user = User.objects.filter(username=staff.username).first()
        if user is None:
            user = do_create_staff(
                username=staff.username, email=f"{staff.username}@uni.example", name=staff.name, role=staff.role
            )
        users[staff.username] = user
        logins.append(_login(user, str(staff.role.label), with_passwords=with_passwords))
        if with_passwords and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
    for person in PEOPLE:
        user = User.objects.filter(username=person.person_id).first()
        if user is None:
            user = do_create_person(
                person_id=person.person_id,
                email=f"{person.person_id}@connect.uni.example",
                name=person.name,
                kind="student",
            )
        users[person.person_id] = user
        if person.can_log_in:
            logins.append(_login(user, person.name, with_passwords=with_passwords))
    return users, logins


def _login(user: User, description: str, *, with_passwords: bool) -> DemoLogin:
    if not with_passwords:
        return DemoLogin(username=user.username, description=description, password=None)
    if not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        known = True
    else:
        known = user.check_password(DEMO_PASSWORD)
    return DemoLogin(username=user.username, description=description, password=DEMO_PASSWORD if known else None)
