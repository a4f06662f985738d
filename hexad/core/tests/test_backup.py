"""`hexad backup` and `hexad restore` (QUALITY.md Q12).

Every database here is a real one: SQLite files in temporary directories (never
pytest-django's in-memory database) and scratch PostgreSQL databases. The demo portfolio
is built once per module by `hexad migrate` and `hexad demo` in a new process, then copied
for each test; the commands themselves run in this process through `call_command` against
a database alias registered for the test, and once through `python -m hexad` to show the
command line's own behaviour.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from psycopg import sql

from hexad.core import backup
from hexad.core.backup import BackupError, checksum_differences, pg_environment, table_checksums
from hexad.settings import PROJECT_DIR

# `hexad migrate` (a copy of the database kept), then `hexad demo --size small`, with
# cheap password hashing.
BUILD = """
import shutil
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connections
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", verbosity=0)
connections.close_all()
if {migrated_copy!r}:
    shutil.copy(settings.DATABASES["default"]["NAME"], {migrated_copy!r})
call_command("demo", size="small", quiet=True)
connections.close_all()
"""
# As hexad.settings configures SQLite.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "hexad.settings",
        "HEXAD_DATA_DIR": str(data_dir),
    }
    return env | ({"DATABASE_URL": database_url} if database_url else {})


class Build:
    """`BUILD` in a process of its own. The SQLite and PostgreSQL builds are started
    together and run side by side; a fixture waits for the one it needs."""

    def __init__(self, data_dir: Path, *, database_url: str = "", migrated_copy: str = ""):
        self.data_dir = data_dir
        self.database_url = database_url
        self.process = subprocess.Popen(
            [sys.executable, "-c", BUILD.format(migrated_copy=migrated_copy)],
            cwd=PROJECT_DIR,
            env=environment(data_dir, database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self) -> None:
        _, stderr = self.process.communicate(timeout=300)
        assert self.process.returncode == 0, stderr


def command(name: str, *args: str, **options: object) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def sqlite_sums(path: Path) -> dict[str, backup.TableChecksum]:
    db = sqlite3.connect(path)
    try:
        return table_checksums(db)
    finally:
        db.close()


@functools.cache
def pg_unavailable() -> str:
    """Why the PostgreSQL tests cannot run here, or "" when they can."""
    for tool in ("pg_dump", "pg_restore"):
        try:
            backup.pg_tool(tool, server=0, action="dump")
        except BackupError as exc:
            return f"PostgreSQL client tools are not installed: {exc}"
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at 127.0.0.1:5432 for user postgres: {exc}"
    return ""


@pytest.fixture(scope="module")
def pg_databases() -> Iterator[Callable[[], str]]:
    """Creates scratch PostgreSQL databases with unique names; drops them afterwards."""
    names: list[str] = []

    def create() -> str:
        names.append(f"hexad_backup_test_{secrets.token_hex(4)}")
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names[-1])))
        return names[-1]

    yield create
    if names:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            for name in names:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                admin.execute(drop.format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def builds(
    tmp_path_factory: pytest.TempPathFactory, pg_databases: Callable[[], str]
) -> Iterator[dict[str, Build]]:
    sqlite_dir = tmp_path_factory.mktemp("demo")
    started = {"sqlite": Build(sqlite_dir, migrated_copy=str(sqlite_dir / "migrated.sqlite3"))}
    if not pg_unavailable():
        url = f"{PG_SERVER}/{pg_databases()}"
        started["postgresql"] = Build(tmp_path_factory.mktemp("pg"), database_url=url)
    yield started
    for build in started.values():
        if build.process.poll() is None:
            build.process.kill()
            build.process.communicate()


@pytest.fixture(scope="module")
def migrated_db(builds: dict[str, Build]) -> Path:
    """A freshly migrated database: only the roles and tiers that `migrate` seeds."""
    builds["sqlite"].wait()
    return builds["sqlite"].data_dir / "migrated.sqlite3"


@pytest.fixture(scope="module")
def demo_db(builds: dict[str, Build]) -> Path:
    builds["sqlite"].wait()
    return builds["sqlite"].data_dir / "hexad.sqlite3"


@pytest.fixture
def source(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database of this test's own."""
    return Path(shutil.copy(demo_db, tmp_path / "source.sqlite3"))


