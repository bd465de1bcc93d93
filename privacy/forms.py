from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from casemgr.textlimits import REASON_MAX_LENGTH, REFERENCE_MAX_LENGTH, USERNAME_MAX_LENGTH
from cases.forms import moment_field
from privacy.models import DataRequest


def _text(label: StrOrPromise, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class HoldForm(forms.Form):
    reason = _text(_("Why the case is held (e.g. litigation, an investigation by the police)"))


class HoldByReferenceForm(HoldForm):
    reference = forms.CharField(label=_("Case reference"), max_length=REFERENCE_MAX_LENGTH)


class RequestForm(forms.Form):
    person = forms.CharField(label=_("Whose data (the person's id)"), max_length=USERNAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=DataRequest.Kind.choices)
    received_at = moment_field(_("Received"))
    details = _text(_("What is asked for"), required=False)
    identity_checked_at = moment_field(_("Identity checked"), required=False)
    identity_check = forms.CharField(label=_("How the identity was checked"), max_length=200, required=False)


class IdentityForm(forms.Form):
    checked_at = moment_field(_("Identity checked"))
    how = forms.CharField(label=_("How the identity was checked"), max_length=200)


class NoticeForm(forms.Form):
    reason = _text(_("Why the request cannot be complied with within 40 days (s19(2))"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in DataRequest.Decision.choices if c[0]],
    )
    reason = _text(_("Reason"), required=False)
    section = forms.CharField(label=_("Section relied on (for a refusal)"), max_length=100, required=False)


class ReleaseForm(forms.Form):
    note = _text(_("What was released after review and redaction"))
