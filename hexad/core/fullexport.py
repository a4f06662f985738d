"""A full export of everything Hexad holds as one JSON file, and its import into an empty
instance with no differences (QUALITY.md Q13).

What is exported: every table of Hexad's own apps (people and users, roles, tiers,
accounts, teams, coverage's stored results and snapshots, relationships, planning,
growth, API tokens, and any app added later), plus Django's user groups. Each row keeps
its primary key, so every reference stays as it was. Rows referring to Django's content
types or permissions carry their natural keys (app label and model or codename), which
are the same on every instance. Not exported: sessions, login-throttling records, the
task queue, the admin's own log, content types and permissions (`hexad migrate` makes
them).

Secrets: password hashes, API token digests and calendar-feed token digests are
exported by default. They are salted or one-way hashes, never the passwords or tokens
themselves, and with them people sign in and integrations keep working on the new
instance, which is what "no differences" asks. The file must then be kept like a
backup. `include_secrets=False` (`hexad export --full --without-secrets`) leaves out
API and calendar tokens and writes every password as unusable: people then set a new
password (an administrator sets one, or `hexad changepassword`).

The file is valid JSON laid out one row per line, so both sides stream it::

    {"format": "hexad-full-export", "version": 1, ..., "tables": [
    {"model": "people.user", "table": "people_user", "fields": [...], "count": 2, "rows": [
    [1, "..."]
    ,[2, "..."]
    ]}
    ,{"model": ...
    ]}

The import reads that layout line by line; any other layout of the same JSON (a file
re-indented by a tool) is read whole. Values are JSON numbers, strings and booleans;
decimals, dates, times and durations are strings Django's fields parse back exactly.

Both sides work ROWS_PER_READ rows and a column at a time (5.6 million rows of the large
portfolio: README, "Speed"). The export converts only the columns whose values are not
JSON values as the database returns them, each with a converter chosen once per table,
and writes the same text as `json.dumps` of each row; the import reads a batch of lines
with one `json.loads`, turns each value into the parameter Django's INSERT would pass
(skipped where the value already is one) and stores the batch with one `executemany`.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    EmailField,
    Field,
    ForeignKey,
    IntegerField,
    JSONField,
    Model,
    OneToOneField,
    PositiveBigIntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SlugField,
    SmallAutoField,
    SmallIntegerField,
    TextField,
)
from django.db.models.sql import InsertQuery
from django.db.models.sql.constants import MULTI
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.duration import duration_iso_string

from hexad.core.backup import hexad_tables_with_data
from hexad.core.db import refresh_statistics

FORMAT = "hexad-full-export"
VERSION = 1
# Django's own models whose rows are part of the data (Hexad's users refer to them).
EXTRA_MODELS = ("auth.Group", "auth.Group_permissions")
# Models whose rows are referred to by natural key, never exported as rows.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "contenttypes.ContentType": ("app_label", "model"),
    "auth.Permission": ("content_type__app_label", "codename"),
}
# Rows left out, and the field blanked, by include_secrets=False.
SECRET_MODELS = frozenset({"api.ApiToken", "planning.CalendarToken"})
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX  # "!": no password matches it
ROWS_PER_READ = 2000
ZERO = datetime.timedelta(0)

NOT_EMPTY = (
    "The database already holds data (rows in {tables}). A full export is imported into an "
    "empty instance only: create a new database, run `hexad migrate`, then import."
)
NOT_AN_EXPORT = "This file is not a Hexad full export: {detail}"
TOO_NEW = (
    "This export was made by a newer Hexad (format version {version}; this one reads "
    "version {supported}). Import it with that version or a newer one."
)
NEWER_SCHEMA = (
    "This export was made by a newer Hexad: its database has migrations this one does not "
    "know ({migrations}). Upgrade Hexad, run `hexad migrate`, then import."
)
UNKNOWN_MODEL = "The export has a table this Hexad does not know: {model}."
UNKNOWN_FIELDS = "The export's {model} rows have fields this Hexad does not know: {fields}."
BAD_ROW = "Row {row} of {model} cannot be read: {detail}"
UNKNOWN_NATURAL_KEY = "Row {row} of {model} refers to {target} {key}, which this instance lacks."

type Progress = Callable[[str, int, int], None]
type Converter = Callable[[Any, Any, Any], Any]


class FullExportError(Exception):
    """A full export cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    """What an export wrote or an import stored: rows per model label, in order."""

    version: int
    counts: dict[str, int]
    seconds: float
    include_secrets: bool = True
    skipped: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- which models, in which order ---------------------------------------------------------


