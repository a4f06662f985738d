"""Removing a person's personal data from every table and from the history.

Used by the erasure services of the domain apps (`stakeholder_erase`): they remove the
person's own rows, then call `text_scrub` to replace every other mention of them (their
name, e-mail, phone, as they are now and as the history says they were) with `ERASED`,
and `history_forget` / `history_redact` for the history itself.

Where mentions are looked for is a `Scope`: every row that belongs to the person's
account (found through each table's foreign keys: an interaction's account, a review
snapshot's review's account …) and every row of the tables that belong to no account
(import batches, the admin's log, development notes …). Rows of other accounts are left
alone: the same name there is someone else's. So are the fields that name a record
itself (`keep`: another stakeholder's or colleague's own name, e-mail and phone), since a
namesake's name is theirs, not a mention of the person erased.
"""

from __future__ import annotations

import functools
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from hexad.history.models import HistoryEntry, dump_changes

ERASED = "[erased]"
# Shorter values (initials, a two-letter name) would match too much unrelated text.
MIN_LENGTH = 3


def personal_values(values: Iterable[Any]) -> list[str]:
    """The distinct strings worth searching for, longest first (so a full name is replaced
    before a part of it)."""
    found = {str(v).strip() for v in values if v is not None and len(str(v).strip()) >= MIN_LENGTH}
    return sorted(found, key=lambda v: (-len(v), v))


def history_values(*, label: str, object_id: int, fields: Iterable[str]) -> list[str]:
    """Every value the history holds for these fields of one record (names it had before)."""
    wanted = set(fields)
    values: list[Any] = []
    for entry in HistoryEntry.objects.filter(model_label=label, object_id=object_id):
        for change in entry.changes:
            if change.get("f") in wanted:
                values.extend(v for v in (change.get("o"), change.get("n")) if isinstance(v, str))
    return values


def history_forget(*, label: str, object_ids: Iterable[int]) -> int:
    """Deletes every entry about these records."""
    ids = list(object_ids)
    if not ids:
        return 0
    deleted, _ = HistoryEntry.objects.filter(model_label=label, object_id__in=ids).delete()
    return deleted


def _pattern(strings: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in strings), re.IGNORECASE)


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern) for k, v in value.items()}
    return value


def _matching(field: str, strings: list[str], *, json_text: bool = False) -> Q:
    query = Q()
    for s in strings:
        query |= Q(**{f"{field}__icontains": s})
        if json_text:  # JSON stored with \\u escapes
            escaped = json.dumps(s)[1:-1]
            if escaped != s:
                query |= Q(**{f"{field}__icontains": escaped})
    return query


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
    ]


def _scrubbed_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("hexad.") or config.name == "django.contrib.admin"
        for model in config.get_models(include_auto_created=True)
        if model is not HistoryEntry and model._meta.managed and not model._meta.proxy
    ]


@dataclass(frozen=True)
class Scope:
    """The rows searched for mentions: those of one account, and those of tables that
    belong to no account; `keep` names, per model label, fields never rewritten."""

    account_model: type[models.Model]
    account_id: int
    keep: dict[str, frozenset[str]] = field(default_factory=dict)

    def rows(self, model: type[models.Model]) -> models.QuerySet[Any] | None:
        """The rows of `model` in scope (None: none of them)."""
        path = path_to(model, self.account_model)
        rows = model._base_manager.all()
        if path is None:
            return rows
        return rows.filter(**{path: self.account_id})

    def fields(self, model: type[models.Model]) -> list[models.Field[Any, Any]]:
        kept = self.keep.get(model._meta.label_lower, frozenset())
        return [f for f in _text_fields(model) if f.name not in kept]


@functools.cache
def path_to(model: type[models.Model], target: type[models.Model]) -> str | None:
    """The shortest lookup from a row of `model` to its row of `target` through foreign
    keys ("pk" for `target` itself), or None when there is none within three steps."""
    if model is target:
        return "pk"
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, path, depth = queue.popleft()
        for link in current._meta.concrete_fields:
            if not (link.many_to_one or link.one_to_one) or link.related_model is None:
                continue
            related = link.related_model
            lookup = f"{path}__{link.name}" if path else link.name
            if related is target:
                return lookup
            if related not in seen and depth < 2 and isinstance(related, type):
                seen.add(related)
                queue.append((related, lookup, depth + 1))
    return None


def text_scrub(strings: list[str], scope: Scope) -> list[tuple[type[models.Model], Any, list[str]]]:
    """Replaces the strings in every text column of the rows in `scope` (the history
    aside); returns each changed row as (model, pk, field names). The rows are rewritten
    with `QuerySet.update`, so nothing about it reaches the history with the old text."""
    if not strings:
        return []
    pattern = _pattern(strings)
    changed: list[tuple[type[models.Model], Any, list[str]]] = []
    for model in _scrubbed_models():
        fields = scope.fields(model)
        rows = scope.rows(model) if fields else None
        if rows is None:
            continue
        query = Q()
        for text_field in fields:
            if isinstance(text_field, models.JSONField):
                alias = f"hexad_text_{text_field.attname}"
                rows = rows.annotate(**{alias: Cast(text_field.attname, models.TextField())})
                query |= _matching(alias, strings, json_text=True)
            else:
                query |= _matching(text_field.attname, strings)
        for row in rows.filter(query).values("pk", *(f.attname for f in fields)):
            updates = {}
            for text_field in fields:
                value = row[text_field.attname]
                new = _replace(value, pattern)
                if new != value:
                    updates[text_field.attname] = new
            if updates:
                model._base_manager.filter(pk=row["pk"]).update(**updates)
                changed.append((model, row["pk"], sorted(updates)))
    return changed


def history_redact(strings: list[str], scope: Scope) -> int:
    """Replaces the strings in the history entries of the records in `scope` (their
    changes and the record's name as shown); returns how many entries changed. Changes
    of a `keep` field stay as they are."""
    if not strings:
        return 0
    pattern = _pattern(strings)
    matching = _matching("changes_text", strings) | _matching("object_repr", strings)
    changed = 0
    for model in _scrubbed_models():
        label = model._meta.label_lower
        kept = scope.keep.get(label, frozenset())
        for entries in _entries_in_scope(model, scope):
            for entry in entries.filter(matching):
                redacted = [
                    change if change.get("f") in kept else _replace(change, pattern)
                    for change in entry.changes
                ]
                name = entry.object_repr if kept else _replace(entry.object_repr, pattern)
                if (redacted, name) != (entry.changes, entry.object_repr):
                    HistoryEntry.objects.filter(pk=entry.pk).update(
                        changes_text=dump_changes(redacted), object_repr=name
                    )
                    changed += 1
    return changed


def _entries_in_scope(
    model: type[models.Model], scope: Scope, chunk: int = 500
) -> Iterator[models.QuerySet[HistoryEntry]]:
    """The history entries of `model`'s records in scope, a chunk of records at a time."""
    entries = HistoryEntry.objects.filter(model_label=model._meta.label_lower)
    if path_to(model, scope.account_model) is None:
        yield entries
        return
    rows = scope.rows(model)
    assert rows is not None
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        yield entries.filter(object_id__in=ids[start : start + chunk])