@pytest.fixture
def using(django_db_blocker, settings, tmp_path: Path) -> Iterator[Callable[[Path | str], str]]:
    """Registers a database alias for a SQLite file (a Path) or a PostgreSQL URL."""
    settings.DATA_DIR = tmp_path  # where a compressed backup is unpacked
    aliases: list[str] = []

    def register(target: Path | str) -> str:
        alias = f"backup_test_{len(aliases)}"
        if isinstance(target, Path):
            config = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(target),
                "OPTIONS": dict(SQLITE_OPTIONS),
            }
        else:
            config = dict(dj_database_url.parse(target))
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


# --- checksums, computed by hand --------------------------------------------------------


def test_checksums_hash_every_row_in_primary_key_order_as_the_database_quotes_it() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(2, "b'c", None), (1, None, b"\x00\xff")])
    db.execute("CREATE TABLE pairs (b TEXT, a INTEGER)")  # no primary key: ordered by all
    db.executemany("INSERT INTO pairs VALUES (?, ?)", [("y", 2), ("x", 2), ("z", 1)])
    db.commit()

    sums = table_checksums(db)

    # Columns sorted by name; a header line, then one line per row.
    rows = b"data,id,name\nX'00FF',1,NULL\nNULL,2,'b''c'\n"
    pairs = b"a,b\n1,'z'\n2,'x'\n2,'y'\n"
    assert sums == {
        "t": (2, hashlib.sha256(rows).hexdigest()),
        "pairs": (3, hashlib.sha256(pairs).hexdigest()),
    }


def test_checksums_tell_null_from_the_text_null_and_any_changed_value() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO t VALUES (1, NULL)")
    db.commit()
    before = table_checksums(db)

    db.execute("UPDATE t SET name = 'NULL'")
    db.commit()
    after = table_checksums(db)

    assert before["t"].rows == after["t"].rows == 1
    assert checksum_differences(before, after) == ["t"]
    assert checksum_differences(before, {}) == ["t"]


# --- SQLite ----------------------------------------------------------------------------


