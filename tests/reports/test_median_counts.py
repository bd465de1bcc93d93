"""The median of the late working days is read off their counts (reports.timeliness.median_of_counts)
exactly as PostgreSQL's percentile_cont(0.5) reads it off the values; the report's figures themselves
are compared with the plain-Python oracle and the portable path in the other report tests."""

import pytest

from reports.timeliness import median_of_counts


@pytest.mark.parametrize(
    ("values", "median"),
    [
        ([], None),
        ([4], 4.0),
        ([1, 9], 5.0),
        ([3, 1, 2], 2.0),
        ([0, 0, 0, 7], 0.0),
        ([2, 2, 5, 5, 5, 11], 5.0),
        ([1, 2, 3, 4], 2.5),
    ],
)
def test_it_is_the_middle_value_or_the_mean_of_the_two(values, median):
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    assert median_of_counts(counts) == median
