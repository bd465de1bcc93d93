"""The pages of getting in are complete in Traditional Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "accounts" / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"


def test_the_accounts_catalogue_has_no_empty_or_fuzzy_entry():
    text = CATALOGUE.read_text()
    assert "#, fuzzy" not in text
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', text, re.MULTILINE)
    assert len(entries) > 40
    for msgid, msgstr in entries[1:]:
        joined = "".join(ast.literal_eval(part) for part in msgstr.strip().split("\n"))
        assert joined, f"no translation for {msgid.strip()}"


def test_a_dead_link_says_so_in_chinese(db, clock):
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-Hant").get("/accounts/link/" + "0" * 64 + "/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "此連結無法使用" in page
    assert "忘記密碼？" in page


def test_the_reset_form_is_in_chinese(db):
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-Hant").get("/accounts/password-reset/").content.decode()
    assert "您的院校編號或電郵地址" in page
    assert "寄給我連結" in page