class Writer(threading.Thread):
    """Keeps writing to the database: each transaction adds a department and a session,
    so a backup that caught half a transaction would hold one without the other."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.stop = threading.Event()
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        db = sqlite3.connect(self.database, timeout=20, isolation_level=None)
        try:
            while not self.stop.is_set():
                n = self.written
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "INSERT INTO people_department (created_at, updated_at, name) "
                    "VALUES ('2026-01-01 00:00:00', '2026-01-01 00:00:00', ?)",
                    [f"writer-{n}"],
                )
                db.execute(
                    "INSERT INTO django_session VALUES (?, 'x', '2030-01-01 00:00:00')",
                    [f"writer-{n}"],
                )
                db.execute("COMMIT")
                self.written += 1
                time.sleep(0.001)
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            db.close()


def written_in(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(path)
    try:
        departments = db.execute(
            "SELECT count(*) FROM people_department WHERE name LIKE 'writer-%'"
        ).fetchone()[0]
        sessions = db.execute(
            "SELECT count(*) FROM django_session WHERE session_key LIKE 'writer-%'"
        ).fetchone()[0]
        return departments, sessions
    finally:
        db.close()


def test_backup_of_a_database_being_written_is_a_consistent_snapshot(
    source: Path, tmp_path: Path, using: Callable[[Path | str], str]
) -> None:
    output = tmp_path / "live.sqlite3"
    writer = Writer(source)
    writer.start()
    while writer.written < 20 and writer.is_alive():
        time.sleep(0.01)
    written_before = writer.written

    try:
        shown = command("backup", "--output", str(output), "--verify", database=using(source))
        written_during = writer.written - written_before
    finally:
        writer.stop.set()
        writer.join(10)

    assert writer.error is None
    assert written_during > 0  # the app kept writing while the backup ran
    assert str(output) in shown
    assert re.search(r"relationships_interaction +6,000\n", shown)
    assert "Verified: every table of the backup" in shown
    db = sqlite3.connect(output)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file, no -wal
    db.close()
    departments, sessions = written_in(output)
    assert departments == sessions  # whole transactions only
    assert written_before <= departments <= writer.written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partials
    assert oct(output.stat().st_mode & 0o777) == "0o600"  # personal data: owner only


@pytest.mark.parametrize(
    ("target", "name"), [("brand-new", "backup.sqlite3.gz"), ("migrated", "backup.sqlite3")]
)
def test_restore_into_an_empty_database_gives_identical_checksums(
    source: Path,
    migrated_db: Path,
    tmp_path: Path,
    using: Callable[[Path | str], str],
    target: str,
    name: str,
) -> None:
    output = tmp_path / name
    command("backup", "--output", str(output), database=using(source))
    if name.endswith(".gz"):
        with gzip.open(output) as packed:
            assert packed.read(16) == b"SQLite format 3\x00"
    restored = tmp_path / "restored.sqlite3"
    if target == "migrated":
        shutil.copy(migrated_db, restored)

    shown = command("restore", str(output), database=using(restored))

    expected = sqlite_sums(source)
    assert sqlite_sums(restored) == expected
    assert expected["relationships_interaction"].rows == 6000
    assert expected["accounts_account"].rows == 50
    account = expected["accounts_account"]
    assert re.search(rf"accounts_account +50  {account.sha256}\n", shown)
    assert "hexad migrate" not in shown  # the same migrations as the code
    assert not list(tmp_path.glob(".restore-*"))  # the unpacked copy is gone


def test_restore_refuses_a_database_with_data_unless_told_to_replace_it(
    source: Path, tmp_path: Path, using: Callable[[Path | str], str]
) -> None:
    output = tmp_path / "backup.sqlite3"
    alias = using(source)
    command("backup", "--output", str(output), database=alias)
    backed_up = sqlite_sums(output)
    db = sqlite3.connect(source)
    db.execute("DELETE FROM relationships_interactionperson")
    db.commit()
    db.close()
    changed = sqlite_sums(source)

    with pytest.raises(CommandError) as refused:
        command("restore", str(output), database=alias)

    assert str(refused.value).startswith(
        "The database already holds Hexad data (rows in accounts_account, "
    )
    assert str(refused.value).endswith("run again with --yes to replace it.")
    assert sqlite_sums(source) == changed

    shown = command("restore", str(output), "--yes", database=alias)

    assert re.search(r"^Replaced the data that was in \d+ tables\.$", shown, re.MULTILINE)
    assert sqlite_sums(source) == backed_up


def test_restore_of_an_older_backup_asks_for_migrate(
    source: Path, tmp_path: Path, using: Callable[[Path | str], str]
) -> None:
    output = tmp_path / "old.sqlite3"
    command("backup", "--output", str(output), database=using(source))
    db = sqlite3.connect(output)
    app, name = db.execute(
        "SELECT app, name FROM django_migrations WHERE app = 'accounts' ORDER BY id DESC"
    ).fetchone()
    db.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", [app, name])
    db.commit()
    db.close()

    shown = command("restore", str(output), database=using(tmp_path / "restored.sqlite3"))

    assert (
        f"The backup was made before 1 migration(s) of this version of Hexad ({app}.{name}). "
        "Run `hexad migrate` before starting Hexad." in shown
    )


def test_restore_of_a_missing_file_is_a_clear_error_on_the_command_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"

    result = subprocess.run(
        [sys.executable, "-m", "hexad", "restore", str(missing)],
        cwd=PROJECT_DIR,
        env=environment(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr == f"CommandError: There is no backup file at {missing}.\n"


@pytest.fixture
def sqlite_target(tmp_path: Path) -> backup.BaseDatabaseWrapper:
    """A Django connection to a SQLite file that these tests must never open: one that got
    as far as the target would fail on pytest-django's database blocker."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "target.sqlite3")}
    configured = connections.configure_settings({"default": {}, "target": config})
    return DatabaseWrapper(configured["target"], alias="target")


