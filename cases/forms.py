"""Forms of the officer pages. Choices that name records of a case are scoped to that case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from accounts.roles import StaffRole
from casemgr.textlimits import (
    COURSES_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PERSON_KIND_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
)
from casemgr.timerange import is_in_range, out_of_range_message
from casemgr.vocabulary import Stage
from cases.actions.complaint import PartyInput, check_party_input
from cases.models import (
    Appeal,
    Case,
    CaseAssignment,
    ComplainantRequest,
    Conduct,
    EventType,
    ExternalProceeding,
    Outcome,
    Party,
    PartyRole,
    RequestDecision,
    Sanction,
)
from cases.workflow import allowed_next_stages


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-time picker; the value is read in the institution's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MomentField(forms.DateTimeField):
    """A date and time typed in the institution's time zone, within the years the system accepts
    (casemgr.timerange); the message names the field by its label and repeats what was typed."""

    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        if moment is not None and not is_in_range(moment):
            typed = value.strip() if isinstance(value, str) else moment.isoformat()
            raise forms.ValidationError(
                out_of_range_message(field=str(self.label or ""), value=typed), code="out_of_range"
            )
        return moment


def moment_field(label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = "") -> MomentField:
    return MomentField(label=label, required=required, widget=DateTimeLocalInput(), help_text=help_text)


class CaseFilterForm(forms.Form):
    """The case list's filters and order, all in the URL: codes and ids only, never a name or an allegation's
    words (the reference is the institution's own code)."""

    SORTS = [
        ("urgency", _("Most urgent first (worst flag, then days overdue)")),
        ("due", _("Stage deadline, soonest first")),
        ("received", _("Received, newest first")),
    ]
    LEVELS = [
        ("", _("Any")),
        ("1", _("Any open flag")),
        ("2", _("Level 2 or 3 (with supervisors or above)")),
        ("3", _("Level 3 (with governance review)")),
    ]
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices])
    conduct = forms.ChoiceField(
        label=_("Allegation type"), required=False, choices=[("", _("Any type")), *Conduct.choices]
    )
    officer = forms.TypedChoiceField(label=_("Officer"), required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(
        label=_("Flags"), required=False, choices=LEVELS, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)
    q = forms.CharField(label=_("Reference contains"), required=False, max_length=64)

    def __init__(self, *args: Any, officers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Any officer")), *officers]


class ComplaintForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=REFERENCE_MAX_LENGTH)
    received_at = moment_field(_("Received"))
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX_LENGTH
    )
    conduct = forms.ChoiceField(label=_("Conduct alleged"), choices=Conduct.choices)
    synthetic = forms.BooleanField(label=_("AI-generated or altered images"), required=False)
    allegation_description = forms.CharField(
        label=_("Allegation details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )


class PartyForm(forms.Form):
    person_id = forms.CharField(label=_("Institutional id"), max_length=USERNAME_MAX_LENGTH)
    # A blank first choice, so that rows left empty on the complaint form are skipped.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *PartyRole.choices])
    name = forms.CharField(label=_("Name (if new)"), max_length=NAME_MAX_LENGTH, required=False)
    email = forms.EmailField(label=_("Email (if new)"), max_length=EMAIL_MAX_LENGTH, required=False)
    kind = forms.CharField(
        label=_("Kind, e.g. student (if new)"),
        max_length=PERSON_KIND_MAX_LENGTH,
        required=False,
        help_text=_(
            "Only for someone not yet known to the system: what the person is to the institution, in a word, "
            "such as student, staff or visitor. It is shown beside the name; it gives no access to anything."
        ),
        widget=forms.TextInput(attrs={"aria-describedby": "kind-help"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            check_party_input(self.party_input())
        return data

    def party_input(self) -> PartyInput:
        data = self.cleaned_data
        return PartyInput(
            person_id=data["person_id"],
            role=data["role"],
            name=data.get("name", ""),
            email=data.get("email", ""),
            kind=data.get("kind", ""),
        )


PartyFormSet = forms.formset_factory(PartyForm, extra=0, max_num=200, absolute_max=200)


class RecordChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice among records, each shown by `describe` (never by a raw id)."""

    def __init__(self, *, label: StrOrPromise, queryset: Any, describe: Callable[[Any], str]) -> None:
        super().__init__(queryset=queryset, label=label)
        self.describe = describe

    def label_from_instance(self, obj: Any) -> str:
        return self.describe(obj)


class CaseScopedForm(forms.Form):
    """A form whose choices are records of one case (or staff), built when the form is made."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        for name, field in self.choice_fields(case).items():
            self.fields[name] = field
        self.order_fields(self.field_order_names)

    field_order_names: list[str] = []

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        return {}


def party_label(party: Party) -> str:
    return f"{party.person} ({party.get_role_display()})"


def request_label(request: ComplainantRequest) -> str:
    return f"{request.get_kind_display()} ({localtime(request.requested_at):%Y-%m-%d})"


def staff_label(user: User) -> str:
    return str(user)


def staff_with_role(*roles: StaffRole) -> Any:
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles])
        .distinct()
        .order_by("display_name", "username")
    )


class ContactForm(CaseScopedForm):
    informed_at = moment_field(_("Informed of the case"), required=False)
    support_offered_at = moment_field(_("Support offered"), required=False)
    field_order_names = ["party"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        parties = Party.objects.filter(case=case).select_related("person")
        return {"party": RecordChoiceField(label=_("Person"), queryset=parties, describe=party_label)}


class StageForm(CaseScopedForm):
    to = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Stage(s).label) for s in allowed_next_stages(case.stage)]


class EventForm(forms.Form):
    type = forms.ChoiceField(
        label=_("What"),
        choices=[
            (t.value, t.label) for t in (EventType.NOTE, EventType.MEETING, EventType.DECISION, EventType.MESSAGE)
        ],
    )
    text = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE_MAX_LENGTH
    )


