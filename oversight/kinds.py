"""The registry of flag kinds: for each kind of step that can be overdue, everything the engine needs.

A kind says which stored due column raises it (`overdue`), when its step counts as done (`done`), who is
told at each level and who else is waiting on the step (`recipients`, `waiting`), what the step is called
(`label`, `title`, `staff_sentence`, `describe`), how its history is recorded (`record_history`) and how its
stored due dates are recomputed after a change of policy or calendar (`refresh_due_dates`).

The engine (oversight.sweep, oversight.settle, oversight.policy_changes) imports no app above it: the app
that owns a step's data defines and registers its kinds in its AppConfig.ready(), e.g. cases (stage,
dormancy, sanctions) and accommodations (measure decisions and implementations). Adding a kind is one
module and one `register` call.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from casemgr.lookups import AnyOf

if TYPE_CHECKING:
    from oversight.models import Flag

LEVELS = (1, 2, 3)
_Row = TypeVar("_Row", bound=Model)


@dataclass(frozen=True)
class CaseCondition:
    """Cases as a condition on the case's own columns (its team, its stage, its assignments): `on(prefix)`
    is the condition with every lookup starting with `prefix` ("" on the case, "measure__case__" on a
    row that leads to one). Joined through each row's case, the planner estimates it from the cases
    table's statistics, which it cannot do for a subquery of thousands of case ids (a supervisor's team:
    docs/benchmarks.md, "Scale", fourth round)."""

    on: Callable[[str], Q]


# The cases a kind's `overdue` is asked about: their ids, a query of them, or a condition on them.
CaseScope = QuerySet[Any] | Collection[int] | CaseCondition


def in_cases(path: str, cases: CaseScope) -> Q | AnyOf:
    """The filter keeping the rows whose case id (at lookup `path`: "pk" on a case, "case_id",
    "party__case_id") is one of `cases`: a query of them as a subquery, a collection of ids as one
    array (casemgr.lookups.AnyOf), a CaseCondition through the row's case."""
    if isinstance(cases, CaseCondition):
        return cases.on("" if path == "pk" else path.removesuffix("_id") + "__")
    if isinstance(cases, QuerySet):
        return Q(**{f"{path}__in": cases})
    return AnyOf(F(path), list(cases))


@dataclass(frozen=True)
class DueStep:
    """A step whose stored due time has passed, as a kind's `overdue` reads it."""

    kind: str
    step_key: str
    due_at: dt.datetime
    case_id: int | None
    # The deadline policy whose escalation thresholds apply (None: the policy in force now).
    policy_id: int | None
    measure_id: int | None = None
    sanction_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def identity(self) -> tuple[str, str]:
        return (self.kind, self.step_key)


@dataclass(frozen=True)
class HistoryEntry:
    """Something that happened to a flag, for the kind to record where people read a step's history."""

    flag: Flag
    at: dt.datetime
    text: str
    action: str  # "flag_raised", "flag_escalated", "flag_closed"
    level: int | None = None
    done: bool | None = None


@dataclass(frozen=True)
class RefreshScope:
    """Which stored due dates a change of policy or calendar can move.

    `policy_id`: only steps under that policy (None: any); `since`: only steps due at or after it (None:
    any); `subject` narrows it further for the kind it names (e.g. ("measure_type", "class_separation")
    or ("stage", "investigation")); kinds it does not concern may skip the work.
    """

    policy_id: int | None = None
    since: dt.datetime | None = None
    subject: tuple[str, str] | None = None


