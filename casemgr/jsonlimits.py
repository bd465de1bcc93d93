"""Reading JSON from outside (API bodies, cases files) with a limit on how deeply it nests.

Python's parser recurses once per level: a body of a thousand nested arrays raised RecursionError,
a 500 on the API and a traceback in import_cases, and anything walking the result recursively had
the same problem one level later. Nothing the system reads nests more than a few levels, so deeper
documents are refused with the line and column where the limit is passed.
"""

from __future__ import annotations

import json
import re
from typing import Any

# The deepest legitimate document, the cases file, nests 6 levels ($.cases[].outcome.sanctions[].x).
MAX_JSON_DEPTH = 32

# A string (with its escapes) or a bracket: brackets inside strings do not count.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JSONTooDeep(ValueError):
    """The document nests deeper than allowed; `line` and `column` (from 1) locate the bracket that
    passes the limit."""

    def __init__(self, *, line: int, column: int, max_depth: int) -> None:
        self.line = line
        self.column = column
        self.max_depth = max_depth
        super().__init__(f"line {line}, column {column}: nested more than {max_depth} levels deep")


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (Python's parser accepts them by default).
    raise ValueError(f"{name} is not a JSON number")


def loads_limited(text: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The JSON value in `text`, which must not nest deeper than `max_depth` arrays and objects.

    Raises JSONTooDeep, json.JSONDecodeError (not JSON), or ValueError (NaN or Infinity).
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise _too_deep(text, max_depth) from None
    if depth_exceeds(value, max_depth):
        raise _too_deep(text, max_depth)
    return value


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether `value` nests deeper than `max_depth`, walked without recursion. Only arrays and objects
    are stacked: a cases file holds millions of scalars, and stacking each was a second of an import."""
    containers = (dict, list)
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, containers) else []
    while pending:
        item, depth = pending.pop()
        if depth > max_depth:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children if isinstance(child, containers))
    return False


def _too_deep(text: str, max_depth: int) -> JSONTooDeep:
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > max_depth:
                offset = token.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                return JSONTooDeep(line=line, column=column, max_depth=max_depth)
        elif bracket in "]}":
            depth -= 1
    # Not reached for a document json.loads found too deep; a safe answer if it ever is.
    return JSONTooDeep(line=1, column=1, max_depth=max_depth)
