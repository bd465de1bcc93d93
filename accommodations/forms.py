"""Forms for interim measures on the officer pages; every choice is scoped to the case."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accommodations.deadlines import OPEN_MEASURE
from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from accounts.models import User
from casemgr.textlimits import NAME_MAX_LENGTH, REASON_MAX_LENGTH
from casemgr.vocabulary import MeasureDecision, MeasureType
from cases.forms import CaseScopedForm, RecordChoiceField, moment_field
from cases.models import Case, PartyRole


def person_label(user: User) -> str:
    return f"{user} ({user.username})"


def measure_label(measure: Measure) -> str:
    return f"{measure.code}: {MeasureType(measure.type).label}"


def _people(case: Case, *roles: str) -> QuerySet[User]:
    return User.objects.filter(case_parties__case=case, case_parties__role__in=roles).distinct().order_by("username")


class MeasureRequestForm(CaseScopedForm):
    type = forms.ChoiceField(label=_("Measure"), choices=MeasureType.choices)
    requested_at = moment_field(_("Asked on"))
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["type", "requested_by", "against"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        requesters = _people(case, PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON)
        against = RecordChoiceField(
            label=_("Against"), queryset=_people(case, PartyRole.RESPONDENT), describe=person_label
        )
        against.help_text = _("A measure is directed at a respondent of the case, if at anyone.")
        against.required = False
        return {
            "requested_by": RecordChoiceField(label=_("Asked by"), queryset=requesters, describe=person_label),
            "against": against,
        }


class MeasureDecideForm(CaseScopedForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=MeasureDecision.choices)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        undecided = Measure.objects.filter(case=case, decided_at__isnull=True, lifted_at__isnull=True)
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=undecided, describe=measure_label)}


class MeasureImplementForm(CaseScopedForm):
    implemented_at = moment_field(_("Put in place on"))
    ends_at = moment_field(
        _("In force until"),
        required=False,
        help_text=_("For a measure that goes on after the case ends, such as a no-contact directive."),
    )
    note = forms.CharField(
        label=_("How"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        approved = Measure.objects.filter(
            case=case, decision=MeasureDecision.APPROVED, implemented_at__isnull=True, lifted_at__isnull=True
        )
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=approved, describe=measure_label)}


class MeasureLiftForm(CaseScopedForm):
    reason = forms.CharField(
        label=_("Why it is lifted"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        in_force = Measure.objects.filter(case=case, decision=MeasureDecision.APPROVED, lifted_at__isnull=True)
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=in_force, describe=measure_label)}


def adjustment_label(adjustment: DeadlineAdjustment) -> str:
    return f"{adjustment.measure.code}: {MeasureStep(adjustment.step).label} ({adjustment.get_kind_display()})"


def _open_steps(case: Case) -> QuerySet[Measure]:
    """Measures with a step still to do (the only ones whose deadline can be paused or extended)."""
    return Measure.objects.filter(OPEN_MEASURE, case=case)


class MeasurePauseForm(CaseScopedForm):
    step = forms.ChoiceField(label=_("Which deadline"), choices=MeasureStep.choices)
    reason = forms.CharField(
        label=_("Why it is paused"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )
    review_at = moment_field(
        _("Review by"), help_text=_("Until then the step is due at this date; the pause cannot last for ever.")
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=_open_steps(case), describe=measure_label)}


class MeasureExtendForm(CaseScopedForm):
    step = forms.ChoiceField(label=_("Which deadline"), choices=MeasureStep.choices)
    new_due_at = moment_field(_("New due time"))
    reason = forms.CharField(
        label=_("Why it is extended"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )
    review_at = moment_field(_("Review by"), help_text=_("No later than the new due time."))
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=_open_steps(case), describe=measure_label)}


class EndAdjustmentForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        adjustments = DeadlineAdjustment.objects.filter(measure__case=case, ended_at__isnull=True).select_related(
            "measure"
        )
        return {
            "adjustment": RecordChoiceField(
                label=_("Paused or extended deadline"), queryset=adjustments, describe=adjustment_label
            )
        }


class MeasureReviewForm(CaseScopedForm):
    note = forms.CharField(
        label=_("What the review found"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        in_force = Measure.objects.filter(case=case, implemented_at__isnull=False, lifted_at__isnull=True)
        return {"measure": RecordChoiceField(label=_("Measure in force"), queryset=in_force, describe=measure_label)}


class NoMeasureOfferedForm(MeasureRequestForm):
    reasons = forms.CharField(
        label=_("Why no measure is offered"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )


class TutorMessageForm(CaseScopedForm):
    tutor_name = forms.CharField(label=_("Tutor's name"), max_length=NAME_MAX_LENGTH)
    tutor_email = forms.EmailField(label=_("Tutor's email"))
    instruction = forms.CharField(
        label=_("What the tutor must do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Only what the tutor must do, e.g. keep two students in different tutorial groups. Never what is "
            "alleged: words about images, allegations or complaints are refused."
        ),
    )
    field_order_names = ["measure"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        ready = Measure.objects.filter(
            case=case,
            type=MeasureType.TUTOR_NOTIFICATION,
            decision=MeasureDecision.APPROVED,
            implemented_at__isnull=True,
            lifted_at__isnull=True,
            tutor_instruction_queued_at__isnull=True,
        )
        return {"measure": RecordChoiceField(label=_("Measure"), queryset=ready, describe=measure_label)}


class TutorSendForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        prepared = Measure.objects.filter(
            case=case,
            type=MeasureType.TUTOR_NOTIFICATION,
            implemented_at__isnull=True,
            lifted_at__isnull=True,
            tutor_instruction_prepared_at__isnull=False,
            tutor_instruction_queued_at__isnull=True,
        )
        return {
            "measure": RecordChoiceField(
                label=_("Instruction ready to send"), queryset=prepared, describe=measure_label
            )
        }