def exported_models() -> list[type[Model]]:
    """Every model whose rows the export holds, each after the models it refers to."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if (model._meta.app_config.name.startswith("hexad.") or model._meta.label in EXTRA_MODELS)
        and model._meta.managed
        and not model._meta.proxy
    ]
    labels = {model._meta.label for model in chosen}
    ordered: list[type[Model]] = []
    placed: set[str] = set()
    pending = list(chosen)
    while pending:
        progress = False
        for model in list(pending):
            needs = {
                target._meta.label
                for target in _related_models(model)
                if target._meta.label in labels and target is not model
            }
            if needs <= placed:
                ordered.append(model)
                placed.add(model._meta.label)
                pending.remove(model)
                progress = True
        if not progress:  # a cycle: constraints are checked at commit, so any order works
            ordered += pending
            break
    return ordered


def _related_models(model: type[Model]) -> Iterator[type[Model]]:
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation and isinstance(model_field.related_model, type):
            yield model_field.related_model


# --- export ----------------------------------------------------------------------------


def export_everything(
    stream: IO[bytes],
    *,
    include_secrets: bool = True,
    progress: Progress | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> Summary:
    """Write every row of every exported model to `stream` (binary), from one snapshot."""
    started = time.perf_counter()
    connection = connections[using]
    models = exported_models()
    counts: dict[str, int] = {}
    skipped: list[str] = []
    # A new transaction reads one snapshot; one already open (a caller's, a test's) is
    # used as it is, since its isolation can no longer be changed.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "include_secrets": include_secrets,
            "migrations": _applied_migrations(using),
        }
        _write(stream, json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": [\n')
        natural = _natural_keys_by_id(using)
        first = True
        for model in models:
            label = model._meta.label
            if not include_secrets and label in SECRET_MODELS:
                skipped.append(label)
                continue
            fields = list(model._meta.concrete_fields)
            total = model._base_manager.using(using).count()
            meta = {
                "model": label,
                "table": model._meta.db_table,
                "fields": [f.attname for f in fields],
                "count": total,
            }
            prefix = "" if first else ","
            first = False
            _write(stream, prefix + json.dumps(meta, ensure_ascii=False)[:-1] + ', "rows": [\n')
            done = 0
            for lines, size in _row_lines(model, fields, natural, include_secrets, using):
                _write(stream, ("," if done else "") + lines)
                done += size
                if progress and done < total:
                    progress(label, done, total)
            _write(stream, "]}\n")
            counts[label] = done
            if progress:
                progress(label, done, total)
        _write(stream, "]}\n")
    return Summary(
        version=VERSION,
        counts=counts,
        seconds=time.perf_counter() - started,
        include_secrets=include_secrets,
        skipped=skipped,
    )


def _row_lines(
    model: type[Model],
    fields: list[Field[Any, Any]],
    natural: dict[str, dict[Any, list[Any]]],
    include_secrets: bool,
    using: str,
) -> Iterator[tuple[str, int]]:
    """The model's rows in key order, ROWS_PER_READ at a time, as JSON lines joined by
    "\\n," (one text and its number of rows per read).

    The rows are read as the database returns them; only the columns whose values are no
    JSON value as they come (dates, decimals, JSON text, natural keys …) are converted,
    a whole column of the read at a time, and each row is written by the C encoder."""
    connection = connections[using]
    query = (
        model._base_manager.using(using)
        .order_by("pk")
        .values_list(*[f.attname for f in fields])
        .query
    )
    compiler = query.get_compiler(using=using)
    compiler.setup_query()
    columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)
    encoders: list[tuple[int, Callable[[Any], Any]]] = []
    as_text: set[int] = set()
    for position, model_field in enumerate(fields):
        convert = list(converters.get(position, ((), None))[0])
        encoder = _sqlite_text_encoder(model_field, convert, columns[position], connection)
        if encoder is not None:
            as_text.add(position)
        else:
            encoder = _encoder(
                model_field, convert, columns[position], connection, natural, include_secrets
            )
        if encoder is not None:
            encoders.append((position, encoder))
    if as_text:
        reads = _sqlite_reads(model, fields, as_text, connection)
    else:
        reads = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ROWS_PER_READ)
    encode = _row_encoder()
    for rows in reads:
        if not rows:
            continue
        if encoders:
            values = list(zip(*rows, strict=True))
            for position, encoder in encoders:
                values[position] = tuple(map(encoder, values[position]))
            rows = list(zip(*values, strict=True))
        yield "\n,".join(map(encode, rows)) + "\n", len(rows)


def _sqlite_reads(
    model: type[Model], fields: list[Field[Any, Any]], as_text: set[int], connection: Any
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows in key order as `values_list()` reads them from SQLite, but the columns
    `as_text` as the text SQLite holds: `+column` has no declared type, so the driver
    leaves the text as it is rather than parsing it into a date or datetime."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    select = ", ".join(
        ("+" if position in as_text else "") + f"{table}.{quote(model_field.column)}"
        for position, model_field in enumerate(fields)
    )
    sql = f"SELECT {select} FROM {table} ORDER BY {table}.{quote(model._meta.pk.column)} ASC"  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(ROWS_PER_READ):
            yield rows


def _sqlite_text_encoder(
    model_field: Field[Any, Any], converters: list[Converter], column: Any, connection: Any
) -> Callable[[Any], Any] | None:
    """For a date or datetime column on SQLite: the text SQLite holds → the same JSON
    value as `_plain(values_list()'s value)`.

    SQLite's driver parses such text with Django's parse_date / parse_datetime (which try
    `fromisoformat` first), then Django's converter makes datetimes aware in UTC and the
    export writes `isoformat()`. Here the same `fromisoformat` parses the text and the
    value is written at once; anything else takes Django's whole way."""
    if connection.vendor != "sqlite" or model_field.is_relation:
        return None
    if type(model_field) is DateField and converters == [connection.ops.convert_datefield_value]:
        slow_date = _converted(converters, column, connection, final=_plain) or _plain

        def date(value: Any) -> Any:
            if type(value) is str:
                try:
                    return datetime.date.fromisoformat(value).isoformat()
                except ValueError:
                    return slow_date(parse_date(value))
            return slow_date(_as_driver_reads(value, parse_date))

        return date
    if (
        type(model_field) is DateTimeField
        and converters == [connection.ops.convert_datetimefield_value]
        and settings.USE_TZ
        and connection.timezone == datetime.UTC
    ):
        slow_datetime = _converted(converters, column, connection, final=_plain) or _plain

        def utc_datetime(value: Any) -> Any:
            if type(value) is str:
                try:
                    parsed = datetime.datetime.fromisoformat(value)
                except ValueError:
                    return slow_datetime(parse_datetime(value))
                if parsed.tzinfo is None:
                    return parsed.isoformat() + "+00:00"
                return slow_datetime(parsed)
            return slow_datetime(_as_driver_reads(value, parse_datetime))

        return utc_datetime
    return None


