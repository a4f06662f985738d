"""Backups and restores of Hexad's database, and the row checksums that prove them (Q12).

- SQLite: the online backup API copies the live database page by page in one step, inside
  one read transaction, so the copy is the snapshot that transaction sees while the app
  goes on writing (WAL mode never blocks the writers). The copy is a single `.sqlite3`
  file (rollback journal, no `-wal`), gzip-compressed when its name ends in `.gz`.
- PostgreSQL: `pg_dump --format=custom` of a snapshot exported by a repeatable-read
  transaction, which also counts (or checksums) the rows the dump holds; `pg_restore`.

`table_checksums` reads every table ordered by its primary key and hashes the text the
database itself gives for each value (SQLite's `quote()`, PostgreSQL's `COPY` with fixed
session settings), so the figures do not depend on the driver and are stable per backend.
The management commands `hexad backup` and `hexad restore` only parse options and print.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gzip
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import psycopg
from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from psycopg import sql

from hexad.core.db import refresh_statistics

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
PGDUMP_MAGIC = b"PGDMP"
FORMATS = ("auto", "sqlite", "sqlite.gz", "custom")
PG_TOOL_DIRS = (Path("/usr/lib/postgresql"),)
# Models whose rows `hexad migrate` seeds: a database holding only these is still empty.
SEEDED_MODELS = frozenset({"roles.Role", "accounts.Tier", "transfer.SalesforceRoleMapping"})
# libpq environment variables for the OPTIONS of a DATABASE_URL (never the command line).
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "application_name": "PGAPPNAME",
}
# Session settings under which PostgreSQL prints every value the same way.
PG_STABLE_OUTPUT = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}

UNSUPPORTED = "Backups support SQLite and PostgreSQL, not {vendor}."
IN_MEMORY = "An in-memory SQLite database cannot be backed up or restored."
NO_DATABASE = "There is no database at {path}: nothing to back up (run `hexad migrate` first)."
OUTPUT_EXISTS = "{path} already exists; choose another --output or remove it first."
OUTPUT_IS_DATABASE = "--output must not be the database file itself."
WRONG_FORMAT = "The {fmt} format is not available on {vendor}; use one of: {choices}."
PG_NO_GZIP = (
    "PostgreSQL backups are pg_dump custom archives, compressed already: "
    "give --output a name that does not end in .gz, e.g. hexad.dump."
)
NO_BACKUP = "There is no backup file at {path}."
NOT_A_BACKUP = (
    "{path} is not a Hexad backup: it is neither a SQLite database nor a pg_dump custom "
    "archive (optionally gzip-compressed)."
)
CORRUPT = "{path} is damaged and cannot be restored: {detail}"
NOT_HEXAD = "{path} is a database backup, but not of Hexad (it has no Hexad migrations)."
WRONG_BACKEND = (
    "{path} is a {kind} backup, but the configured database is {vendor}. "
    "Restore it into a {kind} database."
)
RESTORE_ONTO_ITSELF = "The backup file is the configured database itself."
NOT_EMPTY = (
    "The database already holds Hexad data (rows in {tables}). Restoring replaces all "
    "of it: run again with --yes to replace it."
)
VERIFY_FAILED = "The backup does not match the database in: {tables}."
ARCHIVE_TOO_NEW = (
    "{path} was made by a newer pg_dump than this pg_restore ({version}); install a newer "
    "PostgreSQL client to restore it."
)
ROLLED_BACK = "{path} could not be restored; the database was left as it was: {detail}"
DROPPED_ANYWAY = " (but for tables the backup does not have, dropped before: {tables})"
RESTORE_MISMATCH = "The restored database does not match the backup in: {tables}."
PG_TOOL_MISSING = (
    "{tool} was found neither on PATH nor under /usr/lib/postgresql/*/bin; install the "
    "PostgreSQL client tools (e.g. `apt-get install postgresql-client-{server}`)."
)
PG_TOOL_TOO_OLD = (
    "{tool} {version} is older than the PostgreSQL {server} server and cannot {action} it; "
    "install postgresql-client-{server} or put a newer {tool} on PATH."
)
PG_TOOL_FAILED = "{tool} failed (exit {code}): {stderr}"
PG_SCRATCH = (
    "--verify restores the dump into a scratch database, which this PostgreSQL user may "
    "not create: {error}"
)


class BackupError(Exception):
    """A backup or restore cannot be made; the message says why and what to do."""


class TableChecksum(NamedTuple):
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    vendor: str
    counts: dict[str, int]
    seconds: float
    verified: bool


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    vendor: str
    target: str
    checksums: dict[str, TableChecksum]
    seconds: float
    replaced: list[str]


@dataclass(frozen=True)
class MigrationState:
    missing: list[tuple[str, str]]  # in the code, not applied: run `hexad migrate`
    unknown: list[tuple[str, str]]  # applied, unknown to the code: a newer Hexad made it


type RawConnection = sqlite3.Connection | psycopg.Connection[Any]


# --- checksums -----------------------------------------------------------------------


def table_checksums(connection: BaseDatabaseWrapper | RawConnection) -> dict[str, TableChecksum]:
    """Rows and SHA-256 of every table, read in one snapshot, ordered by primary key.

    Takes a Django connection or a DB-API one. Within a transaction already open the
    tables are read in it; otherwise in a read-only transaction of their own.
    """
    raw = _raw(connection)
    if isinstance(raw, sqlite3.Connection):
        return _sqlite_checksums(raw)
    return _pg_checksums(raw)


def checksum_differences(
    expected: dict[str, TableChecksum], actual: dict[str, TableChecksum]
) -> list[str]:
    """The tables missing on either side or whose rows differ, sorted."""
    return sorted(t for t in expected.keys() | actual.keys() if expected.get(t) != actual.get(t))


def _raw(connection: BaseDatabaseWrapper | RawConnection) -> RawConnection:
    if isinstance(connection, sqlite3.Connection | psycopg.Connection):
        return connection
    # A Django connection, or the `django.db.connection` proxy to one.
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(UNSUPPORTED.format(vendor=connection.vendor))
    connection.ensure_connection()
    return connection.connection


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextlib.contextmanager
def _sqlite_read(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction (a WAL snapshot) unless the caller has one open."""
    own = not db.in_transaction
    if own:
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    try:
        yield db
    finally:
        if own:
            db.rollback()


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows.fetchall()]


