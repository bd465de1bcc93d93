"""Every routed URL, as everyone who may not see a case, with that case's identifiers: nothing gets through.

Routes come from the resolver (tests/security/routes.py), so a new route is walked without being
listed. Each is requested with GET and POST (empty and plausible bodies; the API also with PUT, PATCH
and DELETE) by people who must not see the secret case. No answer may be a 2xx, except on the routes
of ALLOWED_2XX (public or personal pages), and no answer, allowed or not, may show the case's data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from accommodations.actions import do_decide_measure, do_request_measure
from accommodations.adjustments import do_pause_measure_deadline
from accommodations.tutor_messages import tutor_token
from accommodations.tutors import do_prepare_tutor_notification, do_send_tutor_notification
from accounts.models import Team, User
from accounts.roles import StaffRole
from accounts.services import do_create_person, do_create_staff
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.panel import do_assign_panel_member
from cases.actions.parties import do_add_party
from cases.models import Allegation, Case, PartyRole
from cases.workflow import do_change_stage
from evidence.models import Evidence, PossibleLink
from evidence.upload import do_upload_evidence
from intake.models import IntakeReport
from intake.submit import PersonInput, ReportInput, do_submit_report
from notifications.models import Notification
from oversight.sweep import sweep
from reports.samples import do_draw_review_sample
from tests.api.conftest import FullCase, full_case  # noqa: F401 - the secret case's nested records
from tests.conftest import hkt
from tests.evidence.conftest import encode, evidence_root, photo  # noqa: F401 - evidence under tmp_path
from tests.security.routes import CannotFill, Route, all_routes, concrete_url

NOW = hkt(2025, 3, 20, 10, 0)

# Routes that may answer 2xx to people who cannot see the secret case, and why. Their answers are
# still searched for the case's data.
ALLOWED_2XX = {
    "login": "the sign-in page",
    "two_factor": "the signed-in user's own second factor (enrol or type a code)",
    "set_language": "switching the language of the pages",
    "office:home": "a redirect to the user's own list",
    "office:case_list": "the user's own list: only cases they may see",
    "cases:case_new": "the complaint form; a valid post records a new case of the poster's own",
    "office:flag_list": "the flags of the user's own cases",
    "office:team_flags": "the flags of the user's own team",
    "notifications:list": "the user's own notifications",
    "notifications:unread_count": "the number of the user's own unread notifications",
    "notifications:mark_all_read": "marks the user's own notifications read",
    "notifications:preferences": "the user's own email preference",
    "api:case-list": "the cases the user may see; POST records a new case of the poster's own",
    "api:sanction-types": "the institution's sanction vocabulary",
    "api-schema": "the API's description, for staff",
    "api-docs": "the API's documentation page (Swagger UI), for staff",
    "admin:login": "the admin's sign-in page",
    # Public: asking for a password reset answers the same whether or not an account matches.
    "password_reset": "the public form to ask for a reset link (the same answer for every account or none)",
    "password_reset_sent": "the public page saying a link is on its way if an account matched",
    "account_settings": "the user's own account page (her authenticator app)",
    "account_authenticator_add": "adding the signed-in party's own authenticator app (404 for staff)",
    "privacy:notice": "the privacy notice, public",
    "intake:start": "the public page on reporting (no account needed)",
    "intake:new_report": "the public report form; a valid post sends a report only the intake team reads",
    "intake:report_sent": "the number and key of the report just sent from this session, shown once",
    "intake:lookup": "the return visit's form: a report number and its key",
    "intake:status": "the reporter's own report, once its number and key were typed in this session",
    "portal:my_cases": "a party's own case list: only the cases she is a complainant or respondent of",
    "tutor_instruction": "a tutor's instruction, opened with the signed token of the tutor's own e-mail: only "
    "what the tutor must do (the walk fills a valid token; a forged one is a 404)",
}
# Routes that answer 2xx to a governance reviewer only (everyone else gets the 404 of a missing page):
# what a reviewer needs to review how cases were handled, without the people in them.
REVIEWER_2XX = {
    "reports:timeliness": "the timeliness report: figures only, small numbers suppressed",
    "reports:teams": "the timeliness report by team: figures only",
    "reports:outcomes": "outcomes by allegation: figures only",
    "reports:case_list": "every case's reference, dates, stage and flags: no people and no texts",
    "reports:chronology": "a case's pseudonymised chronology: no names, ids or texts; each look is audited",
    "reports:samples": "the random samples drawn for handling reviews; a valid post draws one",
    "reports:sample": "one sample: its seed and the references drawn",
}
# Routes that answer 2xx to the data protection officer only: the requests she records and the legal
# holds, which show a case's reference and hold and nothing of its content.
DPO_2XX = {
    "privacy:request_list": "the data requests recorded: kind and dates",
    "privacy:request_new": "the form to record a data request",
    "privacy:holds": "every case on legal hold, by reference; a valid post sets a hold",
    "privacy:case_hold": "a case's legal hold (its reference and the hold): set or lift it",
    "api:case-legal-hold": "a case's legal hold: read, set or lift it",
}
DPO_REFERENCE_ALLOWED = {
    ("data_protection_officer", "privacy:case_hold"),
    ("data_protection_officer", "privacy:holds"),
}
# Routes that answer 2xx to the complainant and the respondent of the case only (their own pages of it);
# their answers are still searched for the case's data, which must not be there (no reference, summary,
# allegation or other person; the respondent reads nothing before the notice is released).
PARTY_2XX = {
    "portal:case": "her own case page, in plain words: her own requests, messages and files only",
    "portal:measure": "the form to ask for a measure on her own case",
    "portal:review": "the form to ask for a review of a decision or delay on her own case",
    "portal:information": "the form to add a file to her own case",
    "portal:withdraw": "the confirmation to withdraw her own complaint",
    "portal:message": "a message in her own thread with her officer",
    "portal:access": "who on the staff opened her own case, by role and day only (no names, no other party)",
}
PARTY_ROLES = {"complainant_of_this_case", "respondent_of_this_case"}
# Signing out would end the walk's session: it goes last.
LAST = {"logout"}
API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"
# A page that is the viewer's own may name the case they are a party to, and nothing more of it: a
# complainant's notices about her own requests carry her case's reference.
OWN_CASE_REFERENCE_ALLOWED = {("complainant_of_this_case", "notifications:list")}
# A reviewer sees every case's reference on her case list and its chronology, and nothing more of it.
REVIEWER_REFERENCE_ALLOWED = {
    ("reviewer", "reports:case_list"),
    ("reviewer", "reports:chronology"),
    ("reviewer", "reports:sample"),
}


@dataclass
class World:
    secret: Case
    full: FullCase
    other_case: Case
    users: dict[str, User]
    notification_id: int
    evidence_id: str
    link_id: str
    adjustment_id: int
    tutor_token: str
    sample_id: int
    report: IntakeReport

    def markers(self, viewer: User | None) -> list[str]:
        """What must never be shown: the case's reference, summary, allegations and its people."""
        texts = [self.secret.reference, self.secret.summary]
        texts += [a.description for a in Allegation.objects.filter(case=self.secret) if a.description]
        texts += [e.description for e in Evidence.objects.filter(case=self.secret) if e.description]
        # An online report only the intake team may read (none of the walkers is on it).
        texts += [self.report.account, self.report.reporter_name, self.report.number]
        for party in self.secret.parties.select_related("person"):
            if viewer is not None and party.person_id == viewer.pk:
                continue  # one's own name in the page header is not a leak
            texts += [party.person.display_name, party.person.username]
        return [t for t in texts if t]


