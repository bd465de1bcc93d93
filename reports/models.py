"""What the governance reports keep: the working-day ordinal table they count with in SQL."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class WorkingDay(models.Model):
    """One calendar day and how many working days there are from the table's first day up to it.

    The working days after day A up to and including day B are `ordinal(B) - ordinal(A)`, and the Nth
    working day after A is the working day whose ordinal is `ordinal(A) + N`: the reports count working
    days in SQL with two joins instead of a loop over the days. Rebuilt by reports.workdays whenever
    the closure days (or the holiday data) differ from those it was built from.
    """

    day = models.DateField(primary_key=True)
    ordinal = models.PositiveIntegerField()
    working = models.BooleanField()

    class Meta:
        constraints = [
            # Each working day has its own ordinal; the days after it up to the next one share it.
            models.UniqueConstraint(fields=["ordinal"], condition=Q(working=True), name="working_day_ordinal")
        ]


class WorkingDayTable(models.Model):
    """The one row saying which days the WorkingDay table covers and what it was built from."""

    first_day = models.DateField()
    last_day = models.DateField()
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)


class ReviewSample(models.Model):
    """A random sample of the closed cases of a period, drawn by a reviewer for a handling review.

    The draw is kept whole so that anyone can show it was random: the population rule (closed cases
    received from `first` to `last`, in order of reference), its size, the seed, and the cases drawn.
    `random.Random(int(seed, 16)).sample(population, size)` over the same population gives the same cases.
    """

    drawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField()
    first = models.DateField()
    last = models.DateField()
    seed = models.CharField(max_length=64)
    population = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    # The references drawn, in the order drawn (references only: what the case list shows).
    references = models.JSONField(default=list)
    cases = models.ManyToManyField("cases.Case", related_name="+")

    class Meta:
        ordering = ["-drawn_at", "-id"]


# The report's own copy of each case's deadlines and gaps (reports.derived): what the contract's rules
# give for the case's full history, with enough kept to answer as of any earlier moment too. Derived
# data, rebuilt per case after every change to the case and in full when what it was computed from (the
# calendar, the stage and measure rules, the time zone) is no longer what it is.


class ReportCase(models.Model):
    """One row per case whose deadlines and gaps below are up to date."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")
    # The `to` of the case's latest stage event and its time (`received` and null before any).
    stage = models.CharField(max_length=40)
    stage_at = models.DateTimeField(null=True)
    # The latest activity (the receipt, an event other than the system's, a measure requested, decided
    # or implemented): where the gap still running starts.
    last_activity_at = models.DateTimeField()
    # The longest of the gaps below (0 without any).
    longest_gap_working_days = models.IntegerField()


class ReportDeadline(models.Model):
    """A deadline the case has had, as of any moment from `exists_from` on (unless cancelled by then)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    # Null on the steps that are not a measure's, as in the report's SQL (a derived table, never a form).
    measure_type = models.CharField(max_length=40, null=True)  # noqa: DJ001
    measure = models.CharField(max_length=40, null=True)  # noqa: DJ001
    ref_id = models.BigIntegerField()
    exists_from = models.DateTimeField(null=True)
    # Not done by then, it stops being a deadline at this moment (a measure lifted or declined first).
    cancelled_at = models.DateTimeField(null=True)
    due_at = models.DateTimeField()
    # The institution-time date of `due_at`, to count the working days of an overdue step from.
    due_day = models.DateField()
    done_at = models.DateTimeField(null=True)
    # The working days after the due date up to and including the date it was done, when done late.
    done_late_working_days = models.IntegerField()


class ReportGap(models.Model):
    """A gap between two consecutive activities of a case, with its length in working days."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False)
    from_at = models.DateTimeField()
    to_at = models.DateTimeField()
    working_days = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["case", "to_at"], name="report_gap_case_to")]


class StaleCase(models.Model):
    """A case changed since its rows above were computed (cases.changes marks it; a report rebuilds it)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")


class DerivedBasis(models.Model):
    """The one row saying what the rows above were computed from (a fingerprint, see reports.derived)."""

    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)
