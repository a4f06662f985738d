"""Removing a person's personal data from every table and from the history.

Used by the erasure services of the domain apps (`stakeholder_erase`): they remove the
person's own rows, then call `text_scrub` to replace every other mention of them (their
name, e-mail, phone, as they are now and as the history says they were) with `ERASED`,
and `history_forget` / `history_redact` for the history itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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


def history_redact(strings: list[str]) -> int:
    """Replaces the strings in every history entry that holds them; returns how many."""
    if not strings:
        return 0
    pattern = _pattern(strings)
    changed = 0
    for entry in HistoryEntry.objects.filter(_matching("changes_text", strings)):
        redacted = _replace(entry.changes, pattern)
        HistoryEntry.objects.filter(pk=entry.pk).update(changes_text=dump_changes(redacted))
        changed += 1
    return changed


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


def text_scrub(strings: list[str]) -> list[tuple[type[models.Model], Any, list[str]]]:
    """Replaces the strings in every text column of every table (the history aside);
    returns each changed row as (model, pk, field names). The rows are rewritten with
    `QuerySet.update`, so nothing about it reaches the history with the old text."""
    if not strings:
        return []
    pattern = _pattern(strings)
    changed: list[tuple[type[models.Model], Any, list[str]]] = []
    for model in _scrubbed_models():
        fields = _text_fields(model)
        if not fields:
            continue
        rows = model._base_manager.all()
        query = Q()
        for field in fields:
            if isinstance(field, models.JSONField):
                alias = f"hexad_text_{field.attname}"
                rows = rows.annotate(**{alias: Cast(field.attname, models.TextField())})
                query |= _matching(alias, strings, json_text=True)
            else:
                query |= _matching(field.attname, strings)
        for row in rows.filter(query).values("pk", *(f.attname for f in fields)):
            updates = {}
            for field in fields:
                value = row[field.attname]
                new = _replace(value, pattern)
                if new != value:
                    updates[field.attname] = new
            if updates:
                model._base_manager.filter(pk=row["pk"]).update(**updates)
                changed.append((model, row["pk"], sorted(updates)))
    return changed
