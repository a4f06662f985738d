"""Which models keep field history, and the receivers that write it.

A model is registered with the rule that decides who may read its history (see
`Visibility`). Saves and deletes through the ORM are recorded by Django's model signals;
writes that bypass them (`QuerySet.update`, `bulk_create`, `bulk_update`) are recorded by
the helpers in `hexad.history.recorder`, which the services doing such writes call.

An update costs one extra query before the save (the stored values of the tracked
fields) and one INSERT after it; a create costs the INSERT only.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from hexad.history import context
from hexad.history.models import Action, HistoryEntry, dump_changes

# Never recorded: bookkeeping every model has, and secrets.
ALWAYS_EXCLUDED = frozenset(
    {"id", "created_at", "updated_at", "version", "password", "last_login", "date_joined"}
)
REPR_LENGTH = 200


class Visibility(StrEnum):
    ACCOUNT = "account"  # whoever may see the account the record belongs to
    EVERYONE = "everyone"  # every signed-in user (the people directory, catalogues)
    MANAGERS = "managers"  # programme leaders and administrators
    ADMINS = "admins"  # administrators


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    fields: tuple[models.Field[Any, Any], ...]
    m2m: tuple[str, ...]
    visibility: Visibility
    account_path: str  # with ACCOUNT: the lookup from the record to its account ("" = itself)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def field_named(self, name: str) -> models.Field[Any, Any] | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None


_registry: dict[str, Tracked] = {}


def register(
    model: type[models.Model],
    *,
    visibility: Visibility,
    account_path: str = "",
    exclude: tuple[str, ...] = (),
    m2m: tuple[str, ...] = (),
) -> None:
    excluded = ALWAYS_EXCLUDED | set(exclude)
    fields = tuple(
        field
        for field in model._meta.concrete_fields
        if field.name not in excluded and not field.primary_key
    )
    tracked = Tracked(
        model=model,
        fields=fields,
        m2m=m2m,
        visibility=visibility,
        account_path=account_path,
    )
    _registry[tracked.label] = tracked
    uid = f"hexad-history-{tracked.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}-{name}")


def tracked_for(label: str) -> Tracked | None:
    return _registry.get(label)


def tracked_models() -> list[Tracked]:
    return list(_registry.values())


# --- values -----------------------------------------------------------------------------------


def plain(field: models.Field[Any, Any], value: Any) -> Any:
    """A stored value as JSON: dates and decimals as text, everything else as it reads."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None and value.is_finite():
            value = value.quantize(decimal.Decimal(1).scaleb(-places))
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _related_repr(field: models.Field[Any, Any], instance: models.Model, pk: Any) -> str:
    if field.is_cached(instance):  # type: ignore[attr-defined]
        related = getattr(instance, field.name)
    else:
        related = field.related_model._base_manager.filter(pk=pk).first()  # type: ignore[union-attr]
    return str(related)[:REPR_LENGTH] if related is not None else f"#{pk}"


def field_value(
    field: models.Field[Any, Any], instance: models.Model, *, look_up: bool = True
) -> Any:
    raw = getattr(instance, field.attname)
    if not field.is_relation:
        return plain(field, raw)
    if raw is None:
        return None
    if look_up or field.is_cached(instance):  # type: ignore[attr-defined]
        return {"id": raw, "r": _related_repr(field, instance, raw)}
    return {"id": raw}


def _old_related(field: models.Field[Any, Any], pk: Any) -> Any:
    if pk is None:
        return None
    related = field.related_model._base_manager.filter(pk=pk).first()  # type: ignore[union-attr]
    return {"id": pk, "r": str(related)[:REPR_LENGTH] if related is not None else f"#{pk}"}


# --- writing entries --------------------------------------------------------------------------


def write(
    *, label: str, object_id: int, action: str, changes: list[dict[str, Any]]
) -> HistoryEntry | None:
    """Stores one entry, or adds the changes to the entry this recording already wrote for
    the same record (a record saved twice in one request has one entry)."""
    state = context.current()
    key = (label, int(object_id))
    earlier = state.latest.get(key) if action == Action.UPDATE else None
    if earlier is not None:
        merged = _merge(earlier.changes, changes, created=earlier.action == Action.CREATE)
        updated = HistoryEntry.objects.filter(pk=earlier.pk).update(
            changes_text=dump_changes(merged)
        )
        if updated:
            earlier.changes = merged
            return earlier
    entry = HistoryEntry.objects.create(
        model_label=label,
        object_id=object_id,
        action=action,
        changes_text=dump_changes(changes),
        actor=state.actor_user(),
        source=state.source,
        request_id=state.request_id,
    )
    if state.request_id:
        state.latest[key] = entry
    return entry


def _merge(
    first: list[dict[str, Any]], then: list[dict[str, Any]], *, created: bool
) -> list[dict[str, Any]]:
    """The changes of two saves as one: each field from its first old to its last new value
    (on a record created in the same recording, every old value is none)."""
    merged = [dict(change) for change in first]
    by_field = {change["f"]: change for change in merged if "n" in change}
    for change in then:
        previous = by_field.get(change["f"])
        if previous is not None and "n" in change:
            previous["n"] = change["n"]
        else:
            added = dict(change)
            if created and "n" in added:
                added["o"] = None
            merged.append(added)
    return [c for c in merged if "n" not in c or c.get("o") is None or c.get("o") != c["n"]]


