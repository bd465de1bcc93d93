from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from cases.changes import record_case_change
from cases.models import Case, Party, PartyRole


def check_party(case: Case, *, person: User, role: str) -> None:
    if role not in PartyRole.values:
        raise ValidationError({"role": _("%(role)s is not a party role.") % {"role": role}})
    if Party.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"person": _("%(person)s is already on the case in that role.") % {"person": person}})
    if (
        role == PartyRole.RESPONDENT
        and Party.objects.filter(
            case=case, person=person, role__in=[PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON]
        ).exists()
    ):
        raise ValidationError({"role": _("A complainant or affected person cannot also be a respondent.")})
    if (
        role in (PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON)
        and Party.objects.filter(case=case, person=person, role=PartyRole.RESPONDENT).exists()
    ):
        raise ValidationError({"role": _("The respondent cannot also be a complainant or affected person.")})


@audited
def do_add_party(
    case: Case, *, person: User, role: str, acting_user: User | None, at: dt.datetime, record: bool = True
) -> Party:
    check_party(case, person=person, role=role)
    party = Party.objects.create(case=case, person=person, role=role, added_at=at)
    on_timeline = record and acting_user is not None
    record_case_change(
        case,
        action="party.add",
        acting_user=acting_user,
        at=at,
        text=_("%(role)s added.") % {"role": PartyRole(role).label},
        detail={"action": "add_party", "party": party.pk},
        on_timeline=on_timeline,
        audit_detail={"role": role},
        activity=on_timeline,
    )
    return party


@audited
def do_record_contact(
    party: Party,
    *,
    informed_at: dt.datetime | None,
    support_offered_at: dt.datetime | None,
    acting_user: User,
    at: dt.datetime,
) -> Party:
    """Record when an identified person was told about the case and offered support."""
    if informed_at is None and support_offered_at is None:
        raise ValidationError({"informed_at": _("Give when the person was informed or offered support.")})
    if informed_at is not None:
        party.informed_at = informed_at
    if support_offered_at is not None:
        party.support_offered_at = support_offered_at
    party.save(update_fields=["informed_at", "support_offered_at"])
    record_case_change(
        party.case,
        action="party.contact",
        acting_user=acting_user,
        at=at,
        text=_("Contact with a %(role)s recorded.") % {"role": PartyRole(party.role).label},
        detail={"action": "contact", "party": party.pk},
    )
    return party
