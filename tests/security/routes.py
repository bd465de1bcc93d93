"""Every URL the project routes, read from the resolver, with each converter filled with a real value.

A new route is walked by tests/security/test_route_walk.py without anyone listing it; a route whose
parameters cannot be filled fails that test with a message saying what to add here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    """One routed view: its pattern as written (prefixes joined), its namespaced name and view."""

    pattern: str
    name: str
    callback: Callable[..., Any]
    parts: tuple[RoutePattern | RegexPattern, ...]

    @property
    def label(self) -> str:
        return self.name or self.pattern


class CannotFill(Exception):
    """A route parameter nobody has said how to fill: add it to the fillers."""


# (converter, parameter name, the literal path segment just before it) -> what to put there.
Filler = Callable[[str, str, str, "Route"], str]


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), (), ""))


def _walk(resolver: URLResolver, parts: tuple[Any, ...], namespace: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry, (*parts, entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            full = (*parts, entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield Route(pattern="".join(str(p) for p in full), name=name, callback=entry.callback, parts=full)


def concrete_url(route: Route, fill: Filler) -> str:
    """The route with every parameter filled by `fill`; checked to resolve back to the same view.

    Raises CannotFill when `fill` does not know a parameter, or the result resolves elsewhere.
    """
    url = "/"
    for part in route.parts:
        url += _fill_route(str(part), route, fill) if isinstance(part, RoutePattern) else _fill_regex(part, route, fill)
    match = resolve(url)
    if match.func is not route.callback:
        raise CannotFill(f"{route.label}: the filled URL {url} resolves to {match.view_name or match.func}")
    return url


def _fill_route(text: str, route: Route, fill: Filler) -> str:
    def replace(found: re.Match[str]) -> str:
        before = text[: found.start()].rstrip("/").rsplit("/", 1)[-1]
        return fill(found.group("converter") or "str", found.group("name"), before, route)

    return _CONVERTER.sub(replace, text)


def _fill_regex(part: RegexPattern, route: Route, fill: Filler) -> str:
    """A regex pattern with each named group replaced by its value (groups may nest parentheses)."""
    text = part.regex.pattern
    out = []
    i = 0
    while i < len(text):
        if text.startswith("(?P<", i):
            name = text[i + 4 : text.index(">", i)]
            depth, j = 0, i
            while True:
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            out.append(fill("regex", name, "", route))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out).removeprefix("^").removesuffix("$").replace("\\", "")