def _as_driver_reads(value: Any, parse: Callable[[str], Any]) -> Any:
    """A value that is no text (NULL, a number): what SQLite's driver makes of it."""
    if value is None:
        return None
    text = value.decode() if isinstance(value, bytes) else str(value)
    return parse(text)


def _row_encoder() -> Callable[[Any], str]:
    """`json.dumps(row, ensure_ascii=False, separators=(",", ":"))` for a list or tuple.

    `json.dumps` makes a new encoder for every call, which costs more than encoding a
    short row; the C encoder made once writes the same text for a third of the time. Where
    it is missing or writes something else, the ordinary encoder is used."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    try:
        chunks = make(
            None,
            encoder.default,
            json.encoder.encode_basestring,
            None,
            ":",
            ",",
            False,
            False,
            True,
        )
    except TypeError:  # another signature
        return encoder.encode

    def encode(row: Any) -> str:
        return "".join(chunks(row, 0))

    sample = [1, -2.5, 'zażółć "x"\n\u2028', None, True, False, {"a": [1, {}]}, ()]
    try:
        same = encode(sample) == encoder.encode(sample)
    except Exception:
        same = False
    return encode if same else encoder.encode


def _write(stream: IO[bytes], text: str) -> None:
    stream.write(text.encode())


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _natural_keys_by_id(using: str) -> dict[str, dict[Any, list[Any]]]:
    found: dict[str, dict[Any, list[Any]]] = {}
    for label, key in NATURAL_KEYS.items():
        model = apps.get_model(label)
        found[label] = {
            pk: list(rest) for pk, *rest in model._base_manager.using(using).values_list("pk", *key)
        }
    return found


# Fields whose values the database drivers return as JSON values already (int, str,
# bool, None): written as they come unless the backend converts them.
AS_THEY_COME: tuple[type[Field[Any, Any]], ...] = (
    AutoField,
    BigAutoField,
    SmallAutoField,
    IntegerField,  # and its big, small and positive kinds
    CharField,  # and slugs, e-mail addresses …
    TextField,
    BooleanField,
)


def _encoder(
    model_field: Field[Any, Any],
    converters: list[Converter],
    column: Any,
    connection: BaseDatabaseWrapper,
    natural: dict[str, dict[Any, list[Any]]],
    include_secrets: bool,
) -> Callable[[Any], Any] | None:
    """How one column's values as the database returns them become JSON values, or None
    when they are JSON values already. The same values as `values_list()` gives, turned
    into JSON as `_plain` does."""
    target = model_field.related_model if model_field.is_relation else None
    if isinstance(target, type) and target._meta.label in natural:
        keys = natural[target._meta.label]
        return lambda value: None if value is None else keys[value]
    secret = model_field.model._meta.label == "people.User" and model_field.attname == "password"
    if secret and not include_secrets:
        return lambda value: UNUSABLE_PASSWORD
    kind = model_field.target_field if model_field.is_relation else model_field  # type: ignore[attr-defined]
    if isinstance(model_field, JSONField):  # Django's own converter reads the JSON text
        return _converted(converters, column, connection, final=None)
    if not converters and isinstance(kind, AS_THEY_COME):
        return None
    return _converted(converters, column, connection, final=_plain)


def _converted(
    converters: list[Converter],
    column: Any,
    connection: BaseDatabaseWrapper,
    final: Callable[[Any], Any] | None,
) -> Callable[[Any], Any] | None:
    """The backend's and the field's converters (as `values_list()` applies them), then
    `final`."""
    if not converters:
        return final
    if len(converters) == 1 and final is None:
        (only,) = converters
        return lambda value: only(value, column, connection)
    if len(converters) == 1 and final is not None:
        (only,) = converters
        return lambda value: final(only(value, column, connection))

    def convert(value: Any) -> Any:
        for converter in converters:
            value = converter(value, column, connection)
        return value if final is None else final(value)

    return convert


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)  # e.g. a country, whose text is its code


# --- import ----------------------------------------------------------------------------


@dataclass
class _Table:
    model: type[Model]
    fields: list[Field[Any, Any]]
    # Per field: the file's JSON value → the parameter the INSERT takes.
    decoders: list[Callable[[Any], Any]]
    missing: list[Field[Any, Any]]
    count: int
    sql: str
    connection: BaseDatabaseWrapper

    @property
    def label(self) -> str:
        return self.model._meta.label


def import_everything(
    stream: IO[bytes], *, progress: Progress | None = None, using: str = DEFAULT_DB_ALIAS
) -> Summary:
    """Load a full export into this instance's empty database, in one transaction.

    Refuses (FullExportError, nothing stored) a database that already holds data beyond
    what `hexad migrate` seeds, a file that is not a full export, or one made by a newer
    Hexad. The seeded roles, tiers and Salesforce role mapping are replaced by the exported
    ones.
    """
    started = time.perf_counter()
    connection = connections[using]
    events = _events(stream)
    header = _header(next(events, None))
    _check_migrations(header, using)
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        occupied = hexad_tables_with_data(connection) + _extra_tables_with_data(using)
        if occupied:
            shown = ", ".join(occupied[:5]) + (
                f" and {len(occupied) - 5} more" if len(occupied) > 5 else ""
            )
            raise FullExportError(NOT_EMPTY.format(tables=shown))
        # What `hexad migrate` seeded (the six roles, the default tiers, the Salesforce role
        # mapping) makes way.
        for model in reversed(exported_models()):
            model._base_manager.using(using).all()._raw_delete(using)
        natural = _natural_ids(using)
        current: _Table | None = None
        loaded: list[type[Model]] = []
        with connection.cursor() as cursor:
            for kind, value in events:
                if kind == "table":
                    current = _table(value, natural, using)
                    loaded.append(current.model)
                    counts[current.label] = 0
                elif kind == "rows" and current is not None:
                    # INSERT the rows as they are, as `loaddata` does: auto_now and
                    # auto_now_add fields keep their exported values.
                    cursor.executemany(
                        current.sql, _parameters(current, value, counts[current.label] + 1)
                    )
                    counts[current.label] += len(value)
                    if progress and counts[current.label] < current.count:
                        progress(current.label, counts[current.label], current.count)
                elif kind == "end" and current is not None:
                    if progress:
                        progress(current.label, counts[current.label], current.count)
                    current = None
            # New rows made later must not collide with the imported keys (PostgreSQL).
            for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(statement)
    refresh_statistics(using)
    return Summary(
        version=int(header["version"]),
        counts=counts,
        seconds=time.perf_counter() - started,
        include_secrets=bool(header.get("include_secrets", True)),
    )


def _header(event: tuple[str, Any] | None) -> dict[str, Any]:
    if event is None or event[0] != "header" or not isinstance(event[1], dict):
        raise FullExportError(NOT_AN_EXPORT.format(detail="it does not start with the header"))
    header = event[1]
    if header.get("format") != FORMAT:
        raise FullExportError(
            NOT_AN_EXPORT.format(detail=f"its format is {header.get('format')!r}")
        )
    version = header.get("version")
    if not isinstance(version, int):
        raise FullExportError(NOT_AN_EXPORT.format(detail="it has no format version"))
    if version > VERSION:
        raise FullExportError(TOO_NEW.format(version=version, supported=VERSION))
    return header


def _check_migrations(header: dict[str, Any], using: str) -> None:
    known = set(MigrationRecorder(connections[using]).applied_migrations())
    unknown = sorted(
        f"{app}.{name}"
        for app, names in (header.get("migrations") or {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        shown = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        )
        raise FullExportError(NEWER_SCHEMA.format(migrations=shown))


def _extra_tables_with_data(using: str) -> list[str]:
    return [
        model._meta.db_table
        for model in map(apps.get_model, EXTRA_MODELS)
        if model._base_manager.using(using).exists()
    ]


def _natural_ids(using: str) -> dict[str, dict[tuple[Any, ...], Any]]:
    found: dict[str, dict[tuple[Any, ...], Any]] = {}
    for label, key in NATURAL_KEYS.items():
        model = apps.get_model(label)
        found[label] = {
            tuple(rest): pk
            for pk, *rest in model._base_manager.using(using).values_list("pk", *key)
        }
    return found


def _table(meta: Any, natural: dict[str, dict[tuple[Any, ...], Any]], using: str) -> _Table:
    if not isinstance(meta, dict) or not isinstance(meta.get("model"), str):
        raise FullExportError(NOT_AN_EXPORT.format(detail="a table has no model name"))
    label = meta["model"]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise FullExportError(UNKNOWN_MODEL.format(model=label)) from exc
    if model not in exported_models():
        raise FullExportError(UNKNOWN_MODEL.format(model=label))
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    names = meta.get("fields")
    if not isinstance(names, list):
        raise FullExportError(NOT_AN_EXPORT.format(detail=f"{label} has no field list"))
    unknown = [name for name in names if name not in by_attname]
    if unknown:
        raise FullExportError(UNKNOWN_FIELDS.format(model=label, fields=", ".join(unknown)))
    fields = [by_attname[name] for name in names]
    # Fields added since the export was made take their defaults.
    missing = [f for f in model._meta.concrete_fields if f.attname not in names]
    connection = connections[using]
    compiler = InsertQuery(model).get_compiler(using=using)
    quote = connection.ops.quote_name
    placeholders = [
        placeholder(None, compiler, connection)[0]
        if (placeholder := getattr(f, "get_placeholder_sql", None))
        else "%s"
        for f in fields + missing
    ]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the models
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in fields + missing),
        ", ".join(placeholders),
    )
    return _Table(
        model=model,
        fields=fields,
        decoders=[_decoder(f, natural, label, connection) for f in fields],
        missing=missing,
        count=int(meta.get("count") or 0),
        sql=sql,
        connection=connection,
    )


# Fields whose JSON values of this type are their own database parameters, on every
# backend: to_python() and get_db_prep_save() give them back unchanged (None too).
TAKEN_AS_THEY_ARE: dict[type[Field[Any, Any]], type] = {
    AutoField: int,
    BigAutoField: int,
    SmallAutoField: int,
    IntegerField: int,
    BigIntegerField: int,
    SmallIntegerField: int,
    PositiveIntegerField: int,
    PositiveBigIntegerField: int,
    PositiveSmallIntegerField: int,
    CharField: str,
    TextField: str,
    SlugField: str,
    EmailField: str,
    BooleanField: bool,
}


PLAIN_REFERENCES = (ForeignKey, OneToOneField)


def _decoder(
    model_field: Field[Any, Any],
    natural: dict[str, dict[tuple[Any, ...], Any]],
    label: str,
    connection: BaseDatabaseWrapper,
) -> Callable[[Any], Any]:
    """A JSON value of the file → the parameter the INSERT takes: the field's (or for a
    reference, its target's) to_python(), then get_db_prep_save() as Django's INSERT does.
    Values of the type the column takes as it is skip both."""
    target = model_field.related_model if model_field.is_relation else None
    prepare = model_field.get_db_prep_save
    if isinstance(target, type) and target._meta.label in natural:
        ids = natural[target._meta.label]
        target_label = target._meta.label

        def by_natural_key(value: Any) -> Any:
            if value is None:
                return prepare(None, connection)
            try:
                return prepare(ids[tuple(value)], connection)
            except (KeyError, TypeError) as exc:
                raise LookupError(
                    UNKNOWN_NATURAL_KEY.format(
                        row="{row}", model=label, target=target_label, key=value
                    )
                ) from exc

        return by_natural_key
    if isinstance(model_field, JSONField):
        return lambda value: prepare(value, connection)
    kind = model_field.target_field if model_field.is_relation else model_field  # type: ignore[attr-defined]
    to_python = kind.to_python

    def decode(value: Any) -> Any:
        return prepare(None if value is None else to_python(value), connection)

    if connection.vendor == "sqlite" and not model_field.is_relation:
        quick = _sqlite_date_decoder(model_field, connection, decode)
        if quick is not None:
            return quick
    same = TAKEN_AS_THEY_ARE.get(type(kind))
    if same is None or (model_field.is_relation and type(model_field) not in PLAIN_REFERENCES):
        return decode
    return lambda value: value if value is None or type(value) is same else decode(value)


def _sqlite_date_decoder(
    model_field: Field[Any, Any], connection: BaseDatabaseWrapper, decode: Callable[[Any], Any]
) -> Callable[[Any], Any] | None:
    """SQLite stores dates and UTC datetimes as text: the file's ISO text becomes that
    text as Django's own parsing and adapting make it (`str()` of the parsed value), with
    the parsing (`fromisoformat`, as Django's parse_datetime does first) and no more."""
    if type(model_field) is DateField:

        def date(value: Any) -> Any:
            if type(value) is str:
                try:
                    return str(datetime.date.fromisoformat(value))
                except ValueError:
                    pass
            return decode(value)

        return date
    if (
        type(model_field) is DateTimeField
        and settings.USE_TZ
        and connection.timezone == datetime.UTC
    ):

        def utc_datetime(value: Any) -> Any:
            if type(value) is str:
                try:
                    parsed = datetime.datetime.fromisoformat(value)
                except ValueError:
                    parsed = None
                if parsed is not None and parsed.utcoffset() == ZERO:
                    return str(parsed.replace(tzinfo=None))
            return decode(value)

        return utc_datetime
    return None


def _parameters(table: _Table, rows: list[Any], first: int) -> list[tuple[Any, ...]]:
    """The INSERT's parameters for rows numbered from `first`, a column at a time; where
    a row is wrong, row by row to name the first wrong row and field."""
    width = len(table.fields)
    try:
        if not all(isinstance(row, list) and len(row) == width for row in rows):
            raise ValueError
        columns: list[Any] = list(zip(*rows, strict=True))
        for position, decode in enumerate(table.decoders):
            columns[position] = list(map(decode, columns[position]))
    except Exception:
        for number, row in enumerate(rows, start=first):
            _row_parameters(table, row, number)
        raise
    for model_field in table.missing:
        prepare = model_field.get_db_prep_save
        columns.append([prepare(model_field.get_default(), table.connection) for _ in rows])
    return list(zip(*columns, strict=True))


def _row_parameters(table: _Table, values: Any, row: int) -> None:
    """Raises FullExportError naming the row and field when one row cannot be read."""
    if not isinstance(values, list) or len(values) != len(table.fields):
        raise FullExportError(
            BAD_ROW.format(
                row=row, model=table.label, detail="it does not have one value per field"
            )
        )
    try:
        for position, decode in enumerate(table.decoders):
            decode(values[position])
    except LookupError as exc:
        raise FullExportError(str(exc).replace("{row}", str(row))) from exc
    except Exception as exc:  # a field's own parser: ValidationError, ValueError, …
        detail = f"{table.fields[position].attname}: {exc}"
        raise FullExportError(BAD_ROW.format(row=row, model=table.label, detail=detail)) from exc


# --- reading the file --------------------------------------------------------------------

_TABLES_OPEN = ', "tables": ['
_ROWS_OPEN = b', "rows": ['


def _events(stream: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """("header", dict), then per table ("table", meta), ("rows", [row, …])…, ("end", None);
    rows come ROWS_PER_READ at a time."""
    first = stream.readline()
    try:
        text = first.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise FullExportError(NOT_AN_EXPORT.format(detail="it is not UTF-8 text")) from exc
    if text.startswith("{") and text.endswith(_TABLES_OPEN):
        yield "header", _loads(text[: -len(_TABLES_OPEN)] + "}")
        yield from _line_events(stream)
    else:
        yield from _whole_events(first + stream.read())


def _line_events(lines: Iterable[bytes]) -> Iterator[tuple[str, Any]]:
    in_table = False
    closed = False
    rows: list[bytes] = []
    for number, raw in enumerate(lines, start=2):
        text = raw.strip()
        if text.startswith(b","):
            text = text[1:]
        if not text:
            continue
        if closed:
            raise FullExportError(NOT_AN_EXPORT.format(detail=f"line {number} follows the end"))
        if in_table and text.startswith(b"["):
            rows.append(text)
            if len(rows) >= ROWS_PER_READ:
                yield "rows", _loads_rows(rows)
                rows = []
            continue
        if rows:
            yield "rows", _loads_rows(rows)
            rows = []
        if text == b"]}":
            if in_table:
                yield "end", None
                in_table = False
            else:
                closed = True
        elif not in_table and text.startswith(b"{") and text.endswith(_ROWS_OPEN):
            yield "table", _loads(text[: -len(_ROWS_OPEN)].decode("utf-8") + "}")
            in_table = True
        else:
            raise FullExportError(NOT_AN_EXPORT.format(detail=f"line {number} is not a row"))
    if in_table or not closed:
        raise FullExportError(NOT_AN_EXPORT.format(detail="it ends before its last table does"))


def _loads_rows(rows: list[bytes]) -> list[Any]:
    """The rows' lines read as one JSON array; when that fails, line by line, to say which
    line is wrong."""
    try:
        read = json.loads(b"[" + b",".join(rows) + b"]")
    except ValueError:
        read = None
    if not isinstance(read, list) or len(read) != len(rows):  # a line with more than a row
        read = [_loads(row.decode("utf-8")) for row in rows]
    return read


def _whole_events(data: bytes) -> Iterator[tuple[str, Any]]:
    document = _loads(data.decode("utf-8-sig"))
    if not isinstance(document, dict) or not isinstance(document.get("tables"), list):
        raise FullExportError(NOT_AN_EXPORT.format(detail="it has no list of tables"))
    tables = document.pop("tables")
    yield "header", document
    for table in tables:
        if not isinstance(table, dict):
            raise FullExportError(NOT_AN_EXPORT.format(detail="a table is not an object"))
        rows = table.pop("rows", [])
        yield "table", table
        if not isinstance(rows, list):
            rows = list(rows)
        for start in range(0, len(rows), ROWS_PER_READ):
            yield "rows", rows[start : start + ROWS_PER_READ]
        yield "end", None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FullExportError(NOT_AN_EXPORT.format(detail=f"it is not valid JSON ({exc})")) from exc