@pytest.fixture
def world(full_case: FullCase, officer, other_officer, panel_member, reviewer, other_complainant, settings) -> World:  # noqa: F811
    at = hkt(2025, 3, 18, 9, 0)
    # The intake team is a team of its own here, so that no walker may read its reports.
    settings.CASEMGR_INTAKE_TEAM = "Intake"
    report = do_submit_report(
        ReportInput(
            way="named",
            conducts=["distribution"],
            synthetic="real",
            account="The secret online report account.",
            place="online",
            reporter=PersonInput(name="Reporter Secret", email="secret.reporter@connect.uni.example"),
        ),
        at=at,
    ).report
    team = Team.objects.create(name="Second team")
    other_team = do_create_staff(
        username="supervisor.yip",
        email="yip@uni.example",
        name="Supervisor Yip",
        role=StaffRole.CASE_SUPERVISOR,
        team=team,
    )
    other_case = do_create_case(
        reference="OTHER-2025-0100",
        received_at=at,
        summary="An unrelated complaint.",
        allegations=[AllegationInput(conduct="distribution", synthetic=False, description="Unrelated.")],
        acting_user=other_officer,
        at=at,
        team=team,
    )
    do_assign_officer(other_case, officer=other_officer, acting_user=None, at=at)
    other_respondent = do_create_person(
        person_id="3035007777", email="r7@uni.example", name="Student S", kind="student"
    )
    do_add_party(other_case, person=other_complainant, role=PartyRole.COMPLAINANT, acting_user=other_officer, at=at)
    do_add_party(other_case, person=other_respondent, role=PartyRole.RESPONDENT, acting_user=other_officer, at=at)
    do_assign_panel_member(other_case, member=panel_member, acting_user=other_officer, at=at)
    unassigned = do_create_staff(
        username="officer.ip", email="ip@uni.example", name="Officer Ip", role=StaffRole.CONDUCT_OFFICER
    )
    # Flags and notices about the secret case, for its officer (level 1): others must not see them.
    sweep(hkt(2025, 3, 21, 9, 0))
    # Evidence on the secret case, and a near-identical picture on the other case: a possible link.
    complainant_party = full_case.case.parties.get(role=PartyRole.COMPLAINANT)
    evidence = do_upload_evidence(
        full_case.case,
        content=encode(photo(7), "PNG"),
        filename="folder.png",
        description="Picture from the folder named after her.",
        depicts=complainant_party,
        source="officer",
        acting_user=officer,
        at=at,
    )
    do_upload_evidence(
        other_case,
        content=encode(photo(7), "JPEG", quality=90),
        filename="chat.jpg",
        description="",
        depicts=None,
        source="officer",
        acting_user=other_officer,
        at=at,
    )
    link = PossibleLink.objects.get()
    # A paused deadline and a tutor's instruction sent, on the secret case.
    tutors = do_request_measure(
        full_case.case,
        type="tutor_notification",
        requested_by=complainant_party.person,
        against=None,
        requested_at=at,
        recorded_by=officer,
        at=at,
    )
    pause = do_pause_measure_deadline(
        tutors, step="implementation", reason="Walk.", review_at=hkt(2025, 4, 30, 12), acting_user=officer, at=at
    )
    do_decide_measure(tutors, decision="approved", reasons="", acting_user=officer, at=at)
    do_prepare_tutor_notification(
        tutors,
        tutor_name="Dr Lam",
        tutor_email="lam@uni.example",
        instruction="Keep the two students apart in tutorials.",
        acting_user=officer,
        at=at,
    )
    do_send_tutor_notification(tutors, acting_user=officer, at=at)
    # A review sample that drew the secret case (once it is closed, as a sample draws only closed cases).
    do_change_stage(full_case.case, to="closed", reason="Walk.", acting_user=officer, at=at, validate=False)
    sample = do_draw_review_sample(
        first=dt.date(2025, 1, 1), last=dt.date(2025, 12, 31), size=5, acting_user=reviewer, at=at
    )
    assert sample.references == [full_case.case.reference]
    notification = Notification.objects.filter(case=full_case.case).first()
    assert notification is not None
    dpo = do_create_staff(
        username="dpo.kwan", email="dpo@uni.example", name="Officer Kwan", role=StaffRole.DATA_PROTECTION_OFFICER
    )
    for user in (other_team, unassigned, dpo):
        user.set_password("correct-horse-battery")
        user.save()
    users = {
        "officer_of_another_case": other_officer,
        "unassigned_officer": unassigned,
        "supervisor_of_another_team": other_team,
        "panel_member_not_on_this_case": panel_member,
        "reviewer": reviewer,
        "other_complainant": other_complainant,
        "complainant_of_this_case": full_case.case.parties.get(role=PartyRole.COMPLAINANT).person,
        "respondent_of_this_case": full_case.case.parties.get(role=PartyRole.RESPONDENT).person,
        "assigned_officer_without_second_factor": officer,
        "data_protection_officer": dpo,
    }
    return World(
        secret=full_case.case,
        full=full_case,
        other_case=other_case,
        users=users,
        notification_id=notification.pk,
        evidence_id=str(evidence.public_id),
        link_id=str(link.public_id),
        adjustment_id=pause.pk,
        tutor_token=tutor_token(tutors),
        sample_id=sample.pk,
        report=report,
    )


