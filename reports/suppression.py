"""Small numbers are not shown (interchange contract, "Small numbers are suppressed").

A count from 1 to 4 could point at a person in a small institution: it is shown as "<5" (0 and 5 or
more are shown). A median over fewer than 5 values, and the longest dormant gap when fewer than 5
cases were dormant, are not shown at all (null).
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = "<5"
THRESHOLD = 5


def count(value: int) -> int | str:
    """A count as the reports show it: "<5" for 1 to 4."""
    return SMALL if 0 < value < THRESHOLD else value


def median(value: float | None, *, over: int) -> int | float | None:
    """A median of `over` values, or None when there are fewer than 5 (an integral value as an int)."""
    if value is None or over < THRESHOLD:
        return None
    return int(value) if float(value).is_integer() else value


def longest(value: int | None, *, cases: int) -> int | None:
    """The longest of the cases' gaps, or None when fewer than 5 cases are behind it."""
    return value if cases >= THRESHOLD else None


# Where a reader sees a total beside its parts, hiding the small parts is not enough: the total less
# the parts shown can give a hidden one away (9 in all, 5 met, 0 overdue, 0 pending: "<5" missed is 4).
# The pages, CSV and PDF therefore hide one more cell where that would happen ("secondary suppression").
# The contract's JSON shows exactly what the contract defines and nothing more.
HIDDEN = "*"


@dataclass(frozen=True)
class Cell:
    """A figure as shown: its text, the number behind it when it may be drawn, and whether it was hidden
    only to protect another cell."""

    text: str
    value: float | None = None
    protects: bool = False

    def __str__(self) -> str:
        return self.text


def cell(value: int | float | None) -> Cell:
    """A count or measure shown as it is, or as "<5" for a count from 1 to 4; "—" for None."""
    if value is None:
        return Cell("—")
    if isinstance(value, int) and 0 < value < THRESHOLD:
        return Cell(SMALL)
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return Cell(text, float(value))


def measure_cell(value: float | None) -> Cell:
    """A median or a length in working days: never a count, so never "<5"; "—" when not shown."""
    if value is None:
        return Cell("—")
    return Cell(f"{value:g}", float(value))


def _determined(hidden: list[int], small_only: bool) -> bool:
    """Whether hidden cells whose sum a reader can work out are each given away by it."""
    if not hidden:
        return False
    total = sum(hidden)
    if not small_only:
        return False  # a cell hidden for protection has no upper bound: the sum fixes nothing
    return len(hidden) == 1 or total == len(hidden) or total == (THRESHOLD - 1) * len(hidden)


def protect(total: int, parts: list[int]) -> tuple[Cell, list[Cell]]:
    """Cells for a total and the parts that add up to it, with one more part (or the total) hidden
    when the small parts could otherwise be worked out from the total and the parts shown."""
    cells = [cell(p) for p in parts]
    total_cell = cell(total)
    if total_cell.text == SMALL:
        return total_cell, cells  # every part is small too, or 0: nothing more to learn
    hidden = [p for p in parts if 0 < p < THRESHOLD]
    if not _determined(hidden, small_only=True):
        return total_cell, cells
    shown = [(p, i) for i, p in enumerate(parts) if p >= THRESHOLD]
    if shown:
        _, index = min(shown)
        cells[index] = Cell(HIDDEN, protects=True)
        return total_cell, cells
    return Cell(HIDDEN, protects=True), cells
