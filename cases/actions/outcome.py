from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited, record_action
from casemgr.vocabulary import Stage
from cases.changes import lock_case, record_case_change
from cases.models import Appeal, Case, EventType, Outcome, Party, PartyRole, Sanction, SanctionType
from cases.workflow import STAGES_ALLOWING_OUTCOME, do_change_stage


@dataclass(frozen=True)
class SanctionInput:
    type: str
    amount: Decimal | None = None
    months: int | None = None
    courses: str = ""
    due_at: dt.datetime | None = None
    complied_at: dt.datetime | None = None


def sanction_catalogue() -> dict[str, SanctionType]:
    """The active sanction types by code."""
    return {t.code: t for t in SanctionType.objects.filter(active=True)}


def check_sanctions(
    sanctions: list[SanctionInput], *, catalogue: dict[str, SanctionType] | None = None
) -> dict[str, SanctionType]:
    """Validate sanctions against the catalogue (read here unless given); returns the types by code.
    Errors name `sanctions[i]`."""
    if not sanctions:
        raise ValidationError({"sanctions": _("An outcome needs at least one sanction or outcome type.")})
    if catalogue is None:
        catalogue = sanction_catalogue()
    for index, sanction in enumerate(sanctions):
        field = f"sanctions[{index}]"
        kind = catalogue.get(sanction.type)
        if kind is None:
            raise ValidationError(
                {
                    field: _("%(type)s is not in the sanction catalogue. Use one of: %(allowed)s.")
                    % {"type": sanction.type, "allowed": ", ".join(sorted(catalogue))}
                }
            )
        if kind.parameter == SanctionType.Parameter.AMOUNT and (sanction.amount is None or sanction.amount <= 0):
            raise ValidationError({field: _("A fine needs a positive amount.")})
        if kind.parameter == SanctionType.Parameter.MONTHS and (sanction.months is None or sanction.months <= 0):
            raise ValidationError({field: _("A suspension needs a period in months.")})
        if sanction.complied_at is not None and sanction.due_at is None:
            raise ValidationError({field: _("Compliance can be recorded only for a condition with a due date.")})
    return catalogue


def create_outcome(
    case: Case,
    *,
    sanctions: list[SanctionInput],
    decided_at: dt.datetime,
    decided_by: User,
    reasons: str,
    decision_maker: str = "",
    finding: str = "",
) -> Outcome:
    """Write an outcome and its sanctions (shared by the action and the importer; no stage change)."""
    catalogue = check_sanctions(sanctions)
    outcome = Outcome.objects.create(
        case=case,
        decided_at=decided_at,
        decided_by=decided_by,
        reasons=reasons,
        decision_maker=decision_maker,
        finding=finding,
    )
    Sanction.objects.bulk_create(
        Sanction(
            outcome=outcome,
            type=catalogue[s.type],
            amount=s.amount,
            months=s.months,
            courses=s.courses,
            due_at=s.due_at,
            complied_at=s.complied_at,
            position=i,
        )
        for i, s in enumerate(sanctions)
    )
    return outcome


def describe_outcome(outcome: Outcome) -> str:
    names = ", ".join(s.type.name for s in outcome.sanctions.select_related("type"))
    if outcome.includes_statutory_sanction:
        return _("Outcome: %(names)s. Includes a statutory sanction.") % {"names": names}
    return _("Outcome: %(names)s. No statutory sanction.") % {"names": names}