def _filler(world: World) -> Callable[[str, str, str, Route], str]:
    by_segment = {
        "parties": "party",
        "requests": "request",
        "proceedings": "proceeding",
        "outcomes": "outcome",
        "sanctions": "sanction",
        "appeals": "appeal",
        "measures": "measure",
    }

    def fill(converter: str, name: str, before: str, route: Route) -> str:
        if converter == "uuid" and name in {"case_id", "public_id"}:
            return str(world.secret.public_id)
        if converter == "uuid" and name == "evidence_id":
            return world.evidence_id
        if converter == "uuid" and name == "link_id":
            return world.link_id
        if converter == "int" and name == "notification_id":
            return str(world.notification_id)
        if converter == "int" and before == "deadline-adjustments":
            return str(world.adjustment_id)
        if converter == "str" and name == "token" and route.name == "tutor_instruction":
            return world.tutor_token
        if converter == "str" and name == "token" and route.name == "account_link":
            # Public, the token its only key: a wrong one is a 404 with a clear page (tests/accounts).
            return "0" * 64
        if converter == "slug" and name == "step" and route.name == "privacy:request_step":
            return "identity"
        if converter == "uuid" and name == "report_id":
            return str(world.report.public_id)
        if converter == "int" and name == "sample_id":
            return str(world.sample_id)
        if converter == "int" and before in by_segment:
            return str(world.full.ids[by_segment[before]])
        if converter == "str" and name == "username":
            return str(world.users["assigned_officer_without_second_factor"].username)
        if converter == "regex" and name == "app_label":
            return "cases"
        if converter == "regex" and name == "url":
            return "cases/unknown/"
        if route.name == "admin:view_on_site":
            return str(ContentType.objects.get_for_model(Case).pk if name == "content_type_id" else world.secret.pk)
        if name in {"object_id", "pk", "id"} and route.pattern.startswith("admin/"):
            return _admin_object_id(route, world)
        raise CannotFill(
            f"{route.label}: no value for <{converter}:{name}> (after {before!r}); "
            "say in tests/security/test_route_walk.py how to fill it with an identifier of the secret case"
        )

    return fill


