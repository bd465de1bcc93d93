"""Recording a complaint with its people in one step, as an officer does at intake."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import do_create_person
from audit.actions import audited, record_action
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.parties import do_add_party
from cases.deadlines import refresh_case_deadlines
from cases.models import Case, Party, PartyRole


@dataclass(frozen=True)
class PartyInput:
    """A person on a case by institutional id; name, email and kind create them if they are new."""

    person_id: str
    role: str
    name: str = ""
    email: str = ""
    kind: str = ""


def check_party_input(party: PartyInput) -> None:
    """Raise ValidationError (fields `person_id`, `role`, `name`) unless `party` names or creates a person."""
    if not party.person_id.strip():
        raise ValidationError({"person_id": _("Give the person's institutional id.")})
    if party.role not in PartyRole.values:
        raise ValidationError({"role": _("%(role)s is not a party role.") % {"role": party.role}})
    if not User.objects.filter(username=party.person_id.strip()).exists() and not party.name.strip():
        raise ValidationError({"name": _("No one has this id yet: give a name to add them.")})


def resolve_person(party: PartyInput) -> User:
    """The account with the party's id, created (no usable password) if there is none yet."""
    check_party_input(party)
    person_id = party.person_id.strip()
    existing = User.objects.filter(username=person_id).first()
    if existing is not None:
        return existing
    return do_create_person(
        person_id=person_id, email=party.email.strip(), name=party.name.strip(), kind=party.kind.strip()
    )


@audited
def do_add_party_by_id(case: Case, *, party: PartyInput, acting_user: User, at: dt.datetime) -> Party:
    """Add a person (found by id, or created) to `case` in a role. Raises ValidationError as do_add_party."""
    added = do_add_party(case, person=resolve_person(party), role=party.role, acting_user=acting_user, at=at)
    record_action(
        "party.add", actor=acting_user, at=at, case_id=case.pk, detail={"party": added.pk, "role": added.role}
    )
    return added


@audited
def do_record_complaint(
    *,
    reference: str,
    received_at: dt.datetime,
    summary: str,
    allegations: list[AllegationInput],
    parties: list[PartyInput],
    acting_user: User,
    at: dt.datetime,
) -> Case:
    """Create the case, assign the recording officer, and add every party; all or nothing.

    Raises ValidationError; an error about a party names the field `parties` and the row number.
    """
    if received_at > at:
        raise ValidationError({"received_at": _("A complaint cannot be received in the future.")})
    case = do_create_case(
        reference=reference,
        received_at=received_at,
        summary=summary,
        allegations=allegations,
        acting_user=acting_user,
        at=at,
        team=acting_user.team,
    )
    do_assign_officer(case, officer=acting_user, acting_user=None, at=at)
    added = []
    for row, party in enumerate(parties, start=1):
        try:
            added.append(
                do_add_party(case, person=resolve_person(party), role=party.role, acting_user=acting_user, at=at)
            )
        except ValidationError as error:
            messages = [str(m) for m in error.messages]
            raise ValidationError(
                {"parties": _("Person %(row)s: %(problem)s") % {"row": row, "problem": " ".join(messages)}}
            ) from error
    refresh_case_deadlines(case, activity_at=at)
    record_action(
        "complaint.record",
        actor=acting_user,
        at=at,
        case_id=case.pk,
        detail={"allegations": len(allegations), "parties": [p.pk for p in added]},
    )
    return case
