"""Cross-case matching: a new picture near-identical to evidence on another case raises a possible link.

The supervisors of both cases are told, each about their own case only; nobody learns anything of the
other case's content from the flag. Only a supervisor of both cases may link them (evidence.linking).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from audit.log import record
from cases.recipients import recipients_for
from evidence.hashing import PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, hamming_distance
from evidence.models import CaseLink, Evidence, EvidenceKind, PossibleLink
from notifications.models import NotificationKind
from notifications.outbox import Outgoing, queue_notifications

# PostgreSQL compares the 256-bit hashes itself. A sequential scan of the image rows is fine at a
# university's volume; past that, split the hash into 32 one-byte columns (any match within 31 bits
# agrees exactly on one of them) and index those, behind this same function.
_PG_DISTANCE = "bit_count(('x' || evidence_evidence.pdq_hash)::bit(256) # ('x' || %s)::bit(256))"


@dataclass(frozen=True)
class ImageMatch:
    evidence_id: int
    case_id: int
    distance: int


def similar_images(
    *, pdq_hash: str, excluding_case_id: int, max_distance: int = PDQ_MATCH_DISTANCE
) -> list[ImageMatch]:
    """Images on other cases whose PDQ hash is within `max_distance` bits, nearest first.

    Only hashes of usable quality on both sides count (the caller checks its own). Precondition:
    `pdq_hash` is 64 hex digits.
    """
    if len(pdq_hash) != 64 or any(c not in "0123456789abcdef" for c in pdq_hash):
        raise ValueError("a PDQ hash is 64 lower-case hex digits")
    candidates = (
        Evidence.objects.filter(kind=EvidenceKind.IMAGE, pdq_quality__gte=PDQ_MIN_QUALITY)
        .exclude(pdq_hash="")
        .exclude(case_id=excluding_case_id)
    )
    if connection.vendor == "postgresql":
        rows = (
            candidates.annotate(distance=RawSQL(_PG_DISTANCE, [pdq_hash]))  # noqa: S611 - a bound parameter  # nosec B611
            .filter(distance__lte=max_distance)
            .order_by("distance", "pk")
            .values_list("pk", "case_id", "distance")
        )
        return [ImageMatch(evidence_id=pk, case_id=case_id, distance=distance) for pk, case_id, distance in rows]
    # The embedded SQLite demo has no bit strings: compare in Python.
    found = [
        ImageMatch(evidence_id=pk, case_id=case_id, distance=hamming_distance(pdq_hash, other))
        for pk, case_id, other in candidates.values_list("pk", "case_id", "pdq_hash")
    ]
    return sorted((m for m in found if m.distance <= max_distance), key=lambda m: (m.distance, m.evidence_id))


def flag_possible_links(evidence: Evidence, *, at: dt.datetime) -> list[PossibleLink]:
    """Raise a possible link for each other case holding a near-identical picture to `evidence`, and
    queue a notification to the supervisors of both cases. Runs in the upload's transaction.

    A pair of cases is flagged once (a unique constraint), and not at all once linked.
    """
    if evidence.kind != EvidenceKind.IMAGE or not evidence.pdq_hash or (evidence.pdq_quality or 0) < PDQ_MIN_QUALITY:
        return []
    best: dict[int, ImageMatch] = {}
    for match in similar_images(pdq_hash=evidence.pdq_hash, excluding_case_id=evidence.case_id):
        best.setdefault(match.case_id, match)
    raised: list[PossibleLink] = []
    for match in best.values():
        link = _raise_link(evidence, match, at=at)
        if link is not None:
            raised.append(link)
    if raised:
        _tell_supervisors(raised, at=at)
    return raised


def _raise_link(evidence: Evidence, match: ImageMatch, *, at: dt.datetime) -> PossibleLink | None:
    this_first = evidence.case_id < match.case_id
    first_case_id, second_case_id = sorted((evidence.case_id, match.case_id))
    if CaseLink.objects.filter(first_case_id=first_case_id, second_case_id=second_case_id).exists():
        return None
    link, created = PossibleLink.objects.get_or_create(
        first_case_id=first_case_id,
        second_case_id=second_case_id,
        defaults={
            "first_evidence_id": evidence.pk if this_first else match.evidence_id,
            "second_evidence_id": match.evidence_id if this_first else evidence.pk,
            "distance": match.distance,
            "created_at": at,
        },
    )
    if not created:
        return None
    for case_id in (first_case_id, second_case_id):
        record(
            "evidence.possible_link",
            actor=None,
            at=at,
            case_id=case_id,
            target=f"possible_link:{link.pk}",
            detail={"distance": match.distance},
        )
    return link


def _tell_supervisors(links: list[PossibleLink], *, at: dt.datetime) -> None:
    cases = {c.pk: c for link in links for c in (link.first_case, link.second_case)}
    supervisors = recipients_for(cases.values()).supervisors
    messages = [
        Outgoing(user_id, case.pk, None, NotificationKind.POSSIBLE_LINK.value, "", 2)
        for case in cases.values()
        for user_id in supervisors.get(case.team_id, set())
    ]
    queue_notifications(messages, at=at)
