"""Drawing a random sample of closed cases for a handling review, recorded so it can be shown random."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited, record_action
from casemgr.vocabulary import Stage
from cases.models import Case
from reports.deadline_history import period_scope
from reports.models import ReviewSample

MAX_SAMPLE = 200


def sample_population(*, first: dt.date, last: dt.date) -> list[Case]:
    """The closed cases received from `first` to `last`, in order of reference: the population drawn from."""
    params = period_scope(first, last).params
    return list(
        Case.objects.filter(
            stage=Stage.CLOSED, received_at__gte=params["received_from"], received_at__lt=params["received_before"]
        )
        .only("id", "reference")
        .order_by("reference")
    )


def draw(population: list[Case], *, seed: str, size: int) -> list[Case]:
    """The cases a seed draws: the same seed over the same population always draws the same cases."""
    # Not for secrecy: the seed is published with the sample so that anyone can redraw it.
    generator = random.Random(int(seed, 16))  # noqa: S311  # nosec B311
    return generator.sample(population, min(size, len(population)))


def check_sample(*, first: dt.date, last: dt.date, size: int) -> None:
    """Raise ValidationError naming the field: dates in order and a size from 1 to 200."""
    if first > last:
        raise ValidationError({"end": _("The last date must not be before the first.")})
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError({"size": _("Draw from 1 to %(max)s cases.") % {"max": MAX_SAMPLE}})


@audited
def do_draw_review_sample(
    *, first: dt.date, last: dt.date, size: int, acting_user: User, at: dt.datetime, seed: str | None = None
) -> ReviewSample:
    """Draw up to `size` of the period's closed cases at random and record the draw (seed, population,
    cases) with its audit row. Raises ValidationError (`end`, `size`) on bad input, changing nothing."""
    check_sample(first=first, last=last, size=size)
    seed = seed or secrets.token_hex(16)
    population = sample_population(first=first, last=last)
    chosen = draw(population, seed=seed, size=size)
    sample = ReviewSample.objects.create(
        drawn_by=acting_user,
        drawn_at=at,
        first=first,
        last=last,
        seed=seed,
        population=len(population),
        size=size,
        references=[c.reference for c in chosen],
    )
    sample.cases.set(chosen)
    record_action(
        "review.sample",
        actor=acting_user,
        at=at,
        target=f"review_sample:{sample.pk}",
        detail={"seed": seed, "population": len(population), "cases": [c.pk for c in chosen]},
    )
    return sample


def recent_samples(limit: int = 50) -> list[ReviewSample]:
    return list(ReviewSample.objects.select_related("drawn_by")[:limit])


def sample_with_cases(sample_id: int) -> tuple[ReviewSample, list[tuple[str, str | None]]] | None:
    """A sample and its (reference, public id) in the order drawn, or None if there is no such sample."""
    sample = ReviewSample.objects.select_related("drawn_by").filter(pk=sample_id).first()
    if sample is None:
        return None
    links = {reference: str(public_id) for reference, public_id in sample.cases.values_list("reference", "public_id")}
    return sample, [(reference, links.get(reference)) for reference in sample.references]
