"""The `mail_given_up` flag: messages the outbox stopped trying to send, for the supervisors and the system
administrators. Without it a message given up after CASEMGR_NOTIFICATION_MAX_ATTEMPTS would be lost silently.

One flag for the whole outbox (step key "outbox:given_up"), not one per message: when the mail server is down
for hours thousands are given up at once, and one flag saying how many is what a person can act on. It stays
open while any message is given up, and closes once `manage.py requeue_notifications` has put them back
(closed at once by that command) or they have been sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import StaffRole
from notifications.sending import given_up
from oversight.kinds import CaseScope, DueStep, FlagKindSpec, HistoryEntry
from oversight.models import Flag

MAIL_GIVEN_UP = "mail_given_up"
OUTBOX_KEY = "outbox:given_up"


class MailGivenUp(FlagKindSpec):
    name = MAIL_GIVEN_UP
    label = _("E-mails the system stopped trying to send")
    title = _("e-mails not delivered")
    staff_sentence = _(
        "The mail server refused or did not answer, and some notifications were given up. Ask the system "
        "administrator to check the mail server and run `manage.py requeue_notifications`."
    )
    minimum_level = 2

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        if (only is not None and OUTBOX_KEY not in only) or cases is not None:
            return []  # about no case
        found = given_up().filter(created_at__lt=now).aggregate(count=Count("id"), first=Min("created_at"))
        if not found["count"]:
            return []
        return [
            DueStep(self.name, OUTBOX_KEY, found["first"], None, None, detail={"messages_given_up": found["count"]})
        ]

    def describe(self, flag: Flag) -> str:
        return gettext("delivering the e-mails the outbox gave up on")

    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        users = get_user_model().objects.filter(is_active=True)
        supervisors = set(users.filter(groups__name=StaffRole.CASE_SUPERVISOR.value).values_list("pk", flat=True))
        admins = set(users.filter(is_superuser=True).values_list("pk", flat=True))
        return {flag.pk: {2: supervisors | admins} for flag in flags}

    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        """Nothing to add: the flag and the outbox rows are the record."""

    def staff_link(self, flag: Flag) -> str:
        return reverse("office:flag_list")


def requeue_given_up(*, now: dt.datetime, since: dt.datetime | None = None) -> int:
    """Put the given-up messages (created at or after `since`, if given) back in the outbox, due at `now`,
    with their attempts reset; returns how many. Each keeps its row, so it keeps its Message-ID."""
    rows = given_up()
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return rows.update(next_attempt_at=now, attempts=0, last_error="", claimed_until=None)
