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
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Field, JSONField, Model
from django.db.models.sql import InsertQuery
from django.utils import timezone
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
            encoders = [_encoder(f, natural, include_secrets) for f in fields]
            done = 0
            rows = (
                model._base_manager.using(using)
                .order_by("pk")
                .values_list(*[f.attname for f in fields])
                .iterator(chunk_size=ROWS_PER_READ)
            )
            for row in rows:
                values = [encode(value) for encode, value in zip(encoders, row, strict=True)]
                line = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
                _write(stream, ("," if done else "") + line + "\n")
                done += 1
                if progress and done % ROWS_PER_READ == 0:
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


def _encoder(
    model_field: Field[Any, Any], natural: dict[str, dict[Any, list[Any]]], include_secrets: bool
) -> Callable[[Any], Any]:
    target = model_field.related_model if model_field.is_relation else None
    if isinstance(target, type) and target._meta.label in natural:
        keys = natural[target._meta.label]
        return lambda value: None if value is None else keys[value]
    secret = model_field.model._meta.label == "people.User" and model_field.attname == "password"
    if secret and not include_secrets:
        return lambda value: UNUSABLE_PASSWORD
    if isinstance(model_field, JSONField):
        return lambda value: value
    return _plain


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
    decoders: list[Callable[[Any], Any]]
    missing: list[Field[Any, Any]]
    count: int


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
        batch: list[Model] = []
        loaded: list[type[Model]] = []
        for kind, value in events:
            if kind == "table":
                current = _table(value, natural)
                loaded.append(current.model)
                counts[current.model._meta.label] = 0
            elif kind == "row" and current is not None:
                batch.append(_instance(current, value, counts[current.model._meta.label] + 1))
                counts[current.model._meta.label] += 1
                if len(batch) >= ROWS_PER_READ:
                    _insert(current.model, batch, using)
                    batch = []
                    if progress:
                        label = current.model._meta.label
                        progress(label, counts[label], current.count)
            elif kind == "end" and current is not None:
                _insert(current.model, batch, using)
                batch = []
                if progress:
                    label = current.model._meta.label
                    progress(label, counts[label], current.count)
                current = None
        # New rows made later must not collide with the imported keys (PostgreSQL).
        with connection.cursor() as cursor:
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


def _table(meta: Any, natural: dict[str, dict[tuple[Any, ...], Any]]) -> _Table:
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
    return _Table(
        model=model,
        fields=fields,
        decoders=[_decoder(f, natural, label) for f in fields],
        missing=missing,
        count=int(meta.get("count") or 0),
    )


def _decoder(
    model_field: Field[Any, Any], natural: dict[str, dict[tuple[Any, ...], Any]], label: str
) -> Callable[[Any], Any]:
    target = model_field.related_model if model_field.is_relation else None
    if isinstance(target, type) and target._meta.label in natural:
        ids = natural[target._meta.label]
        target_label = target._meta.label

        def by_natural_key(value: Any) -> Any:
            if value is None:
                return None
            try:
                return ids[tuple(value)]
            except (KeyError, TypeError) as exc:
                raise LookupError(
                    UNKNOWN_NATURAL_KEY.format(
                        row="{row}", model=label, target=target_label, key=value
                    )
                ) from exc

        return by_natural_key
    if isinstance(model_field, JSONField):
        return lambda value: value
    if model_field.is_relation:
        target_field = model_field.target_field  # type: ignore[attr-defined]
        return lambda value: None if value is None else target_field.to_python(value)
    return lambda value: None if value is None else model_field.to_python(value)


def _instance(table: _Table, values: Any, row: int) -> Model:
    label = table.model._meta.label
    if not isinstance(values, list) or len(values) != len(table.fields):
        raise FullExportError(
            BAD_ROW.format(row=row, model=label, detail="it does not have one value per field")
        )
    data: dict[str, Any] = {}
    try:
        for model_field, decode, value in zip(table.fields, table.decoders, values, strict=True):
            data[model_field.attname] = decode(value)
    except LookupError as exc:
        raise FullExportError(str(exc).replace("{row}", str(row))) from exc
    except Exception as exc:  # a field's own parser: ValidationError, ValueError, …
        detail = f"{model_field.attname}: {exc}"
        raise FullExportError(BAD_ROW.format(row=row, model=label, detail=detail)) from exc
    for model_field in table.missing:
        data[model_field.attname] = model_field.get_default()
    return table.model(**data)


def _insert(model: type[Model], objs: list[Model], using: str) -> None:
    """INSERT the rows as they are: `raw` skips pre_save(), so auto_now and auto_now_add
    fields keep their exported values, as `loaddata` does."""
    if not objs:
        return
    connection = connections[using]
    fields = list(model._meta.concrete_fields)
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + size], raw=True)
        query.get_compiler(using=using).execute_sql()


# --- reading the file --------------------------------------------------------------------

_TABLES_OPEN = ', "tables": ['
_ROWS_OPEN = ', "rows": ['


def _events(stream: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """("header", dict), then per table ("table", meta), ("row", list)…, ("end", None)."""
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
    for number, raw in enumerate(lines, start=2):
        text = raw.decode("utf-8").strip()
        if text.startswith(","):
            text = text[1:]
        if not text:
            continue
        if closed:
            raise FullExportError(NOT_AN_EXPORT.format(detail=f"line {number} follows the end"))
        if in_table and text.startswith("["):
            yield "row", _loads(text)
        elif text == "]}":
            if in_table:
                yield "end", None
                in_table = False
            else:
                closed = True
        elif not in_table and text.startswith("{") and text.endswith(_ROWS_OPEN):
            yield "table", _loads(text[: -len(_ROWS_OPEN)] + "}")
            in_table = True
        else:
            raise FullExportError(NOT_AN_EXPORT.format(detail=f"line {number} is not a row"))
    if in_table or not closed:
        raise FullExportError(NOT_AN_EXPORT.format(detail="it ends before its last table does"))


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
        for row in rows:
            yield "row", row
        yield "end", None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FullExportError(NOT_AN_EXPORT.format(detail=f"it is not valid JSON ({exc})")) from exc
