"""The public report form, the return visit, and the intake team's forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from casemgr.textlimits import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
)
from casemgr.vocabulary import MeasureType
from cases.models import ComplainantRequest, Conduct
from intake.files import check_report_file
from intake.models import Place, ReportWay, Synthetic
from intake.submit import PersonInput, ReportInput, UploadInput

MAX_FILES = 10
MAX_DEPICTED = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _parse_person(line: str) -> PersonInput:
    """ "Name, e-mail or number, ..." as typed, one person a line."""
    parts = [p.strip() for p in line.split(",")]
    name, rest = parts[0], parts[1:]
    email = next((p for p in rest if "@" in p), "")
    number = next((p for p in rest if p and "@" not in p), "")
    return PersonInput(name=name[:NAME_MAX_LENGTH], email=email[:EMAIL_MAX_LENGTH], number=number[:USERNAME_MAX_LENGTH])


class ReportForm(forms.Form):
    way = forms.ChoiceField(label=_("How are you reporting?"), choices=ReportWay.choices, widget=forms.RadioSelect)
    reporter_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH, required=False)
    reporter_email = forms.EmailField(label=_("Your institutional e-mail"), max_length=EMAIL_MAX_LENGTH, required=False)
    reporter_number = forms.CharField(
        label=_("Your student or staff number (optional)"), max_length=USERNAME_MAX_LENGTH, required=False
    )
    depicted = forms.CharField(
        label=_("The people shown"),
        help_text=_("One person a line: name, then e-mail or student number if you know them."),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conducts = forms.MultipleChoiceField(
        label=_("What happened?"), choices=Conduct.choices, widget=forms.CheckboxSelectMultiple
    )
    synthetic = forms.ChoiceField(
        label=_("Are the images real or made with AI?"), choices=Synthetic.choices, widget=forms.RadioSelect
    )
    happened_on = forms.DateField(
        label=_("When did it happen or when did you find out? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.ChoiceField(label=_("Where did it happen?"), choices=Place.choices, widget=forms.RadioSelect)
    respondent_name = forms.CharField(
        label=_("Name of the person responsible, if you know it"), max_length=NAME_MAX_LENGTH, required=False
    )
    respondent_number = forms.CharField(
        label=_("Their student number, if you know it"), max_length=USERNAME_MAX_LENGTH, required=False
    )
    respondent_email = forms.EmailField(
        label=_("Their e-mail, if you know it"), max_length=EMAIL_MAX_LENGTH, required=False
    )
    account = forms.CharField(
        label=_("Tell us what happened, in your own words (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    requests = forms.MultipleChoiceField(
        label=_("What would you like the university to do?"),
        choices=ComplainantRequest.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    measures = forms.MultipleChoiceField(
        label=_("Support or protection you would like now"),
        choices=MeasureType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        help_text=_(
            "Screenshots, pictures (PNG, JPEG, WebP), PDF documents or chat exports as text. They are encrypted."
        ),
        required=False,
    )

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Send at most %(n)s files with one report.") % {"n": MAX_FILES})
        for upload in files:
            content = upload.read()
            upload.seek(0)
            try:
                check_report_file(content, filename=upload.name or "")
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        way = data.get("way")
        if way == ReportWay.NAMED:
            if not data.get("reporter_name", "").strip():
                self.add_error("reporter_name", _("Give your name to report in your name."))
            if not data.get("reporter_email", "").strip():
                self.add_error("reporter_email", _("Give your institutional e-mail to report in your name."))
        if way == ReportWay.ON_BEHALF and not self.depicted_people():
            self.add_error("depicted", _("Name at least one person who is shown, or report in another way."))
        if len(self.depicted_people()) > MAX_DEPICTED:
            self.add_error("depicted", _("Name at most %(n)s people.") % {"n": MAX_DEPICTED})
        happened = data.get("happened_on")
        if happened is not None and not dt.date(1990, 1, 1) <= happened <= dt.date(2100, 12, 31):
            self.add_error("happened_on", _("Give a date from 1990 to today."))
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's fields in the sections the page shows them in."""
        groups = [
            (_("You"), ["way", "reporter_name", "reporter_email", "reporter_number", "depicted"]),
            (_("What happened"), ["conducts", "synthetic", "happened_on", "place", "account"]),
            (_("The person responsible"), ["respondent_name", "respondent_number", "respondent_email"]),
            (_("What you ask for"), ["requests", "measures"]),
            (_("Files"), ["attachments"]),
        ]
        return [(str(title), [self[name] for name in names]) for title, names in groups]

    def depicted_people(self) -> list[PersonInput]:
        text = self.cleaned_data.get("depicted", "") if hasattr(self, "cleaned_data") else ""
        return [_parse_person(line) for line in text.splitlines() if line.strip(" ,")]

    def to_input(self, *, language: str) -> ReportInput:
        data = self.cleaned_data
        way = data["way"]
        reporter = None
        if way != ReportWay.ANONYMOUS and (data["reporter_name"] or data["reporter_email"]):
            reporter = PersonInput(data["reporter_name"], data["reporter_email"], data["reporter_number"])
        respondent = None
        if data["respondent_name"] or data["respondent_number"] or data["respondent_email"]:
            respondent = PersonInput(data["respondent_name"], data["respondent_email"], data["respondent_number"])
        files = []
        for upload in data["attachments"]:
            files.append(UploadInput(content=upload.read(), filename=upload.name or ""))
        return ReportInput(
            way=way,
            conducts=data["conducts"],
            synthetic=data["synthetic"],
            account=data["account"],
            place=data["place"],
            happened_on=data["happened_on"],
            reporter=reporter,
            respondent=respondent,
            depicted=self.depicted_people() if way == ReportWay.ON_BEHALF else [],
            requests=data["requests"],
            measures=data["measures"],
            files=files,
            language=language,
        )


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Report number"), max_length=20)
    key = forms.CharField(label=_("Secret key"), max_length=64, widget=forms.PasswordInput(render_value=False))


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))


class ContactChoiceForm(forms.Form):
    willing = forms.TypedChoiceField(
        label=_("May a conduct officer contact you?"),
        choices=[("yes", _("Yes")), ("no", _("No, I prefer to stay anonymous"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("How may we contact you? (e-mail or phone)"), max_length=EMAIL_MAX_LENGTH, required=False
    )


class AcknowledgeForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the reporter (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question to the reporter"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpenCaseForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the new case"), max_length=REFERENCE_MAX_LENGTH)


class AttachForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the existing case"), max_length=REFERENCE_MAX_LENGTH)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the reporter reads it)"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkForm(forms.Form):
    link = forms.UUIDField(widget=forms.HiddenInput)