def _sqlite_checksums(db: sqlite3.Connection) -> dict[str, TableChecksum]:
    sums = {}
    with _sqlite_read(db):
        for table in _sqlite_tables(db):
            info = db.execute(f"PRAGMA table_info({_q(table)})").fetchall()
            columns = sorted(row[1] for row in info)
            key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5] > 0]
            row_text = " || ',' || ".join(f"quote({_q(c)})" for c in columns)
            order = ", ".join(_q(c) for c in key or columns)
            digest = hashlib.sha256((",".join(columns) + "\n").encode())
            rows = 0
            cursor = db.execute(
                f"SELECT CAST({row_text} AS BLOB) FROM {_q(table)} ORDER BY {order}"  # noqa: S608 - names from the catalogue, quoted
            )
            while batch := cursor.fetchmany(2000):
                rows += len(batch)
                digest.update(b"".join(text + b"\n" for (text,) in batch))
            sums[table] = TableChecksum(rows, digest.hexdigest())
    return sums


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    with _sqlite_read(db):
        return {
            table: db.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]  # noqa: S608 - catalogue names, quoted
            for table in _sqlite_tables(db)
        }


@contextlib.contextmanager
def _pg_read(db: psycopg.Connection[Any]) -> Iterator[psycopg.Cursor[Any]]:
    """A cursor in one snapshot with stable output settings, restored afterwards."""
    own = db.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with db.cursor() as cursor:
        if own and db.autocommit:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        before = {
            name: cursor.execute("SELECT current_setting(%s)", [name]).fetchone()[0]  # type: ignore[index]
            for name in PG_STABLE_OUTPUT
        }
        try:
            for name, value in PG_STABLE_OUTPUT.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            yield cursor
        finally:
            if own and db.autocommit:
                cursor.execute("ROLLBACK")
            elif own:
                db.rollback()
            else:
                for name, value in before.items():
                    cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