class FlagKindSpec(ABC):
    """Base class of a flag kind. Subclasses set the class attributes and implement the abstract methods."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]  # the flags pages: "Decision on a measure overdue"
    title: ClassVar[str | Promise]  # e-mail subjects: "decision on a measure overdue"
    staff_sentence: ClassVar[str | Promise]  # e-mail bodies to staff
    # E-mail bodies to the people waiting on the step (`waiting`), when it is overdue and when it is done.
    waiting_overdue_sentence: ClassVar[str | Promise] = ""
    waiting_done_sentence: ClassVar[str | Promise] = ""
    # Shown in `flags --json` (the casemgr/1 contract's kinds only; the project's own kinds are not).
    in_contract: ClassVar[bool] = False
    # The level a flag starts at whatever its overdue days (e.g. 2: straight to the supervisors).
    minimum_level: ClassVar[int] = 1
    # Whether an action on the step's record can tell it is done (oversight.settle); False for kinds only
    # the sweep itself knows about (a step the sweep could not process).
    settled_by_actions: ClassVar[bool] = True

    @abstractmethod
    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        """Every step of this kind whose stored due time has passed (`now` > due), read from the partial
        index on the open rows; with `only`, just those step keys; with `cases` (a query of case ids),
        just the steps of those cases (none for a kind that is about no case); with `limit`, the first
        `limit` of them to fall due (`first_due`); without `with_detail`, no `DueStep.detail` where it
        costs a query (the work queue shows none)."""

    @abstractmethod
    def describe(self, flag: Flag) -> str:
        """The step in words for the timeline, e.g. "the decision on interim measure M1"."""

    def describe_many(self, flags: Sequence[Flag]) -> dict[int, str]:
        """`describe` for many flags at once, by flag id (kinds whose words need a query override it)."""
        return {flag.pk: self.describe(flag) for flag in flags}

    def done(self, flags: Sequence[Flag]) -> set[int]:
        """The ids of those closing flags whose step was done (rather than no longer due for another reason)."""
        return set()

    @abstractmethod
    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        """Staff to tell about each flag, by flag id and level (1 officers, 2 supervisors, 3 governance)."""

    def waiting(self, flags: Sequence[Flag]) -> dict[int, set[int]]:
        """People other than staff waiting on each flag's step (told when it is raised and when it is done)."""
        return {}

    @abstractmethod
    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        """Record what happened to the flags (e.g. on the case timeline), in the caller's transaction."""

    # What `refresh_due_dates` counts, for the policy change's audit row ("cases", "measures", ...).
    refresh_counts: ClassVar[str] = ""

    def refresh_due_dates(self, scope: RefreshScope) -> int:
        """Recompute the stored due dates of the open steps `scope` covers; returns how many rows changed.
        Kinds that store their due dates on one row share one implementation (it runs once per change)."""
        return 0

    def json_fields(self, flag: Flag) -> dict[str, Any]:
        """Fields of the flag in `flags --json` between `kind` and `due_at` (e.g. the measure's code)."""
        return {}

    def staff_link(self, flag: Flag) -> str:
        """The path of the page where staff act on the step (for e-mails and the flag lists)."""
        return reverse("office:flag_list")

    def waiting_link(self, flag: Flag) -> str:
        """The path of the page where a person waiting on the step reads about it."""
        return reverse("notifications:list")


_KINDS: dict[str, FlagKindSpec] = {}


def register(kind: FlagKindSpec) -> None:
    existing = _KINDS.get(kind.name)
    if existing is not None and type(existing) is not type(kind):
        raise ImproperlyConfigured(f"two flag kinds are registered as {kind.name!r}")
    _KINDS[kind.name] = kind


def flag_kind(name: str) -> FlagKindSpec:
    try:
        return _KINDS[name]
    except KeyError:
        raise ImproperlyConfigured(f"no flag kind {name!r} is registered (an app's AppConfig.ready)") from None


def registered_kinds() -> list[FlagKindSpec]:
    return [_KINDS[name] for name in sorted(_KINDS)]


def kind_label(name: str) -> str:
    spec = _KINDS.get(name)
    return str(spec.label) if spec is not None else name


def by_kind(flags: Iterable[Flag]) -> Mapping[str, list[Flag]]:
    grouped: dict[str, list[Flag]] = {}
    for flag in flags:
        grouped.setdefault(flag.kind, []).append(flag)
    return grouped


def describe_flags(flags: Iterable[Flag]) -> dict[int, str]:
    """Each flag's step in words, by flag id, with one `describe_many` per kind."""
    words: dict[int, str] = {}
    for name, group in by_kind(flags).items():
        words.update(flag_kind(name).describe_many(group))
    return words


def first_due(rows: QuerySet[_Row], column: str, limit: int | None) -> QuerySet[_Row]:
    """`rows` as they are (the sweep's order) or, with `limit`, the first `limit` of them by `column`,
    the due time: the work queue asks for the earliest steps of an officer's cases, not all of them."""
    if limit is None:
        return rows
    return rows.order_by(column, "pk")[:limit]


def keys_to_ids(prefix: str, keys: Collection[str] | None) -> list[int] | None:
    """The ids in step keys such as "measure:17" with `prefix` "measure" (None stays None: no narrowing)."""
    if keys is None:
        return None
    ids = []
    for key in keys:
        head, _, tail = key.partition(":")
        if head == prefix and tail.isdigit():
            ids.append(int(tail))
    return ids