@functools.cache
def _snapshot_query(
    model: type[models.Model], fields: tuple[models.Field[Any, Any], ...], using: str
) -> tuple[str, list[tuple[Any, list[Any]]]]:
    """The SELECT of these fields of one row, and each column's converters, made once.

    The ORM would build and compile the same query on every save, which costs several
    times what running it does; this is the query the ORM writes, kept."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = [field.get_col(table) for field in fields]
    # Table and column names come from the model's metadata, quoted; the id is a parameter.
    sql = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608
        ", ".join(f"{quote(table)}.{quote(str(field.column))}" for field in fields),
        quote(table),
        quote(str(model._meta.pk.column)),
    )
    return sql, [(column, column.get_db_converters(connection)) for column in columns]


def stored_values(
    model: type[models.Model],
    fields: tuple[models.Field[Any, Any], ...],
    pk: Any,
    *,
    using: str = "default",
) -> dict[str, Any] | None:
    """The stored values of `fields` of row `pk` (by attname), as the ORM reads them."""
    sql, converters = _snapshot_query(model, fields, using)
    connection = connections[using]
    param = model._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        row = cursor.fetchone()
    if row is None:
        return None
    values = {}
    for field, (column, column_converters), value in zip(fields, converters, row, strict=True):
        for converter in column_converters:
            value = converter(value, column, connection)
        values[field.attname] = value
    return values


def _tracked_fields(tracked: Tracked, update_fields: Any) -> tuple[models.Field[Any, Any], ...]:
    if update_fields is None:
        return tracked.fields
    names = set(update_fields)
    return tuple(f for f in tracked.fields if f.name in names or f.attname in names)


# --- receivers ----------------------------------------------------------------------------------


def _before_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    instance.__dict__.pop("_history_old", None)
    if raw or context.is_paused() or instance._state.adding or instance.pk is None:
        return
    tracked = _registry[sender._meta.label_lower]
    fields = _tracked_fields(tracked, kwargs.get("update_fields"))
    if not fields:
        return
    instance.__dict__["_history_old"] = stored_values(
        sender, fields, instance.pk, using=kwargs.get("using") or "default"
    )


def _after_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    old = instance.__dict__.pop("_history_old", None)
    if raw or context.is_paused():
        return
    tracked = _registry[sender._meta.label_lower]
    if created:
        changes = [
            {"f": f.name, "o": None, "n": value}
            for f in tracked.fields
            if (value := field_value(f, instance)) not in (None, "")
        ]
        write(label=tracked.label, object_id=instance.pk, action=Action.CREATE, changes=changes)
        return
    if old is None:
        return
    changes = diff(tracked, old, instance, _tracked_fields(tracked, kwargs.get("update_fields")))
    if changes:
        write(label=tracked.label, object_id=instance.pk, action=Action.UPDATE, changes=changes)


def diff(
    tracked: Tracked,
    old: dict[str, Any],
    instance: models.Model,
    fields: tuple[models.Field[Any, Any], ...] | None = None,
) -> list[dict[str, Any]]:
    """The changes from `old` (stored values by attname) to the instance's values."""
    changes = []
    for field in fields if fields is not None else tracked.fields:
        if field.attname not in old:
            continue
        before, after = old[field.attname], getattr(instance, field.attname)
        if field.is_relation:
            if before == after:
                continue
            changes.append(
                {
                    "f": field.name,
                    "o": _old_related(field, before),
                    "n": field_value(field, instance),
                }
            )
            continue
        before_plain, after_plain = plain(field, before), plain(field, after)
        if before_plain != after_plain:
            changes.append({"f": field.name, "o": before_plain, "n": after_plain})
    return changes


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if context.is_paused():
        return
    tracked = _registry[sender._meta.label_lower]
    changes = [
        {"f": f.name, "o": value, "n": None}
        for f in tracked.fields
        if (value := field_value(f, instance, look_up=False)) not in (None, "")
    ]
    write(label=tracked.label, object_id=instance.pk, action=Action.DELETE, changes=changes)


def _links_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if reverse or context.is_paused():
        return
    tracked = _registry.get(instance._meta.label_lower)
    if tracked is None:
        return
    name = next(
        (
            n
            for n in tracked.m2m
            if tracked.model._meta.get_field(n).remote_field.through is sender  # type: ignore[union-attr]
        ),
        None,
    )
    if name is None:
        return
    if action == "pre_clear":
        manager = getattr(instance, name)
        removed = [str(obj)[:REPR_LENGTH] for obj in manager.all()]
        if removed:
            links_recorded(instance, name, removed=removed)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    names = [str(obj)[:REPR_LENGTH] for obj in model._base_manager.filter(pk__in=pk_set)]
    if action == "post_add":
        links_recorded(instance, name, added=names)
    else:
        links_recorded(instance, name, removed=names)


def links_recorded(
    instance: models.Model,
    field: str,
    *,
    added: list[str] | None = None,
    removed: list[str] | None = None,
) -> None:
    """Records links added to or removed from a many-to-many field of `instance` (joining
    the entry of its save when made in the same recording)."""
    if context.is_paused():
        return
    change: dict[str, Any] = {"f": field}
    if added:
        change["add"] = sorted(added)
    if removed:
        change["rem"] = sorted(removed)
    if len(change) == 1:
        return
    label = instance._meta.label_lower
    state = context.current()
    earlier = state.latest.get((label, int(instance.pk)))
    if earlier is not None:
        merged = [*earlier.changes, change]
        if HistoryEntry.objects.filter(pk=earlier.pk).update(changes_text=dump_changes(merged)):
            earlier.changes = merged
            return
    write(label=label, object_id=instance.pk, action=Action.UPDATE, changes=[change])