class _PgTable(NamedTuple):
    name: str  # schema-qualified outside the current schema
    relation: sql.Identifier
    columns: list[str]  # sorted by name
    order: sql.Composable  # primary key, or the whole row when there is none


def _pg_tables(cursor: psycopg.Cursor[Any]) -> list[_PgTable]:
    tables = cursor.execute(
        "SELECT c.oid, n.nspname, c.relname, n.nspname = current_schema() "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' "
        "ORDER BY n.nspname, c.relname"
    ).fetchall()
    found: list[_PgTable] = []
    for oid, schema, table, current in tables:
        columns = cursor.execute(
            "SELECT attname, attcollation <> 0 FROM pg_attribute "
            "WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped ORDER BY attname",
            [oid],
        ).fetchall()
        key = cursor.execute(
            "SELECT a.attname, a.attcollation <> 0 FROM pg_index i "
            "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            "WHERE i.indrelid = %s AND i.indisprimary ORDER BY k.ord",
            [oid],
        ).fetchall()
        # Text keys sort byte-wise (COLLATE "C") so the order does not hang on the locale.
        order: sql.Composable = sql.SQL(", ").join(
            sql.SQL('{} COLLATE "C"' if text else "{}").format(sql.Identifier(name))
            for name, text in key
        )
        if not key:
            order = sql.SQL('t::text COLLATE "C"')
        name = table if current else f"{schema}.{table}"
        found.append(_PgTable(name, sql.Identifier(schema, table), [c for c, _ in columns], order))
    return found


def _pg_checksums(db: psycopg.Connection[Any]) -> dict[str, TableChecksum]:
    sums = {}
    with _pg_read(db) as cursor:
        for name, relation, columns, order in _pg_tables(cursor):
            query = sql.SQL("COPY (SELECT {} FROM {} AS t ORDER BY {}) TO STDOUT").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), relation, order
            )
            digest = hashlib.sha256((",".join(columns) + "\n").encode())
            rows = 0
            with cursor.copy(query) as copy:
                for data in copy:
                    chunk = bytes(data)
                    rows += chunk.count(b"\n")  # text COPY ends every row with one newline
                    digest.update(chunk)
            sums[name] = TableChecksum(rows, digest.hexdigest())
    return sums


def _pg_counts(db: psycopg.Connection[Any]) -> dict[str, int]:
    with _pg_read(db) as cursor:
        return {
            name: cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(relation)).fetchone()[0]  # type: ignore[index]
            for name, relation, _, _ in _pg_tables(cursor)
        }


# --- backup --------------------------------------------------------------------------


def backup_path(*, vendor: str, output: Path | None, fmt: str, directory: Path) -> Path:
    """Where the backup goes: `output`, or `directory/hexad-<UTC time>.<ext>`."""
    native = {"sqlite": ("sqlite", "sqlite.gz"), "postgresql": ("custom",)}.get(vendor)
    if native is None:
        raise BackupError(UNSUPPORTED.format(vendor=vendor))
    if fmt != "auto" and fmt not in native:
        raise BackupError(WRONG_FORMAT.format(fmt=fmt, vendor=vendor, choices=", ".join(native)))
    if output is not None:
        if vendor == "postgresql" and output.name.endswith(".gz"):
            raise BackupError(PG_NO_GZIP)
        if fmt == "sqlite.gz" and not output.name.endswith(".gz"):
            return output.with_name(output.name + ".gz")
        return output
    if fmt == "auto":
        fmt = native[0]
    extension = {"sqlite": "sqlite3", "sqlite.gz": "sqlite3.gz", "custom": "dump"}[fmt]
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return directory / f"hexad-{stamp}.{extension}"


