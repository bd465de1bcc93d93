"""Every Traditional Chinese catalogue of the project is complete: no empty and no fuzzy entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/zh_Hant/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def _entries(text: str) -> list[tuple[bool, str, str]]:
    """(fuzzy, msgid, msgstr) of each entry after the header; plural forms count as one msgstr each."""
    entries = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if not any(line.startswith("msgid ") for line in lines) or all(line.startswith("#~") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        joined = "\n".join(line for line in lines if not line.startswith("#"))
        head, _, tail = joined.partition("\nmsgstr")
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', head))
        for translation in re.split(r"\nmsgstr(?:\[\d+\])? ", "\nmsgstr" + tail)[1:]:
            entries.append((fuzzy, msgid, "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', translation))))
    return entries


def test_it_reads_every_kind_of_entry():
    text = (
        'msgid ""\nmsgstr "header"\n\n'
        'msgid "Done"\nmsgstr "完成"\n\n'
        'msgid "Missing"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "猜"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "個"'
    )
    assert _entries(text) == [
        (False, "Done", "完成"),
        (False, "Missing", ""),
        (True, "Guessed", "猜"),
        (False, "onemany", "個"),
    ]


def test_it_finds_the_catalogues():
    assert any("portal" in str(p) for p in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_has_no_empty_or_fuzzy_entry(path: Path):
    problems = [
        f"{'fuzzy' if fuzzy else 'empty'}: {msgid[:60]}"
        for fuzzy, msgid, msgstr in _entries(path.read_text(encoding="utf-8"))
        if fuzzy or not msgstr
    ]
    assert problems == []
