"""Settings read the environment strictly, and the defaults are safe to start with.

The helpers are tried in this process. What happens at start-up (a missing secret key in
production, the SQLite defaults) is tried in a fresh Python process with a clean
environment, the way `hexad` itself starts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hexad.settings import PROJECT_DIR, env_bool, env_int, env_list, env_str

VAR = "HEXAD_TEST_SETTING"


@pytest.fixture(autouse=True)
def _no_test_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VAR, raising=False)
    monkeypatch.delenv(f"{VAR}_FILE", raising=False)


# --- the typed helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_bool_falls_back_to_the_default_when_unset_or_blank(
    monkeypatch: pytest.MonkeyPatch, raw: str | None
) -> None:
    if raw is not None:
        monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, True) is True
    assert env_bool(VAR, False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "y e s", "truee"])
def test_env_bool_rejects_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv(VAR, raw)
    message = f"{VAR} must be true or false, not {raw!r}"
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        env_bool(VAR, False)


@pytest.mark.parametrize(("raw", "expected"), [("42", 42), (" 7 ", 7), ("0", 0), ("-3", -3)])
def test_env_int_reads_whole_numbers(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: int
) -> None:
    monkeypatch.setenv(VAR, raw)
    assert env_int(VAR, 99) == expected


def test_env_int_falls_back_to_the_default_when_unset_or_blank(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert env_int(VAR, 25) == 25
    monkeypatch.setenv(VAR, " ")
    assert env_int(VAR, 25) == 25


@pytest.mark.parametrize("raw", ["12h", "1.5", "ten", "1e3", "0x10", "60 minutes"])
def test_env_int_rejects_anything_but_a_whole_number_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv(VAR, raw)
    message = f"{VAR} must be a whole number, not {raw!r}"
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        env_int(VAR, 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, " hexad.example.com, ,www.hexad.example.com,, ")
    assert env_list(VAR, ["default"]) == ["hexad.example.com", "www.hexad.example.com"]


def test_env_list_falls_back_to_the_default_when_unset_or_blank(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert env_list(VAR, ["default"]) == ["default"]
    monkeypatch.setenv(VAR, "  ")
    assert env_list(VAR, ["default"]) == ["default"]


def test_env_str_reads_a_secret_from_a_file_and_the_variable_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv(f"{VAR}_FILE", str(secret))
    assert env_str(VAR) == "from-the-file"

    monkeypatch.setenv(VAR, "from-the-variable")
    assert env_str(VAR) == "from-the-variable"


# --- start-up, in a fresh process ------------------------------------------------------

SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({"SECRET_KEY": settings.SECRET_KEY, "DEBUG": settings.DEBUG}))
"""

# Opens a real connection with the configured settings, reads the PRAGMAs, then checks
# that entering a transaction already holds the write lock (BEGIN IMMEDIATE): a second
# connection that will not wait cannot start a write transaction meanwhile.
PROBE_SQLITE = """
import json
import sqlite3
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys")
    }
with transaction.atomic():
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        error = ""
    except sqlite3.OperationalError as exc:
        error = str(exc)
    finally:
        other.close()
print(json.dumps({
    "vendor": connection.vendor,
    "name": str(connection.settings_dict["NAME"]),
    "second_writer": error,
    **pragmas,
}))
"""


def start_hexad(code: str, tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a new Python with only PATH, a data dir in tmp_path and `environment`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "hexad.settings",
        "HEXAD_DATA_DIR": str(tmp_path / "data"),
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = start_hexad(
        SHOW_SETTINGS,
        tmp_path,
        HEXAD_ENVIRONMENT="production",
        ALLOWED_HOSTS="hexad.example.com",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY (or SECRET_KEY_FILE) is required in production." in result.stderr
    assert not (tmp_path / "data" / "secret_key").exists()  # nothing generated instead


@pytest.mark.parametrize("source", ["SECRET_KEY", "SECRET_KEY_FILE"])
def test_production_starts_with_a_secret_key_given(tmp_path: Path, source: str) -> None:
    key = "k" * 25 + "-production-secret-key-for-tests"
    if source == "SECRET_KEY_FILE":
        key_file = tmp_path / "secret_key.txt"
        key_file.write_text(key + "\n")
        given = {"SECRET_KEY_FILE": str(key_file)}
    else:
        given = {"SECRET_KEY": key}

    result = start_hexad(
        SHOW_SETTINGS,
        tmp_path,
        HEXAD_ENVIRONMENT="production",
        ALLOWED_HOSTS="hexad.example.com",
        **given,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"SECRET_KEY": key, "DEBUG": False}


def test_development_generates_a_private_secret_key_once(tmp_path: Path) -> None:
    first = start_hexad(SHOW_SETTINGS, tmp_path)
    second = start_hexad(SHOW_SETTINGS, tmp_path)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    key_file = tmp_path / "data" / "secret_key"
    key = json.loads(first.stdout)["SECRET_KEY"]
    assert len(key) >= 50
    assert json.loads(second.stdout)["SECRET_KEY"] == key  # kept, not made anew
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert json.loads(first.stdout)["DEBUG"] is False  # off unless asked for


def test_an_unknown_environment_name_stops_start_up(tmp_path: Path) -> None:
    result = start_hexad(SHOW_SETTINGS, tmp_path, HEXAD_ENVIRONMENT="staging")

    assert result.returncode != 0
    assert "HEXAD_ENVIRONMENT must be development, production or test, not 'staging'" in (
        result.stderr
    )


@pytest.mark.parametrize("database_url", [None, "sqlite:///{tmp}/elsewhere/hexad.sqlite3"])
def test_sqlite_runs_in_wal_mode_and_takes_the_write_lock_at_begin(
    tmp_path: Path, database_url: str | None
) -> None:
    """Without DATABASE_URL Hexad uses SQLite in its data dir; any SQLite gets WAL + IMMEDIATE.

    This runs whatever database the suite itself uses: the process it starts has SQLite.
    """
    environment = {"DATABASE_URL": database_url.format(tmp=tmp_path)} if database_url else {}

    result = start_hexad(PROBE_SQLITE, tmp_path, **environment)

    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    expected_file = (
        tmp_path / "elsewhere" / "hexad.sqlite3"
        if database_url
        else tmp_path / "data" / "hexad.sqlite3"
    )
    assert probe["vendor"] == "sqlite"
    assert Path(probe["name"]) == expected_file
    assert probe["journal_mode"] == "wal"
    assert probe["synchronous"] == 1  # NORMAL: safe with WAL, and much faster than FULL
    assert probe["foreign_keys"] == 1
    assert probe["second_writer"] == "database is locked"