def backup_create(
    *, connection: BaseDatabaseWrapper, output: Path, verify: bool = False
) -> BackupResult:
    """Back up the database behind `connection` into `output` (which must not exist)."""
    started = time.perf_counter()
    if output.exists():
        raise BackupError(OUTPUT_EXISTS.format(path=output))
    if not output.parent.exists():
        output.parent.mkdir(parents=True, mode=0o700)
    # Written beside the output under a hidden name, renamed into place when complete.
    partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.partial")
    unpacked = partial.with_name(partial.name + ".sqlite3")  # before gzip
    try:
        if connection.vendor == "sqlite":
            counts, verified = _backup_sqlite(connection, partial, unpacked, output, verify)
        elif connection.vendor == "postgresql":
            counts, verified = _backup_postgresql(connection, partial, verify)
        else:
            raise BackupError(UNSUPPORTED.format(vendor=connection.vendor))
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
        unpacked.unlink(missing_ok=True)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        vendor=connection.vendor,
        counts=counts,
        seconds=time.perf_counter() - started,
        verified=verified,
    )


def _private(path: Path) -> None:
    path.touch(mode=0o600)
    path.chmod(0o600)  # the backup holds personal data and password hashes


def _backup_sqlite(
    connection: BaseDatabaseWrapper, partial: Path, unpacked: Path, output: Path, verify: bool
) -> tuple[dict[str, int], bool]:
    database = _sqlite_file(connection)
    if not database.is_file():
        raise BackupError(NO_DATABASE.format(path=database))
    if output.resolve() == database.resolve():
        raise BackupError(OUTPUT_IS_DATABASE)
    compress = output.name.endswith(".gz")
    copy_path = unpacked if compress else partial
    _private(copy_path)
    timeout = float(connection.settings_dict["OPTIONS"].get("timeout", 20))
    with (
        contextlib.closing(
            sqlite3.connect(database, timeout=timeout, check_same_thread=False)
        ) as source,
        contextlib.closing(sqlite3.connect(copy_path, check_same_thread=False)) as copy,
        _sqlite_read(source),
    ):
        # pages=-1: the whole database in one step, in the snapshot of the read
        # transaction above. Writers carry on (WAL); the copy is exactly that snapshot.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        if verify:
            # Side by side (SQLite and hashlib let go of the GIL), each job reading
            # through a connection of its own.
            with ThreadPoolExecutor(max_workers=3) as pool:
                checked = pool.submit(_check_integrity, copy_path, output)
                copied_job = pool.submit(_sqlite_checksums, copy)
                live_job = pool.submit(_sqlite_checksums, source)
                checked.result()
                copied = copied_job.result()
            differences = checksum_differences(live_job.result(), copied)
            if differences:
                raise BackupError(VERIFY_FAILED.format(tables=", ".join(differences)))
            counts = {table: checksum.rows for table, checksum in copied.items()}
        else:
            counts = _sqlite_counts(copy)
    if compress:
        _private(partial)
        # Level 1: on the large demo 3× as fast as the default 6, for 11 % more bytes.
        with copy_path.open("rb") as raw, gzip.open(partial, "wb", compresslevel=1) as packed:
            shutil.copyfileobj(raw, packed, 1 << 20)
    return counts, verify


