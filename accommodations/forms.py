"""Forms for interim measures on the officer pages; every choice is scoped to the case."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accommodations.models import Measure
from accounts.models import User
from casemgr.textlimits import REASON_MAX_LENGTH
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
            label=_("Against"), queryset=_people(case, *PartyRole.values), describe=person_label
        )
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
