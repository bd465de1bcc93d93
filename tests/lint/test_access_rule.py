"""The access rule, enforced: views fetch cases only through cases.access (style.md, practice 14).

A view that wrote `Case.objects...` or `get_object_or_404(...)` could skip the permission check; this
scan fails on both, in every views module and views package of the project.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "var", "tests", "node_modules"}


def _view_modules() -> list[Path]:
    modules = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP:
            continue
        if path.name == "views.py" or "views" in parts[:-1]:
            modules.append(path)
    return modules


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id == "Case"
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: Case.objects in a view")
        if isinstance(node, ast.Name) and node.id == "get_object_or_404":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: get_object_or_404 in a view")
    return found


def test_it_finds_the_view_modules():
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert any(n.startswith("cases/views/") for n in names)
    assert any(n.startswith("cases/api/views/") for n in names)


def test_no_view_looks_cases_up_without_the_access_functions():
    problems = [v for path in _view_modules() for v in _violations(path)]
    assert not problems, "\n".join(problems)
