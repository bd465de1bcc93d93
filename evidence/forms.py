"""Forms of the evidence pages. The person choices are scoped to the case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Party, PartyRole
from evidence.upload import DEPICTABLE_ROLES


class DepictedPartyField(forms.ModelChoiceField[Party]):
    def label_from_instance(self, obj: Party) -> str:
        return f"{obj.person} ({PartyRole(obj.role).label})"


def _depicts_field(case: Case) -> DepictedPartyField:
    return DepictedPartyField(
        label=_("Person it depicts"),
        queryset=Party.objects.filter(case=case, role__in=DEPICTABLE_ROLES).select_related("person"),
        required=False,
        empty_label=_("Not known yet"),
    )


class UploadForm(forms.Form):
    # The file field comes last: if the upload is stopped for size, the fields before it still arrive.
    description = forms.CharField(
        label=_("What it is"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("In your words, e.g. 'screenshot of the folder listing'. Not shown on the timeline."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("JPEG, PNG or WebP images, PDF documents, or plain-text chat exports."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"depicts": _depicts_field(case), **self.fields}

    def refuse_file(self, message: str) -> None:
        """Refuse the upload with `message` alone on the file: a file stopped by the upload handler
        (evidence.uploads) never reaches the form, which would otherwise also say it is required."""
        self.fields["file"].required = False
        self.add_error("file", message)


class DepictsForm(forms.Form):
    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depicts"] = _depicts_field(case)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the original?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Recorded in the audit trail with your name and the time."),
    )
