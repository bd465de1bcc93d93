"""Reading a case's evidence: one item within its case, the inventory by person, the possible links."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from cases.access import SUPERVISE, CaseNotFound, user_may
from cases.models import Case, Party, PartyRole
from evidence.models import Evidence, PossibleLink
from evidence.upload import DEPICTABLE_ROLES


def access_evidence(case: Case, evidence_id: Any) -> Evidence:
    """The evidence with public id `evidence_id` on `case` (already authorised). A missing id, a
    malformed one or one on another case gives the same 404 as a forbidden case; so does a file the
    purge has crypto-shredded (its key is gone: privacy.shredding)."""
    try:
        public_id = evidence_id if isinstance(evidence_id, uuid.UUID) else uuid.UUID(str(evidence_id))
    except ValueError:
        raise CaseNotFound from None
    evidence = Evidence.objects.filter(case=case, public_id=public_id).exclude(key_id="").select_related("case").first()
    if evidence is None:
        raise CaseNotFound
    return evidence


@dataclass
class PersonGroup:
    person_id: int
    name: str
    roles: list[str] = field(default_factory=list)
    complained: bool = False
    items: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Inventory:
    groups: list[PersonGroup]  # every complainant and affected person, with what depicts them
    unassigned: list[Evidence]
    total: int
    people_depicted: int
    complainants: int
    depicted_not_complained: int  # the gap between who is affected and who has come forward


def evidence_inventory(case: Case) -> Inventory:
    """The case's evidence grouped by the person it depicts (two queries)."""
    parties = Party.objects.filter(case=case, role__in=DEPICTABLE_ROLES).select_related("person")
    groups: dict[int, PersonGroup] = {}
    # Complainants first, then the affected people who have not come forward, each in the order added.
    for party in sorted(parties, key=lambda p: (p.role != PartyRole.COMPLAINANT, p.pk)):
        group = groups.setdefault(party.person_id, PersonGroup(person_id=party.person_id, name=str(party.person)))
        group.roles.append(str(PartyRole(party.role).label))
        group.complained = group.complained or party.role == PartyRole.COMPLAINANT
    by_person: dict[int, list[Evidence]] = defaultdict(list)
    unassigned: list[Evidence] = []
    items = list(Evidence.objects.filter(case=case).select_related("depicts").order_by("uploaded_at", "id"))
    for item in items:
        if item.depicts is None:
            unassigned.append(item)
        else:
            by_person[item.depicts.person_id].append(item)
    for person_id, person_items in by_person.items():
        if person_id in groups:
            groups[person_id].items = person_items
    depicted = [g for g in groups.values() if g.items]
    return Inventory(
        groups=list(groups.values()),
        unassigned=unassigned,
        total=len(items),
        people_depicted=len(depicted),
        complainants=sum(1 for g in groups.values() if g.complained),
        depicted_not_complained=sum(1 for g in depicted if not g.complained),
    )


@dataclass(frozen=True)
class LinkReview:
    link: PossibleLink
    may_link: bool  # the user supervises both cases
    other_reference: str  # only when may_link; otherwise the other case stays unnamed


def possible_links_for(user: Any, case: Case) -> list[LinkReview]:
    """Open possible links of `case`, for a user who may supervise it (empty for anyone else)."""
    if not user_may(user, case, SUPERVISE):
        return []
    links = (
        PossibleLink.objects.filter(Q(first_case=case) | Q(second_case=case), resolved_at__isnull=True)
        .select_related("first_case", "second_case")
        .order_by("created_at", "id")
    )
    reviews = []
    for link in links:
        other = link.second_case if link.first_case_id == case.pk else link.first_case
        may_link = user_may(user, other, SUPERVISE)
        reviews.append(LinkReview(link=link, may_link=may_link, other_reference=other.reference if may_link else ""))
    return reviews


def possible_link_on(case: Case, link_id: uuid.UUID) -> PossibleLink:
    """The possible link `link_id` involving `case`, else the same 404."""
    link = PossibleLink.objects.filter(Q(first_case=case) | Q(second_case=case), public_id=link_id).first()
    if link is None:
        raise CaseNotFound
    return link