def damaged(demo_db: Path, tmp_path: Path, kind: str) -> Path:
    good = demo_db.read_bytes()
    path = tmp_path / f"{kind}.bin"
    if kind == "random":
        path.write_bytes(secrets.token_bytes(8192))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good[: len(good) // 3])
    elif kind == "truncated-gzip":
        path.write_bytes(gzip.compress(good)[:50_000])
    elif kind == "not-hexad":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        db.close()
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("random", "is not a Hexad backup: it is neither a SQLite database nor a pg_dump"),
        ("empty", "is not a Hexad backup"),
        ("truncated", "is damaged and cannot be restored: database disk image is malformed"),
        ("truncated-gzip", "is damaged and cannot be restored: Compressed file ended"),
        ("not-hexad", "is a database backup, but not of Hexad"),
    ],
)
def test_restore_of_a_damaged_or_foreign_file_is_a_clear_error(
    demo_db: Path,
    tmp_path: Path,
    sqlite_target: backup.BaseDatabaseWrapper,
    kind: str,
    message: str,
) -> None:
    path = damaged(demo_db, tmp_path, kind)
    work = tmp_path / "work"
    work.mkdir()

    with pytest.raises(BackupError, match="^" + re.escape(f"{path} {message}")):
        backup.backup_restore(connection=sqlite_target, path=path, replace=True, workdir=work)

    assert not (tmp_path / "target.sqlite3").exists()
    assert list(work.iterdir()) == []  # an unpacked copy is removed


def test_backup_refuses_to_overwrite_a_file(
    source: Path, tmp_path: Path, using: Callable[[Path | str], str]
) -> None:
    output = tmp_path / "exists.sqlite3"
    output.write_bytes(b"keep me")

    with pytest.raises(CommandError, match=re.escape(f"{output} already exists; choose another")):
        command("backup", "--output", str(output), database=using(source))

    assert output.read_bytes() == b"keep me"


def test_backup_names_its_file_by_the_time_under_the_data_dir() -> None:
    path = backup.backup_path(
        vendor="sqlite", output=None, fmt="sqlite.gz", directory=Path("/data/backups")
    )
    assert path.parent == Path("/data/backups")
    assert path.name.startswith("hexad-20") and path.name.endswith("Z.sqlite3.gz")
    assert backup.backup_path(
        vendor="postgresql", output=None, fmt="auto", directory=Path("/b")
    ).name.endswith("Z.dump")
    with pytest.raises(BackupError, match="The custom format is not available on sqlite"):
        backup.backup_path(vendor="sqlite", output=None, fmt="custom", directory=Path("/b"))
    with pytest.raises(BackupError, match="compressed already"):
        backup.backup_path(
            vendor="postgresql", output=Path("x.dump.gz"), fmt="auto", directory=Path("/b")
        )


# --- PostgreSQL tools --------------------------------------------------------------------


def fake_tool(root: Path, major: int, version: str) -> None:
    tool = root / str(major) / "bin" / "pg_dump"
    tool.parent.mkdir(parents=True)
    tool.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {version}'\n")
    tool.chmod(0o755)


def test_pg_dump_must_be_at_least_as_new_as_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # nothing on PATH
    root = tmp_path / "postgresql"
    root.mkdir()

    with pytest.raises(BackupError, match="pg_dump was found neither on PATH nor under"):
        backup.pg_tool("pg_dump", server=15, action="dump", dirs=(root,))

    fake_tool(root, 13, "13.4")
    with pytest.raises(BackupError, match=r"pg_dump 13.4 is older than the PostgreSQL 15 server"):
        backup.pg_tool("pg_dump", server=15, action="dump", dirs=(root,))

    fake_tool(root, 16, "16.2")
    assert backup.pg_tool("pg_dump", server=15, action="dump", dirs=(root,)) == str(
        root / "16" / "bin" / "pg_dump"
    )


