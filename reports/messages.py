"""The monthly report e-mail (notifications.kinds): to every governance reviewer, a link to the report of
the month just ended. Figures never travel by e-mail: the reviewer signs in (with her second factor)
to read them, so a forwarded or intercepted message gives nothing away."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification

MONTHLY_REPORT = "monthly_report"
SUBJECT_PREFIX = "report:"


def report_month(notification: Notification) -> dt.date:
    """The first day of the month a monthly-report row is about (its subject is "report:YYYY-MM")."""
    return dt.date.fromisoformat(notification.subject.removeprefix(SUBJECT_PREFIX) + "-01")


def _headline(notification: Notification) -> str:
    return _("The governance report for %(month)s is ready") % {"month": report_month(notification).strftime("%Y-%m")}


def _sentences(notification: Notification) -> list[str]:
    return [
        _("The timeliness report on the cases received in %(month)s can be read in casemgr.")
        % {"month": report_month(notification).strftime("%Y-%m")},
        _("It shows no figures here: sign in to read it, or to download it as CSV or PDF."),
    ]


def _link(notification: Notification) -> str:
    query = urlencode({"period": "month", "day": report_month(notification).isoformat()})
    return site_link(f"{reverse('reports:timeliness')}?{query}")


def register_messages() -> None:
    register(
        MessageKind(
            name=MONTHLY_REPORT,
            label=gettext_lazy("Monthly governance report"),
            headline=_headline,
            sentences=_sentences,
            link=_link,
            link_label=gettext_lazy("Read the report:"),
        )
    )
