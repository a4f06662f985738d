"""The Polish catalogue is complete, compiled, and what a Polish user sees is Polish.

The catalogue is read straight from the .po text (no polib); the compiled .mo is read with
Python's own gettext. `scripts/check-translations`, which CI calls, is run here as well.
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PO = Path(settings.LOCALE_PATHS[0]) / "pl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CHECKER = Path(__file__).resolve().parents[3] / "scripts" / "check-translations"
POLISH_PLURALS = (
    "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 : 2);"
)


def read_catalogue(path: Path) -> list[dict]:
    """Entries of a .po file: flags, msgid, msgid_plural and msgstr forms, in file order."""
    entries: list[dict] = []
    entry: dict | None = None
    key: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            entry, key = None, None
            continue
        if line.startswith("#"):
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
                entries.append(entry)
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
                entries.append(entry)
            key = match.group(1)
            value = ast.literal_eval(match.group(2))
        else:
            assert line.startswith('"') and entry is not None and key is not None, line
            value = ast.literal_eval(line)
        if key.startswith("msgstr"):
            index = int(key[7:-1]) if key != "msgstr" else 0
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + value
        else:
            entry[key] = entry.get(key, "") + value
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    return read_catalogue(PO)


# --- (a) the catalogue is complete ------------------------------------------------------


def test_the_header_declares_polish_with_three_plural_forms(catalogue):
    header = catalogue[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    fields = dict(line.split(": ", 1) for line in header["msgstr"][0].splitlines() if ": " in line)
    assert fields["Language"] == "pl"
    assert fields["Plural-Forms"] == POLISH_PLURALS
    assert "Content-Type: text/plain; charset=UTF-8" in header["msgstr"][0]


def test_no_entry_is_fuzzy_or_untranslated(catalogue):
    entries = catalogue[1:]
    assert len(entries) > 200
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"]
        for entry in entries
        if sorted(entry["msgstr"]) != ([0, 1, 2] if "msgid_plural" in entry else [0])
        or not all(entry["msgstr"].values())
    ]
    assert fuzzy == []
    assert untranslated == []


def test_translations_keep_the_placeholders(catalogue):
    def names(text: str) -> set[str]:
        return set(re.findall(r"%\((\w+)\)s", text))

    for entry in catalogue[1:]:
        source = names(entry["msgid"]) | names(entry.get("msgid_plural", ""))
        for text in entry["msgstr"].values():
            assert names(text) == source, (entry["msgid"], text)
        if "%%" in entry["msgid"]:
            assert all("%%" in text for text in entry["msgstr"].values()), entry["msgid"]


def test_the_compiled_catalogue_matches_the_po(catalogue):
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue[1:]:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, form in ((1, 0), (3, 1), (5, 2)):
                if context is None:
                    plural = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                else:
                    plural = compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                assert plural == entry["msgstr"][form], entry["msgid"]
        elif context is None:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            assert compiled.pgettext(context, entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


def test_the_ci_checker_accepts_the_catalogue():
    result = subprocess.run(
        [sys.executable, str(CHECKER)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_ci_checker_lists_untranslated_and_fuzzy_entries(tmp_path):
    broken = tmp_path / "django.po"
    text = PO.read_text(encoding="utf-8")
    text = text.replace('msgstr "Portfel"', 'msgstr ""', 1)
    text = text.replace('msgid "Sign in"\n', '#, fuzzy\nmsgid "Sign in"\n', 1)
    broken.write_text(text, encoding="utf-8")
    (tmp_path / "django.mo").write_bytes(MO.read_bytes())
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "untranslated" in result.stderr and "'Portfolio'" in result.stderr
    assert "fuzzy" in result.stderr and "'Sign in'" in result.stderr


def test_the_ci_checker_finds_a_text_makemessages_cannot_see(tmp_path):
    """A gettext call inside an f-string is invisible to makemessages; the checker reads
    the code itself and names the file, line and text."""
    import runpy

    checker = runpy.run_path(str(CHECKER))
    code = tmp_path / "hexad"
    (code / "tests").mkdir(parents=True)
    (code / "shown.py").write_text(
        "from django.utils.translation import gettext, pgettext\n"
        "def badge():\n"
        "    return f'<b>{gettext(\"Portfolio\")}</b>'\n"
        "def hidden():\n"
        "    return f'<b>{gettext(\"A text nobody translated\")}</b>'\n"
        "def in_context():\n"
        "    return pgettext('nowhere', 'Portfolio')\n",
        encoding="utf-8",
    )
    (code / "tests" / "test_x.py").write_text("gettext('Only in a test')\n", encoding="utf-8")
    problems = checker["uncatalogued"](checker["parse_po"](PO), code)
    assert len(problems) == 2, problems
    assert "hexad/shown.py:5: 'A text nobody translated'" in problems[0]
    assert "hexad/shown.py:7: 'Portfolio'" in problems[1]


# --- (b) key strings come back in Polish ---------------------------------------------------


@pytest.mark.parametrize(
    ("english", "polish"),
    [
        ("Portfolio", "Portfel"),
        ("Strategic account portfolio", "Portfel kont strategicznych"),
        ("People", "Osoby"),
        ("The six roles", "Sześć ról"),
        ("Sign in", "Zaloguj się"),
        ("Sign out", "Wyloguj się"),
        ("Account lead", "Opiekun konta"),
        ("Account team", "Zespół konta"),
        ("Tier", "Poziom"),
        ("Industry", "Branża"),
        ("Allocation", "Alokacja"),
        ("Load against capacity", "Obciążenie względem dostępności"),
        ("Lead", "Prowadzący"),
        ("Contributing", "Wspierający"),
        ("Programme leader", "Lider programu"),
    ],
)
def test_key_strings_are_polish(english, polish):
    with translation.override("pl"):
        assert translation.gettext(english) == polish


@pytest.mark.parametrize(
    ("count", "polish"),
    [
        (1, "1 wynik"),
        (2, "2 wyniki"),
        (4, "4 wyniki"),
        (5, "5 wyników"),
        (12, "12 wyników"),
        (14, "14 wyników"),
        (22, "22 wyniki"),
        (25, "25 wyników"),
        (0, "0 wyników"),
    ],
)
def test_counts_take_the_polish_plural_forms(count, polish):
    with translation.override("pl"):
        text = translation.ngettext("%(counter)s result", "%(counter)s results", count)
    assert text % {"counter": count} == polish


def test_english_stays_english():
    with translation.override("en"):
        assert translation.gettext("Portfolio") == "Portfolio"


# --- (c) a Polish user sees a Polish page ----------------------------------------------------


@pytest.mark.django_db
def test_the_portfolio_is_polish_for_a_polish_user(client, leader, account):
    leader.language = "pl"
    leader.save(update_fields=["language"])
    client.force_login(leader)
    response = client.get(reverse("accounts:portfolio"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    for polish in [
        "Portfel kont strategicznych",
        ">Portfel<",
        ">Osoby<",
        ">Sześć ról<",
        "Opiekun konta",
        "Branża",
        "Pełnione role",
        "Wyloguj się",
        "Motor wyników",
        "Acme Polska",
    ]:
        assert polish in html, polish
    for english in [
        ">Portfolio<",
        ">People<",
        ">The six roles<",
        "Strategic account portfolio",
        "Account lead",
        "Sign out",
        "Change password",
        "Roles played",
        "Results Driver",
    ]:
        assert english not in html, english
