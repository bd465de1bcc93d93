"""Print which of the project's apps import which (from grimp's static graph), and any cycles.

    .venv/bin/python scripts/import_graph.py          # app -> apps it imports, with counts
    .venv/bin/python scripts/import_graph.py --dot    # the same as a Graphviz digraph

The layers themselves are a checked contract ([tool.importlinter] in pyproject.toml, run by scripts/test);
this script only shows the graph, e.g. for a review of a change.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# `casemgr` is split: its settings, URLs and Celery app are the composition root; the rest is the bottom.
ROOT_MODULES = ("casemgr.settings", "casemgr.urls", "casemgr.api_urls", "casemgr.celery", "casemgr.wsgi")


def app_of(module: str) -> str:
    if module == "casemgr" or module.startswith(ROOT_MODULES):
        return "casemgr(root)"
    return module.split(".")[0]


def apps() -> list[str]:
    return sorted(
        p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench", "scripts"}
    )


def edges() -> Counter[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*apps(), include_external_packages=False)
    counts: Counter[tuple[str, str]] = Counter()
    for importer in graph.modules:
        if ".migrations." in importer:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = app_of(importer), app_of(imported)
            if a != b:
                counts[(a, b)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dot", action="store_true")
    args = parser.parse_args()
    counts = edges()
    if args.dot:
        print("digraph apps {")
        for (a, b), n in sorted(counts.items()):
            print(f'  "{a}" -> "{b}" [label={n}];')
        print("}")
        return
    for app in sorted({a for a, _ in counts} | {b for _, b in counts}):
        out = sorted((b, n) for (a, b), n in counts.items() if a == app)
        print(f"{app:16} -> " + (", ".join(f"{b} ({n})" for b, n in out) or "-"))
    cycles = sorted({tuple(sorted(pair)) for pair in counts if (pair[1], pair[0]) in counts})
    print("two-way:", ", ".join(f"{a} <-> {b}" for a, b in cycles) or "none")


if __name__ == "__main__":
    main()