def _admin_object_id(route: Route, world: World) -> str:
    """A row of the model the admin route is under (admin/<app_label>/<model_name>/...)."""
    found = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if found is None:
        raise CannotFill(f"{route.label}: an admin route outside admin/<app>/<model>/")
    model = apps.get_model(found.group(1), found.group(2))
    if model is Case:
        return str(world.secret.pk)
    if model is User:
        return str(world.users["complainant_of_this_case"].pk)
    field_names = {f.name for f in model._meta.get_fields()}
    if "case" in field_names:
        row = model.objects.filter(case=world.secret).first()
        if row is not None:
            return str(row.pk)
    first = model.objects.order_by("pk").first()
    return str(first.pk) if first is not None else "1"


def _plausible(world: World, viewer: User | None) -> dict[str, Any]:
    """One body with the fields the case forms and API inputs read, pointing at the secret case's records."""
    ids = world.full.ids
    me = viewer.username if viewer is not None else "someone"
    return {
        "to": "investigation",
        "reason": "Walk.",
        "type": "note",
        "text": "Walk.",
        "conduct": "creation",
        "synthetic": True,
        "description": "Walk.",
        "person": me,
        "person_id": me,
        "role": "complainant",
        "username": me,
        "officer": viewer.pk if viewer is not None else 1,
        "member": viewer.pk if viewer is not None else 1,
        "kind": "class_adjustment",
        "details": "Walk.",
        "requested_at": "2025-03-19T10:00:00+08:00",
        "informed_at": "2025-03-19T10:00:00+08:00",
        "complied_at": "2025-03-19T10:00:00+08:00",
        "implemented_at": "2025-03-19T10:00:00+08:00",
        "party": ids["party"],
        "request": ids["request"],
        "proceeding": ids["proceeding"],
        "outcome": ids["outcome"],
        "sanction": ids["sanction"],
        "appeal": ids["appeal"],
        "measure": ids["measure"],
        "grants": "granted",
        "reasons": "Walk.",
        "decision": "approved",
        "note": "Walk.",
        "grounds": "Walk.",
        "result": "upheld",
        "body": "police",
        "status": "considering",
        "complainant_consent": True,
        "reference_number": "W-1",
        "language": "en",
        "code": "123456",
    }


