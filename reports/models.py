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