class AllegationForm(forms.Form):
    conduct = forms.ChoiceField(label=_("Conduct alleged"), choices=Conduct.choices)
    synthetic = forms.BooleanField(label=_("AI-generated or altered images"), required=False)
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX_LENGTH
    )


class AssignForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        officers = staff_with_role(StaffRole.CONDUCT_OFFICER, StaffRole.CASE_SUPERVISOR)
        return {"officer": RecordChoiceField(label=_("Officer"), queryset=officers, describe=staff_label)}


class UnassignForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        officers = User.objects.filter(
            case_assignments__case=case, case_assignments__capacity=CaseAssignment.Capacity.OFFICER
        )
        return {"officer": RecordChoiceField(label=_("Officer"), queryset=officers, describe=staff_label)}


class PanelForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        members = staff_with_role(StaffRole.PANEL_MEMBER)
        return {"member": RecordChoiceField(label=_("Panel member"), queryset=members, describe=staff_label)}


class PanelRemoveForm(CaseScopedForm):
    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        members = User.objects.filter(
            case_assignments__case=case, case_assignments__capacity=CaseAssignment.Capacity.PANEL
        )
        return {"member": RecordChoiceField(label=_("Panel member"), queryset=members, describe=staff_label)}


class RequestForm(CaseScopedForm):
    kind = forms.ChoiceField(label=_("Request"), choices=ComplainantRequest.Kind.choices)
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=REASON_MAX_LENGTH
    )
    requested_at = moment_field(_("Asked on"))
    field_order_names = ["party"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        complainants = Party.objects.filter(case=case, role=PartyRole.COMPLAINANT).select_related("person")
        return {"party": RecordChoiceField(label=_("Asked by"), queryset=complainants, describe=party_label)}


class DecideRequestForm(CaseScopedForm):
    grants = forms.ChoiceField(
        label=_("Does the decision grant what was asked?"), choices=RequestDecision.Grants.choices
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )
    field_order_names = ["request"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        requests = ComplainantRequest.objects.filter(case=case)
        return {"request": RecordChoiceField(label=_("Request"), queryset=requests, describe=request_label)}


class ProceedingForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=ExternalProceeding.Body.choices)
    complainant_consent = forms.BooleanField(label=_("The complainant consents"), required=False)
    reported_at = moment_field(_("Reported"), required=False)
    reference_number = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ExternalProceeding.Status.choices)


class ProceedingUpdateForm(CaseScopedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ExternalProceeding.Status.choices)
    reference_number = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    field_order_names = ["proceeding"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        proceedings = ExternalProceeding.objects.filter(case=case)
        return {
            "proceeding": RecordChoiceField(
                label=_("Proceeding"), queryset=proceedings, describe=lambda p: str(p.get_body_display())
            )
        }


class PauseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH)
    review_at = moment_field(_("Review by"))


class OutcomeForm(forms.Form):
    decision_maker = forms.CharField(
        label=_("Who decided"),
        max_length=200,
        help_text=_("The body or person that took the decision, e.g. the Disciplinary Committee."),
    )
    decided_at = moment_field(_("Decided on"))
    finding = forms.ChoiceField(label=_("Finding"), choices=Outcome.Finding.choices)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=NOTE_MAX_LENGTH
    )


class SanctionForm(forms.Form):
    type = forms.ChoiceField(label=_("Sanction or outcome"))
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, max_digits=10, decimal_places=2)
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=120)
    courses = forms.CharField(label=_("Courses or examinations"), required=False, max_length=COURSES_MAX_LENGTH)
    due_at = moment_field(_("Due (for a condition)"), required=False)

    def __init__(self, *args: Any, catalogue: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["type"]
        assert isinstance(field, forms.ChoiceField)
        # A blank first choice, so that rows left empty are skipped rather than rejected.
        field.choices = [("", "---------"), *catalogue]


SanctionFormSet = forms.formset_factory(SanctionForm, extra=3, max_num=20, absolute_max=20)


class ComplianceForm(CaseScopedForm):
    complied_at = moment_field(_("Complied on"))
    field_order_names = ["sanction"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        conditions = Sanction.objects.filter(
            outcome__case=case, due_at__isnull=False, complied_at__isnull=True
        ).select_related("type")
        return {
            "sanction": RecordChoiceField(
                label=_("Condition"),
                queryset=conditions,
                describe=lambda s: f"{s.type.name} ({localtime(s.due_at):%Y-%m-%d})",
            )
        }


class AppealForm(CaseScopedForm):
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE_MAX_LENGTH)
    field_order_names = ["outcome", "party"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        parties = Party.objects.filter(
            case=case, role__in=[PartyRole.COMPLAINANT, PartyRole.RESPONDENT]
        ).select_related("person")
        return {
            "outcome": RecordChoiceField(
                label=_("Outcome appealed"),
                queryset=Outcome.objects.filter(case=case),
                describe=lambda o: f"{localtime(o.decided_at):%Y-%m-%d}",
            ),
            "party": RecordChoiceField(label=_("Lodged by"), queryset=parties, describe=party_label),
        }


class DecideAppealForm(CaseScopedForm):
    result = forms.ChoiceField(label=_("Result"), choices=Appeal.Result.choices)
    field_order_names = ["appeal"]

    def choice_fields(self, case: Case) -> dict[str, RecordChoiceField]:
        appeals = Appeal.objects.filter(outcome__case=case, decided_at__isnull=True)
        return {
            "appeal": RecordChoiceField(
                label=_("Appeal"), queryset=appeals, describe=lambda a: f"{localtime(a.lodged_at):%Y-%m-%d}"
            )
        }