def test_the_password_goes_to_pg_dump_in_its_environment() -> None:
    env = pg_environment(
        {
            "NAME": "hexad",
            "USER": "app",
            "PASSWORD": "s3cret",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require", "isolation_level": 2},
        }
    )
    assert env["PGPASSWORD"] == "s3cret"
    assert (env["PGDATABASE"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == (
        "hexad",
        "app",
        "db.internal",
        "5433",
    )
    assert env["PGSSLMODE"] == "require"


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> str:
    """The server's URL, or a skip saying why there is none to use."""
    if reason := pg_unavailable():
        pytest.skip(reason)
    return PG_SERVER


@pytest.fixture(scope="module")
def pg_demo(postgres: str, builds: dict[str, Build]) -> str:
    """A database holding the demo portfolio, plus a table made by hand in a schema of
    its own: a text key, a NULL, a time zone and a quote."""
    builds["postgresql"].wait()
    url = builds["postgresql"].database_url
    with psycopg.connect(url) as db:
        db.execute("CREATE SCHEMA handmade")
        db.execute("CREATE TABLE handmade.t (code text PRIMARY KEY, at timestamptz, n int)")
        db.execute(
            "INSERT INTO handmade.t VALUES ('b''c', '2026-01-01 12:00+01', 2), ('B', NULL, 1)"
        )
    return url.rsplit("/", 1)[1]


def pg_sums(postgres: str, name: str) -> dict[str, backup.TableChecksum]:
    with psycopg.connect(f"{postgres}/{name}") as db:
        return table_checksums(db)


def test_postgresql_checksums_hash_the_rows_as_copy_prints_them(
    postgres: str, pg_demo: str
) -> None:
    sums = pg_sums(postgres, pg_demo)

    # Columns by name; rows by the key in byte order ('B' < 'b'), times in UTC.
    rows = b"at,code,n\n\\N\tB\t1\n2026-01-01 11:00:00+00\tb'c\t2\n"
    assert sums["handmade.t"] == (2, hashlib.sha256(rows).hexdigest())
    assert sums["relationships_interaction"].rows == 6000


def test_postgresql_backup_restores_into_an_empty_database_with_identical_checksums(
    postgres: str,
    pg_demo: str,
    pg_databases: Callable[[], str],
    tmp_path: Path,
    using: Callable[[Path | str], str],
) -> None:
    output = tmp_path / "hexad.dump"

    made = command(
        "backup", "--output", str(output), "--verify", database=using(f"{postgres}/{pg_demo}")
    )

    assert "Verified: every table of the backup" in made
    assert output.read_bytes()[:5] == b"PGDMP"
    target_name = pg_databases()
    target = using(f"{postgres}/{target_name}")

    restored = command("restore", str(output), database=target)

    expected = pg_sums(postgres, pg_demo)
    assert pg_sums(postgres, target_name) == expected
    assert expected["accounts_account"].sha256 in restored

    # The target now holds data: refused without --yes; a damaged dump changes nothing.
    with pytest.raises(CommandError, match=r"^The database already holds Hexad data \(rows in"):
        command("restore", str(output), database=target)
    broken = tmp_path / "broken.dump"
    broken.write_bytes(output.read_bytes()[: output.stat().st_size // 2])
    with pytest.raises(CommandError) as failed:
        command("restore", str(broken), "--yes", database=target)
    # Found by `pg_restore --list` or, when the table of contents is whole, by the restore.
    assert re.match(
        re.escape(str(broken)) + " (is damaged and cannot be restored|could not be restored; "
        "the database was left as it was): pg_restore failed",
        str(failed.value),
    )
    assert pg_sums(postgres, target_name) == expected
