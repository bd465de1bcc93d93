from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casemgr.vocabulary import MeasureType
from cases.forms import DateTimeLocalInput

ASKABLE_MEASURES = [
    (MeasureType.CLASS_SEPARATION.value, MeasureType.CLASS_SEPARATION.label),
    (MeasureType.NO_CONTACT_DIRECTIVE.value, MeasureType.NO_CONTACT_DIRECTIVE.label),
    (MeasureType.TUTOR_NOTIFICATION.value, MeasureType.TUTOR_NOTIFICATION.label),
    (MeasureType.EXAM_ARRANGEMENT.value, MeasureType.EXAM_ARRANGEMENT.label),
    (MeasureType.HOUSING_CHANGE.value, MeasureType.HOUSING_CHANGE.label),
    (MeasureType.SUPPORT_REFERRAL.value, MeasureType.SUPPORT_REFERRAL.label),
]


class DateInput(forms.DateInput):
    input_type = "date"


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class MeasureForm(forms.Form):
    type = forms.ChoiceField(label=_("What would help you"), choices=ASKABLE_MEASURES)
    details = forms.CharField(
        label=_("Anything the office should know (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ReviewForm(forms.Form):
    subject = forms.ChoiceField(label=_("What should be looked at again"))
    reasons = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: object, subjects: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["subject"].choices = list(subjects.items())  # type: ignore[attr-defined]


class InformationForm(forms.Form):
    file = forms.FileField(label=_("File (a picture, a PDF or a text file)"))
    description = forms.CharField(
        label=_("What it shows (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I want to withdraw my complaint"))
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Grounds of appeal"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class ReleaseForm(forms.Form):
    text = forms.CharField(
        label=_("Notice of allegations, as the respondent will read it"), widget=forms.Textarea(attrs={"rows": 6})
    )
    notice_date = forms.DateField(label=_("Date of the notice"), widget=DateInput)
    hearing_at = forms.DateTimeField(label=_("Hearing (optional)"), required=False, widget=DateTimeLocalInput)
    hearing_place = forms.CharField(label=_("Hearing place (optional)"), required=False, max_length=200)


class ReplyForm(forms.Form):
    party = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ExplainDelayForm(forms.Form):
    flag = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    expected_at = forms.DateField(label=_("New expected date"), widget=DateInput)


class AnswerReviewForm(forms.Form):
    review = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DisclosureForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    requirement = forms.CharField(
        label=_("What it requires of the respondent"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    protected = forms.CharField(
        label=_("Whom it protects, as he is told (leave empty not to name anyone)"), required=False, max_length=200
    )
