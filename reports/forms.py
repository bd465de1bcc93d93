"""The reviewer's choice of period (and team, and sample size). Bad input names the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from casemgr.vocabulary import Stage
from reports.periods import academic_year_of, month_of, quarter_of

# A range longer than this is almost certainly a typing mistake, and would only be slower.
MAX_RANGE_DAYS = 20 * 366


class PeriodForm(forms.Form):
    PERIODS = [
        ("academic_year", _("Academic year")),
        ("quarter", _("Quarter")),
        ("month", _("Month")),
        ("range", _("Dates from and to")),
    ]
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="academic_year")
    day = forms.DateField(
        label=_("Containing the day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a year, quarter or month: any day in it (today if empty)."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = data.get("period")
        if period == "range":
            start, end = data.get("start"), data.get("end")
            if start is None:
                self.add_error("start", _("Give the first date of the range."))
            if end is None:
                self.add_error("end", _("Give the last date of the range."))
            if start and end and start > end:
                self.add_error("end", _("The last date must not be before the first."))
            if start and end and (end - start).days > MAX_RANGE_DAYS:
                self.add_error("end", _("Give a range of at most twenty years."))
        return data

    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last date of the chosen period (the current academic year when not valid)."""
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("period", "academic_year")
        day = data.get("day") or self.today
        if period == "range":
            return data["start"], data["end"]
        if period == "month":
            return month_of(day)
        if period == "quarter":
            return quarter_of(day)
        return academic_year_of(day)


class TeamPeriodForm(PeriodForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("name"), required=False)


class CaseListForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False)
    start = forms.DateField(label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            self.add_error("end" if end is None else "start", _("Give both dates, or neither."))
        elif start and end and start > end:
            self.add_error("end", _("The last date must not be before the first."))
        return data


class SampleForm(forms.Form):
    start = forms.DateField(label=_("Closed cases received from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    size = forms.IntegerField(label=_("How many cases"), min_value=1, max_value=200, initial=10)