@audited
def do_record_outcome(
    case: Case,
    *,
    sanctions: list[SanctionInput],
    reasons: str,
    acting_user: User,
    at: dt.datetime,
    decided_at: dt.datetime | None = None,
    decision_maker: str = "",
    finding: str = "",
) -> Outcome:
    """Record the decision on the case and move it to `decided`.

    `decided_at` is when the decision was taken (default `at`, never after it); `decision_maker` who took
    it; `finding` one of Outcome.Finding. Raises ValidationError for a stage that allows no outcome.
    """
    lock_case(case)
    if decided_at is not None and decided_at > at:
        raise ValidationError({"decided_at": _("A decision cannot be dated in the future.")})
    if finding and finding not in Outcome.Finding.values:
        raise ValidationError({"finding": _("Choose one of the findings offered.")})
    if case.stage not in STAGES_ALLOWING_OUTCOME:
        raise ValidationError(
            {
                "sanctions": _("An outcome cannot be recorded while the case is in %(stage)s.")
                % {"stage": Stage(case.stage).label}
            }
        )
    outcome = create_outcome(
        case,
        sanctions=sanctions,
        decided_at=decided_at or at,
        decided_by=acting_user,
        reasons=reasons,
        decision_maker=decision_maker.strip(),
        finding=finding,
    )
    record_case_change(
        case,
        action="outcome.record",
        acting_user=acting_user,
        at=at,
        type=EventType.DECISION,
        text=describe_outcome(outcome),
        detail={"action": "outcome", "outcome": outcome.pk},
        audit_detail={"sanctions": [s.type for s in sanctions], "stage_from": case.stage},
    )
    if case.stage != Stage.DECIDED:
        do_change_stage(case, to=Stage.DECIDED, reason=_("Outcome recorded."), acting_user=acting_user, at=at)
    return outcome


@audited
def do_record_compliance(
    sanction: Sanction, *, complied_at: dt.datetime, acting_user: User, at: dt.datetime
) -> Sanction:
    """Record that a condition was complied with at `complied_at`; closes its overdue flag at once.

    Raises ValidationError (`complied_at`) for a sanction without a due date or one already complied with.
    """
    lock_case(sanction.outcome.case)
    sanction.refresh_from_db(fields=["complied_at"])
    if sanction.due_at is None:
        raise ValidationError({"complied_at": _("Only a condition with a due date is tracked for compliance.")})
    if sanction.complied_at is not None:
        raise ValidationError({"complied_at": _("Compliance is already recorded.")})
    sanction.complied_at = complied_at
    sanction.save(update_fields=["complied_at"])
    case = sanction.outcome.case
    record_case_change(
        case,
        action="sanction.comply",
        acting_user=acting_user,
        at=at,
        text=_("Compliance recorded: %(sanction)s.") % {"sanction": sanction.type.name},
        detail={"action": "compliance", "sanction": sanction.pk},
    )
    return sanction


@audited
def do_lodge_appeal(outcome: Outcome, *, party: Party, grounds: str, acting_user: User, at: dt.datetime) -> Appeal:
    case = lock_case(outcome.case)
    if party.case_id != case.pk or party.role not in (PartyRole.COMPLAINANT, PartyRole.RESPONDENT):
        raise ValidationError({"party": _("Only a complainant or the respondent of this case can appeal.")})
    if not grounds.strip():
        raise ValidationError({"grounds": _("Give the grounds of appeal.")})
    appeal = Appeal.objects.create(outcome=outcome, lodged_at=at, lodged_by=party, grounds=grounds)
    trail = {"appeal": appeal.pk, "outcome": outcome.pk, "party": party.pk}
    if case.stage == Stage.DECIDED:
        do_change_stage(case, to=Stage.APPEAL, reason=_("Appeal lodged."), acting_user=acting_user, at=at)
        record_action("appeal.lodge", actor=acting_user, at=at, case_id=case.pk, detail={**trail, "stage": "appeal"})
    else:
        record_case_change(
            case, action="appeal.lodge", acting_user=acting_user, at=at, text=_("Appeal lodged."), detail=trail
        )
    return appeal


@audited
def do_decide_appeal(appeal: Appeal, *, result: str, acting_user: User, at: dt.datetime) -> Appeal:
    if result not in Appeal.Result.values:
        raise ValidationError({"result": _("%(result)s is not an appeal result.") % {"result": result}})
    if appeal.decided_at is not None:
        raise ValidationError({"result": _("This appeal is already decided.")})
    appeal.result = result
    appeal.decided_at = at
    appeal.save(update_fields=["result", "decided_at"])
    case = appeal.outcome.case
    label = Appeal.Result(result).label
    record_case_change(
        case,
        action="appeal.decide",
        acting_user=acting_user,
        at=at,
        type=EventType.DECISION,
        text=_("Appeal decided: %(r)s.") % {"r": label},
        detail={"action": "appeal_decided", "appeal": appeal.pk},
        audit_detail={"result": result},
    )
    if case.stage == Stage.APPEAL:
        do_change_stage(case, to=Stage.DECIDED, reason=str(label), acting_user=acting_user, at=at)
    return appeal