def _sqlite_file(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(IN_MEMORY)
    return Path(name)


def _check_integrity(database: sqlite3.Connection | Path, path: Path) -> None:
    """`PRAGMA integrity_check` passes, or the error names the damaged file."""
    try:
        db = database if isinstance(database, sqlite3.Connection) else sqlite3.connect(database)
        try:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
        finally:
            if db is not database:
                db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
    if problems != ["ok"]:
        raise BackupError(CORRUPT.format(path=path, detail="; ".join(problems[:3])))


def _backup_postgresql(
    connection: BaseDatabaseWrapper, partial: Path, verify: bool
) -> tuple[dict[str, int], bool]:
    pg_dump = pg_tool("pg_dump", server=_pg_major(connection), action="dump")
    _private(partial)
    with contextlib.closing(_pg_connect(connection)) as live:
        live.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        live.read_only = True
        snapshot = live.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        # pg_dump reads the very snapshot this transaction holds, so the counts and
        # checksums taken here describe exactly the rows in the dump.
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}",
             f"--file={partial}"],
            env=pg_environment(connection.settings_dict),
        )  # fmt: skip
        live_sums = _pg_checksums(live) if verify else {}
        counts = {t: c.rows for t, c in live_sums.items()} if verify else _pg_counts(live)
        live.rollback()
    if verify:
        copied = _pg_scratch_checksums(connection, partial)
        differences = checksum_differences(live_sums, copied)
        if differences:
            raise BackupError(VERIFY_FAILED.format(tables=", ".join(differences)))
    return counts, verify


def _pg_scratch_checksums(connection: BaseDatabaseWrapper, archive: Path) -> dict[str, Any]:
    """Restore `archive` into a new scratch database, checksum it and drop it."""
    scratch = f"{connection.settings_dict['NAME'][:40]}_verify_{secrets.token_hex(4)}"
    with contextlib.closing(_pg_connect(connection)) as admin:
        admin.autocommit = True
        encoding, collate, ctype = admin.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()  # type: ignore[misc]
        try:
            admin.execute(
                sql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING {} LC_COLLATE {} LC_CTYPE {}"
                ).format(sql.Identifier(scratch), encoding, collate, ctype)
            )
        except psycopg.Error as exc:
            raise BackupError(PG_SCRATCH.format(error=str(exc).strip())) from exc
        try:
            _pg_restore_archive(connection, archive, database=scratch, clean=False)
            with contextlib.closing(_pg_connect(connection, database=scratch)) as copy:
                return _pg_checksums(copy)
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))


def _pg_connect(connection: BaseDatabaseWrapper, database: str = "") -> psycopg.Connection[Any]:
    params = connection.get_connection_params()
    if database:
        params["dbname"] = database
    return psycopg.connect(**params)


