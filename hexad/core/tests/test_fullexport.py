"""`export_everything` and `import_everything` (QUALITY.md Q13): a full export loads into
a freshly migrated database with no differences, proven with `hexad backup`'s row
checksums of every table.

As in test_backup.py, the databases are real SQLite files: the small demo portfolio and a
freshly migrated database are built once per module in a new process, then copied for
each test.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections

from hexad.core.backup import checksum_differences
from hexad.core.fullexport import (
    FORMAT,
    NOT_EMPTY,
    FullExportError,
    export_everything,
    exported_models,
    import_everything,
)
from hexad.core.tests.test_backup import SQLITE_OPTIONS, Build, sqlite_sums


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    data_dir = tmp_path_factory.mktemp("demo")
    build = Build(data_dir, migrated_copy=str(data_dir / "migrated.sqlite3"))
    build.wait()
    return build


@pytest.fixture
def demo(built: Build, tmp_path: Path) -> Path:
    return Path(shutil.copy(built.data_dir / "hexad.sqlite3", tmp_path / "demo.sqlite3"))


@pytest.fixture
def fresh(built: Build, tmp_path: Path) -> Path:
    """A freshly migrated database: only the roles and tiers `hexad migrate` seeds."""
    return Path(shutil.copy(built.data_dir / "migrated.sqlite3", tmp_path / "fresh.sqlite3"))


@pytest.fixture
def using(django_db_blocker) -> Iterator[Callable[[Path], str]]:
    """Registers a database alias for a SQLite file."""
    aliases: list[str] = []

    def register(path: Path) -> str:
        alias = f"fullexport_test_{len(aliases)}"
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
        configured = connections.configure_settings({"default": {}, alias: config})
        connections.settings[alias] = configured[alias]
        aliases.append(alias)
        return alias

    with django_db_blocker.unblock():
        yield register
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def exported(stream: io.BytesIO, alias: str, **options: bool) -> io.BytesIO:
    export_everything(stream, using=alias, **options)
    stream.seek(0)
    return stream


def exported_tables() -> set[str]:
    return {model._meta.db_table for model in exported_models()}


def test_a_full_export_loads_into_a_fresh_database_with_no_differences(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    stream = io.BytesIO()
    written = export_everything(stream, using=source)
    stream.seek(0)

    loaded = import_everything(stream, using=target)

    assert loaded.counts == written.counts
    assert written.counts["accounts.Account"] == 50
    assert written.counts["relationships.Interaction"] == 6000
    assert written.counts["roles.Role"] == 6
    connections[source].close()
    connections[target].close()
    expected, restored = sqlite_sums(demo), sqlite_sums(fresh)
    # Every table is identical, the ones the export holds and the ones `hexad migrate`
    # made alike (migrations, content types, permissions), down to the next ids.
    assert checksum_differences(expected, restored) == []
    assert exported_tables() <= set(restored)
    assert restored["accounts_account"].rows == 50


def test_the_import_refuses_a_database_with_data_and_changes_nothing(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    stream = exported(io.BytesIO(), source)
    import_everything(stream, using=target)
    connections[target].close()
    before = sqlite_sums(fresh)

    with pytest.raises(FullExportError) as refused:
        import_everything(io.BytesIO(stream.getvalue()), using=target)

    assert str(refused.value).startswith(NOT_EMPTY.split("{")[0])
    assert "accounts_account" in str(refused.value)
    connections[target].close()
    assert sqlite_sums(fresh) == before


def test_a_damaged_file_stores_nothing_and_says_where(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    data = exported(io.BytesIO(), source).getvalue()
    connections[target].close()
    before = sqlite_sums(fresh)
    lines = data.split(b"\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(b",[") and i > 5000)
    damaged = b"\n".join([*lines[:row], b',[1, "unfinished', *lines[row + 1 :]])

    with pytest.raises(FullExportError, match="not valid JSON"):
        import_everything(io.BytesIO(damaged), using=target)
    with pytest.raises(FullExportError, match="ends before its last table"):
        import_everything(io.BytesIO(b"\n".join(lines[:row])), using=target)
    with pytest.raises(FullExportError, match="not a Hexad full export"):
        import_everything(io.BytesIO(b'{"format": "something else"}'), using=target)
    newer = data.replace(b'"version": 1,', b'"version": 99,', 1)
    with pytest.raises(FullExportError, match="newer Hexad"):
        import_everything(io.BytesIO(newer), using=target)

    connections[target].close()
    assert sqlite_sums(fresh) == before  # each attempt rolled back as a whole


def test_the_same_json_in_another_layout_imports_the_same(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    data = exported(io.BytesIO(), source).getvalue()
    document = json.loads(data)
    assert document["format"] == FORMAT
    assert document["version"] == 1
    reindented = json.dumps(document, indent=2).encode()

    import_everything(io.BytesIO(reindented), using=target)

    connections[source].close()
    connections[target].close()
    assert checksum_differences(sqlite_sums(demo), sqlite_sums(fresh)) == []


def test_without_secrets_no_password_hash_or_token_digest_is_written(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    with sqlite3.connect(demo) as db:
        hashes = [row[0] for row in db.execute("SELECT password FROM people_user")]
    assert hashes and all(hashes)
    data = exported(io.BytesIO(), source, include_secrets=False).getvalue()

    assert not any(password.encode() in data for password in hashes)
    assert b'"model": "api.ApiToken"' not in data
    assert b'"model": "planning.CalendarToken"' not in data
    summary = import_everything(io.BytesIO(data), using=target)
    assert summary.include_secrets is False
    connections[target].close()
    with sqlite3.connect(fresh) as db:
        passwords = {row[0] for row in db.execute("SELECT password FROM people_user")}
    assert passwords == {"!"}  # unusable: people set a new password
