"""History for writes that bypass model signals: `QuerySet.update`, `bulk_create` and
`bulk_update`. Services call these instead of the bare ORM methods on tracked models:

    update_recorded(Stakeholder.objects.filter(...), reports_to_id=5)
    bulk_create_recorded(Relationship, rows)
    bulk_update_recorded(Relationship, rows, ["current_level"])

Each reads what it needs in one query per call (not per row) and writes the entries with
one INSERT. On models that are not tracked they do just the write.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connections, models, router
from django.utils import timezone

from hexad.history import context, registry
from hexad.history.models import Action, HistoryEntry, dump_changes

M = TypeVar("M", bound=models.Model)


def update_recorded[M: models.Model](queryset: models.QuerySet[M], **values: Any) -> int:
    """`queryset.update(**values)`, with one history entry per row it changed."""
    tracked = registry.tracked_for(queryset.model._meta.label_lower)
    if tracked is None or context.is_paused():
        return queryset.update(**values)
    fields = tuple(f for f in tracked.fields if f.name in values or f.attname in values)
    attnames = [f.attname for f in fields]
    before = {row["pk"]: row for row in queryset.values("pk", *attnames)}
    if not before:
        return 0
    count = queryset.model._base_manager.filter(pk__in=before).update(**values)
    after = queryset.model._base_manager.filter(pk__in=before).values("pk", *attnames)
    _write_bulk(
        tracked,
        [(row["pk"], Action.UPDATE, before[row["pk"]], row) for row in after],
        fields,
    )
    return count


def bulk_create_recorded[M: models.Model](
    model: type[M], objects: Iterable[M], **kwargs: Any
) -> list[M]:
    created = model._default_manager.bulk_create(objects, **kwargs)
    tracked = registry.tracked_for(model._meta.label_lower)
    if tracked is None or context.is_paused():
        return created
    _write_bulk(
        tracked,
        [
            (
                obj.pk,
                Action.CREATE,
                None,
                {f.attname: getattr(obj, f.attname) for f in tracked.fields},
            )
            for obj in created
            if obj.pk is not None
        ],
        tracked.fields,
    )
    return created


def bulk_update_recorded[M: models.Model](
    model: type[M], objects: Sequence[M], fields: Sequence[str]
) -> int:
    tracked = registry.tracked_for(model._meta.label_lower)
    if tracked is None or context.is_paused() or not objects:
        return model._default_manager.bulk_update(objects, fields)
    chosen = tuple(f for f in tracked.fields if f.name in fields or f.attname in fields)
    attnames = [f.attname for f in chosen]
    before = {
        row["pk"]: row
        for row in model._base_manager.filter(pk__in=[o.pk for o in objects]).values(
            "pk", *attnames
        )
    }
    count = model._default_manager.bulk_update(objects, fields)
    _write_bulk(
        tracked,
        [
            (obj.pk, Action.UPDATE, before[obj.pk], {a: getattr(obj, a) for a in attnames})
            for obj in objects
            if obj.pk in before
        ],
        chosen,
    )
    return count


def _write_bulk(
    tracked: registry.Tracked,
    rows: list[tuple[Any, str, dict[str, Any] | None, dict[str, Any]]],
    fields: tuple[models.Field[Any, Any], ...],
) -> None:
    related_ids: dict[models.Field[Any, Any], set[Any]] = defaultdict(set)
    prepared = []
    for pk, action, old, new in rows:
        changes = []
        for field in fields:
            after = new.get(field.attname)
            before = old.get(field.attname) if old is not None else None
            if field.is_relation:
                if old is None and after is None:
                    continue
                if old is not None and before == after:
                    continue
                related_ids[field].update(v for v in (before, after) if v is not None)
                changes.append((field, before, after))
            else:
                before_plain = registry.plain(field, before)
                after_plain = registry.plain(field, after)
                if old is None and after_plain in (None, ""):
                    continue
                if old is not None and before_plain == after_plain:
                    continue
                changes.append((field, before_plain, after_plain))
        if changes:
            prepared.append((pk, action, changes))
    reprs = {
        field: {
            pk: str(obj)[: registry.REPR_LENGTH]
            for pk, obj in field.related_model._base_manager.in_bulk(ids).items()  # type: ignore[union-attr]
        }
        for field, ids in related_ids.items()
    }

    def shown(field: models.Field[Any, Any], value: Any) -> Any:
        if not field.is_relation or value is None:
            return value
        return {"id": value, "r": reprs[field].get(value, f"#{value}")}

    state = context.current()
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            model_label=tracked.label,
            object_id=pk,
            action=action,
            changes_text=dump_changes(
                [{"f": f.name, "o": shown(f, o), "n": shown(f, n)} for f, o, n in changes]
            ),
            actor=state.actor_user(),
            source=state.source,
            request_id=state.request_id,
        )
        for pk, action, changes in prepared
    )


# --- the fast path for imports ------------------------------------------------------------------


def record_rows_fast(
    model: type[models.Model],
    rows: Iterable[tuple[Any, str, dict[str, Any] | None, dict[str, Any]]],
    *,
    reprs: dict[str, dict[Any, str]] | None = None,
) -> int:
    """Entries for rows written with raw SQL (hundreds of thousands in an import), in the
    format `bulk_create_recorded` and `bulk_update_recorded` write, with one `executemany`
    per call.

    `rows` are `(pk, action, old, new)`: `old` is None for a created row, else the stored
    values by attname before the write; `new` the values after it (a field missing from
    `new` did not change). How related records read is looked up once per id; `reprs`
    (field name -> {id: text}), when given, keeps those texts between calls. Returns the
    number of entries written.
    """
    tracked = registry.tracked_for(model._meta.label_lower)
    if tracked is None or context.is_paused():
        return 0
    return _insert_entries(tracked, _entries_fast(tracked, rows, reprs))


def join_updates_fast(
    model: type[models.Model],
    rows: Sequence[tuple[Any, dict[str, Any], dict[str, Any]]],
    *,
    reprs: dict[str, dict[Any, str]] | None = None,
) -> int:
    """Records changes `(pk, old, new)` made by a second pass of the same work: a record
    that already has an entry in this recording gets the changes added to it (one entry
    per record, as for a record saved twice in one request), the others a new update
    entry. Returns the number of entries written or changed."""
    tracked = registry.tracked_for(model._meta.label_lower)
    if tracked is None or context.is_paused() or not rows:
        return 0
    state = context.current()
    updates = [(pk, Action.UPDATE, old, new) for pk, old, new in rows]
    changes = {pk: text for pk, _action, text in _entries_fast(tracked, updates, reprs)}
    earlier: dict[Any, tuple[int, str, str]] = {}
    pks = list(changes)
    for start in range(0, len(pks) if state.request_id else 0, 500):
        found = HistoryEntry.objects.filter(
            model_label=tracked.label,
            request_id=state.request_id,
            object_id__in=pks[start : start + 500],
        ).values_list("object_id", "pk", "action", "changes_text")
        for object_id, entry_pk, action, text in found:
            earlier[object_id] = (entry_pk, action, text)
    joined = []
    for pk, (entry_pk, action, text) in earlier.items():
        merged = registry._merge(
            json.loads(text), json.loads(changes.pop(pk)), created=action == Action.CREATE
        )
        joined.append((dump_changes(merged), entry_pk))
    if joined:
        connection = connections[router.db_for_write(HistoryEntry)]
        table = connection.ops.quote_name(HistoryEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET changes_text = %s WHERE id = %s",  # noqa: S608
                joined,
            )
    new = [(pk, Action.UPDATE, text) for pk, text in changes.items()]
    return _insert_entries(tracked, new) + len(joined)


def _entries_fast(
    tracked: registry.Tracked,
    rows: Iterable[tuple[Any, str, dict[str, Any] | None, dict[str, Any]]],
    reprs: dict[str, dict[Any, str]] | None,
) -> list[tuple[Any, str, str]]:
    """`(pk, action, changes as JSON text)` for the rows with a change, built as
    `_write_bulk` builds them."""
    texts: dict[str, dict[Any, str]] = reprs if reprs is not None else {}
    fields = [(f, f.attname, f.name, f.is_relation) for f in tracked.fields]
    wanted: dict[models.Field[Any, Any], set[Any]] = defaultdict(set)
    simple = (str, int, bool, float, type(None))
    prepared = []
    for pk, action, old, new in rows:
        changes = []
        for field, attname, name, is_relation in fields:
            if attname not in new:
                continue
            after = new[attname]
            before = old.get(attname) if old is not None else None
            if is_relation:
                if before == after and (old is not None or after is None):
                    continue
                known = texts.setdefault(name, {})
                if before is not None and before not in known:
                    wanted[field].add(before)
                if after is not None and after not in known:
                    wanted[field].add(after)
                changes.append((field, name, before, after))
                continue
            if type(after) not in simple:
                after = registry.plain(field, after)
            if old is None:
                if after is None or after == "":
                    continue
            else:
                if type(before) not in simple:
                    before = registry.plain(field, before)
                if before == after:
                    continue
            changes.append((field, name, before, after))
        if changes:
            prepared.append((pk, action, changes))
    for field, ids in wanted.items():
        found = field.related_model._base_manager.in_bulk(list(ids))  # type: ignore[union-attr]
        known = texts[field.name]
        for pk, obj in found.items():
            known[pk] = str(obj)[: registry.REPR_LENGTH]
    entries = []
    for pk, action, changes in prepared:
        items = []
        for field, name, before, after in changes:
            if field.is_relation:
                known = texts[name]
                if before is not None:
                    before = {"id": before, "r": known.get(before, f"#{before}")}
                if after is not None:
                    after = {"id": after, "r": known.get(after, f"#{after}")}
            items.append({"f": name, "o": before, "n": after})
        entries.append((pk, action, dump_changes(items)))
    return entries


def _insert_entries(tracked: registry.Tracked, entries: Sequence[tuple[Any, str, str]]) -> int:
    if not entries:
        return 0
    state = context.current()
    actor = state.actor_user()
    actor_id = actor.pk if actor is not None else None
    connection = connections[router.db_for_write(HistoryEntry)]
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(HistoryEntry._meta.db_table)} "  # noqa: S608
        "(model_label, object_id, object_repr, action, changes_text, actor_id, source, "
        "request_id, at) VALUES (%s, %s, '', %s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (tracked.label, pk, action, text, actor_id, state.source, state.request_id, at)
                for pk, action, text in entries
            ],
        )
    return len(entries)