def _pg_major(connection: BaseDatabaseWrapper) -> int:
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password never on the command line."""
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"), ("PORT", "PGPORT"),
    ):  # fmt: skip
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in PG_OPTION_VARIABLES.items():
        if settings_dict.get("OPTIONS", {}).get(option) is not None:
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def pg_tool(name: str, *, server: int, action: str, dirs: tuple[Path, ...] = PG_TOOL_DIRS) -> str:
    """The first of PATH's `name` and /usr/lib/postgresql/<newest>/bin/`name` that is at
    least as new as the server (pg_dump refuses older servers' newer formats)."""
    candidates = [found] if (found := shutil.which(name)) else []
    for directory in dirs:
        tools = directory.glob(f"*/bin/{name}")
        candidates += sorted(
            map(str, tools), key=lambda p: _leading_int(p, directory), reverse=True
        )
    versions = [(tool, _tool_version(tool)) for tool in candidates]
    versions = [(tool, version) for tool, version in versions if version]
    if not versions:
        raise BackupError(PG_TOOL_MISSING.format(tool=name, server=server))
    for tool, version in versions:
        if int(version.split(".")[0]) >= server:
            return tool
    newest = max((version for _, version in versions), key=lambda v: int(v.split(".")[0]))
    raise BackupError(
        PG_TOOL_TOO_OLD.format(tool=name, version=newest, server=server, action=action)
    )


def _leading_int(path: str, directory: Path) -> int:
    match = re.match(r"\d+", Path(path).relative_to(directory).parts[0])
    return int(match.group()) if match else 0


@functools.cache
def _tool_version(tool: str) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - a PostgreSQL client tool found above
            [tool, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return ""
    match = re.search(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)?)", result.stdout)
    return match.group(1) if match else ""


def _run(command: list[str], *, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments, the password in the environment
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        stderr = result.stderr.strip() or result.stdout.strip()
        raise BackupError(
            PG_TOOL_FAILED.format(tool=Path(command[0]).name, code=result.returncode, stderr=stderr)
        )
    return result.stdout


# --- restore -------------------------------------------------------------------------


def backup_restore(
    *, connection: BaseDatabaseWrapper, path: Path, replace: bool, workdir: Path
) -> RestoreResult:
    """Restore the backup at `path` into the database behind `connection`.

    Refuses a database holding Hexad data unless `replace`. A gzip-compressed backup is
    unpacked into `workdir` first (and removed afterwards).
    """
    started = time.perf_counter()
    if not path.is_file():
        raise BackupError(NO_BACKUP.format(path=path))
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(UNSUPPORTED.format(vendor=connection.vendor))
    with contextlib.ExitStack() as stack:
        archive = path
        if _magic(path).startswith(GZIP_MAGIC):
            archive = stack.enter_context(_gunzipped(path, workdir))
        head = _magic(archive)
        kind = (
            "sqlite"
            if head.startswith(SQLITE_MAGIC)
            else "postgresql"
            if head.startswith(PGDUMP_MAGIC)
            else None
        )
        if kind is None:
            raise BackupError(NOT_A_BACKUP.format(path=path))
        if kind != connection.vendor:
            names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
            raise BackupError(
                WRONG_BACKEND.format(path=path, kind=names[kind], vendor=names[connection.vendor])
            )
        restore = _restore_sqlite if kind == "sqlite" else _restore_postgresql
        replaced, checksums = restore(connection, archive, path, replace)
    return RestoreResult(
        path=path,
        vendor=connection.vendor,
        target=str(connection.settings_dict["NAME"]),
        checksums=checksums,
        seconds=time.perf_counter() - started,
        replaced=replaced,
    )


def _magic(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(len(SQLITE_MAGIC))


@contextlib.contextmanager
def _gunzipped(path: Path, workdir: Path) -> Iterator[Path]:
    workdir.mkdir(parents=True, exist_ok=True)
    unpacked = workdir / f".restore-{secrets.token_hex(4)}"
    try:
        _private(unpacked)
        try:
            with gzip.open(path, "rb") as packed, unpacked.open("wb") as raw:
                shutil.copyfileobj(packed, raw, 1 << 20)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
        yield unpacked
    finally:
        unpacked.unlink(missing_ok=True)


def hexad_tables_with_data(connection: BaseDatabaseWrapper) -> list[str]:
    """Tables of Hexad's apps that hold rows, beyond what `hexad migrate` seeds."""
    existing = set(connection.introspection.table_names())
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("hexad.")
        and not _seeded(model)
        and model._meta.db_table in existing
    )
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - model table names, quoted
            if cursor.fetchone():
                found.append(table)
    return found


def _seeded(model: type[Model]) -> bool:
    if model._meta.label in SEEDED_MODELS:
        return True
    # The many-to-many table between seeded models (tiers' required roles) is seeded too.
    related = [f.related_model for f in model._meta.fields if f.is_relation]
    return model._meta.auto_created is not False and all(
        isinstance(r, type) and r._meta.label in SEEDED_MODELS for r in related
    )


def _refuse_unless_empty(connection: BaseDatabaseWrapper, replace: bool) -> list[str]:
    tables = hexad_tables_with_data(connection)
    if tables and not replace:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise BackupError(NOT_EMPTY.format(tables=shown))
    return tables


def _restore_sqlite(
    connection: BaseDatabaseWrapper, archive: Path, path: Path, replace: bool
) -> tuple[list[str], dict[str, TableChecksum]]:
    target = _sqlite_file(connection)
    if target.exists() and target.resolve() == archive.resolve():
        raise BackupError(RESTORE_ONTO_ITSELF)
    timeout = float(connection.settings_dict["OPTIONS"].get("timeout", 20))
    try:
        source = sqlite3.connect(
            f"{archive.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
    with contextlib.closing(source):
        try:
            hexad = source.execute(
                "SELECT count(*) FROM django_migrations WHERE app IN ('people', 'accounts')"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                raise BackupError(NOT_HEXAD.format(path=path)) from exc
            raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
        if not hexad:
            raise BackupError(NOT_HEXAD.format(path=path))
        replaced = _refuse_unless_empty(connection, replace)
        _check_integrity(source, path)
        connection.close()  # this process lets go of the file it is about to replace
        dest = sqlite3.connect(target, timeout=timeout, check_same_thread=False)
        with contextlib.closing(dest):
            wal = dest.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            size = source.execute("PRAGMA page_size").fetchone()[0]
            if wal and dest.execute("PRAGMA page_size").fetchone()[0] != size:
                dest.execute("PRAGMA journal_mode=DELETE")  # WAL cannot change page size
            source.backup(dest, pages=-1)  # one step: one write transaction on the target
            dest.execute("PRAGMA journal_mode=WAL")
            with ThreadPoolExecutor(max_workers=2) as pool:  # side by side, as above
                expected_job = pool.submit(_sqlite_checksums, source)
                restored = _sqlite_checksums(dest)
                expected = expected_job.result()
    differences = checksum_differences(expected, restored)
    if differences:
        raise BackupError(RESTORE_MISMATCH.format(tables=", ".join(differences)))
    return replaced, restored


def _restore_postgresql(
    connection: BaseDatabaseWrapper, archive: Path, path: Path, replace: bool
) -> tuple[list[str], dict[str, TableChecksum]]:
    pg_restore = pg_tool("pg_restore", server=_pg_major(connection), action="restore into")
    try:
        listing = _run([pg_restore, "--list", str(archive)], env=dict(os.environ))
    except BackupError as exc:
        if "unsupported version" in str(exc):
            version = _tool_version(pg_restore)
            raise BackupError(ARCHIVE_TOO_NEW.format(path=path, version=version)) from exc
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
    in_backup = set(re.findall(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", listing, re.MULTILINE))
    if not any(table == "django_migrations" for _, table in in_backup):
        raise BackupError(NOT_HEXAD.format(path=path))
    replaced = _refuse_unless_empty(connection, replace)
    connection.close()
    with contextlib.closing(_pg_connect(connection)) as target:
        # Tables the backup does not have (made by newer migrations) would survive
        # `--clean` and then stop `hexad migrate`; they go first.
        extra = [
            (schema, table)
            for schema, table in target.execute(
                "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
            if (schema, table) not in in_backup
        ]
        for schema, table in extra:
            target.execute(
                sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(schema, table))
            )
        target.commit()
    try:
        _pg_restore_archive(
            connection, archive, database=connection.settings_dict["NAME"], clean=True
        )
    except BackupError as exc:
        message = ROLLED_BACK.format(path=path, detail=exc)
        if extra:
            message += DROPPED_ANYWAY.format(tables=", ".join(table for _, table in extra))
        raise BackupError(message) from exc
    refresh_statistics(connection.alias)  # pg_restore leaves the planner's statistics out
    return replaced, table_checksums(connection)


def _pg_restore_archive(
    connection: BaseDatabaseWrapper, archive: Path, *, database: str, clean: bool
) -> None:
    pg_restore = pg_tool("pg_restore", server=_pg_major(connection), action="restore into")
    env = pg_environment(connection.settings_dict) | {"PGDATABASE": database}
    # Waiting for the app's locks would hang: fail after a minute instead.
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout=60s".strip()
    # One transaction: a restore that fails leaves the database as it was. Owners and
    # grants name roles that may not exist on this server, so they are left out.
    options = ["--clean", "--if-exists"] if clean else []
    _run(
        [pg_restore, "--no-password", "--single-transaction", "--no-owner", "--no-privileges",
         *options, f"--dbname={database}", str(archive)],
        env=env,
    )  # fmt: skip


def migration_state(connection: BaseDatabaseWrapper) -> MigrationState:
    """Migrations the code has that the database lacks, and the other way round."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    known = set(loader.graph.nodes)
    return MigrationState(missing=sorted(known - applied), unknown=sorted(applied - known))
