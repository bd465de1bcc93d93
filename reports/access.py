"""Who may see the governance reports: governance reviewers, and only what the reports show.

A reviewer opens the reports, the case list without people and any case's chronology; nothing else of
a case (its page, evidence, API and access report refuse her as they refuse everyone not on the case).
Everyone else gets the same 404 as for a page that does not exist, and the refusal is on the audit trail.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from accounts.roles import StaffRole, has_role
from audit.reads import ACCESS, PAGE_ACCESS, record_denied
from casemgr import clock
from cases.access import CaseNotFound
from cases.models import Case

REVIEW = "review_case"


def is_reviewer(user: Any) -> bool:
    return has_role(user, StaffRole.GOVERNANCE_REVIEWER)


def access_reports(user: Any, *, page: str) -> None:
    """Raise Http404 (recorded as a refused page) unless `user` is a governance reviewer."""
    if not is_reviewer(user):
        record_denied(PAGE_ACCESS, actor=user, at=clock.now(), detail={"page": page})
        raise Http404


def access_case_for_review(user: Any, case_id: Any) -> Case:
    """The case with public id `case_id`, for its chronology, if `user` is a governance reviewer.

    Raises CaseNotFound (a 404) alike for a missing case and for anyone else, recording the refusal.
    """
    try:
        public_id = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError:
        public_id = None
    case = Case.objects.filter(public_id=public_id).first() if public_id is not None else None
    if case is None or not is_reviewer(user):
        detail: dict[str, Any] = {"permission": REVIEW}
        if public_id is not None:
            detail["requested"] = str(public_id)
        record_denied(ACCESS, actor=user, at=clock.now(), case_id=case.pk if case else None, detail=detail)
        raise CaseNotFound
    return case