def _requests(route: Route, url: str, body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "get", {}
    yield "post", {}
    if url.startswith(ADMIN_PREFIX):
        return  # the admin answers only superusers; none of the walkers is one
    if url.startswith(API_PREFIX):
        for method in ("post", "put", "patch", "delete"):
            yield method, {"data": json.dumps(body), "content_type": "application/json"}
    else:
        yield "post", {"data": {k: v for k, v in body.items() if not isinstance(v, bool) or v}}


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return bytes(content).decode("utf-8", errors="replace")


# The roles marked `sqlite` are walked on the embedded default too (scripts/test): one of each kind of
# page set (staff, reviewer, party), to keep that run short.
ON_SQLITE = pytest.mark.sqlite
ROLES = [
    "anonymous",
    "officer_of_another_case",
    pytest.param("unassigned_officer", marks=ON_SQLITE),
    "supervisor_of_another_team",
    "panel_member_not_on_this_case",
    pytest.param("reviewer", marks=ON_SQLITE),
    "other_complainant",
    pytest.param("complainant_of_this_case", marks=ON_SQLITE),
    "respondent_of_this_case",
    "assigned_officer_without_second_factor",
    "data_protection_officer",
]



def _client(role: str, world: World, client_for: Callable[[User | None], Client]) -> tuple[Client, User | None]:
    if role == "anonymous":
        return Client(), None
    user = world.users[role]
    if role == "assigned_officer_without_second_factor":
        client = Client()
        client.force_login(user)  # the password step only: django-otp has not verified this session
        return client, user
    return client_for(user), user


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_nobody_a_case_they_are_not_on(role, world, client_for):
    with time_machine.travel(NOW, tick=False):
        client, viewer = _client(role, world, client_for)
        markers = world.markers(viewer)
        fill = _filler(world)
        body = _plausible(world, viewer)
        problems: list[str] = []
        routes = sorted(all_routes(), key=lambda r: r.name in LAST)
        for route in routes:
            try:
                url = concrete_url(route, fill)
            except CannotFill as missing:
                problems.append(f"cannot fill: {missing}")
                continue
            for method, kwargs in _requests(route, url, body):
                response = getattr(client, method)(url, **kwargs)
                where = f"{method.upper()} {url} ({route.label}) as {role}"
                may_answer = (
                    route.name in ALLOWED_2XX
                    or (role == "reviewer" and route.name in REVIEWER_2XX)
                    or (role == "data_protection_officer" and route.name in DPO_2XX)
                    or (role in PARTY_ROLES and route.name in PARTY_2XX)
                )
                if 200 <= response.status_code < 300 and not may_answer:
                    problems.append(f"{where}: answered {response.status_code}")
                text = _text(response)
                reference_allowed = OWN_CASE_REFERENCE_ALLOWED | REVIEWER_REFERENCE_ALLOWED | DPO_REFERENCE_ALLOWED
                allowed = {world.secret.reference} if (role, route.name) in reference_allowed else set()
                shown = [m for m in markers if m in text and m not in allowed]
                if shown:
                    problems.append(f"{where}: shows {shown}")
        assert not problems, "\n".join(problems)


@pytest.mark.sqlite
def test_it_fills_every_route_and_allows_only_routes_that_exist(world):
    routes = all_routes()
    names = {r.name for r in routes}
    assert set(ALLOWED_2XX) <= names, set(ALLOWED_2XX) - names
    assert set(REVIEWER_2XX) <= names, set(REVIEWER_2XX) - names
    assert set(DPO_2XX) <= names, set(DPO_2XX) - names
    fill = _filler(world)
    missing = []
    for route in routes:
        try:
            concrete_url(route, fill)
        except CannotFill as error:
            missing.append(str(error))
    assert not missing, "\n".join(missing)
    # The walk reaches the case's own pages, the API and the admin.
    assert {"office:case_detail", "api:case-detail", "api:measure-lift", "notifications:mark_read"} <= names
    assert any(r.pattern.startswith("admin/") for r in routes)


@pytest.mark.sqlite
def test_it_finds_the_case_data_where_the_case_is_shown(world, officer, client_for):
    # The control: the walk's search would see a leak, since the assigned officer's page shows it all.
    with time_machine.travel(NOW, tick=False):
        text = _text(client_for(officer).get(f"/cases/{world.secret.public_id}/"))
    report = {world.report.account, world.report.reporter_name, world.report.number}
    missing = [
        m
        for m in world.markers(officer)
        if m not in text and m != "Picture from the folder named after her." and m not in report
    ]
    assert not missing, missing
    # And the online report's, on its page for the intake team.
    intake_officer = do_create_staff(
        username="officer.intake",
        email="intake@uni.example",
        name="Officer Intake",
        role=StaffRole.CONDUCT_OFFICER,
        team=Team.objects.get_or_create(name="Intake")[0],
    )
    with time_machine.travel(NOW, tick=False):
        page = _text(client_for(intake_officer).get(f"/intake/{world.report.public_id}/"))
    assert not [m for m in report if m not in page]
