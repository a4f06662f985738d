"""Reading a record's history: access first (through the owning account's rules), then
one page of entries, newest first, ready to show."""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hexad.accounts.selectors import accounts_visible_to
from hexad.history.models import HistoryEntry
from hexad.history.registry import Tracked, Visibility, tracked_for
from hexad.people.models import User

PAGE_SIZE = 10


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class EntryRow:
    at: datetime.datetime
    actor: str
    source: str
    action: str
    action_label: str
    changes: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class HistoryPage:
    tracked: Tracked
    object_id: int
    page: Page[HistoryEntry]
    rows: list[EntryRow]

    @property
    def record_kind(self) -> str:
        return str(self.tracked.model._meta.verbose_name)


def history_visible(*, user: User, tracked: Tracked, pk: int) -> bool:
    """Whether `user` may read the history of record `pk` (one query)."""
    if not user.is_authenticated:
        return False
    records = tracked.model._base_manager.filter(pk=pk)
    if tracked.visibility == Visibility.ACCOUNT:
        lookup = f"{tracked.account_path}__in" if tracked.account_path else "pk__in"
        if not user.sees_whole_portfolio:
            records = records.filter(**{lookup: accounts_visible_to(user)})
    elif not _may_read(user, tracked.visibility):
        return False
    return records.exists()


def _may_read(user: User, visibility: Visibility) -> bool:
    if visibility == Visibility.MANAGERS:
        return user.manages_portfolio
    if visibility == Visibility.ADMINS:
        return user.is_administrator
    return True


def history_get(*, user: User, label: str, pk: int, page: Any = 1) -> HistoryPage:
    """One page of a record's history; 404 when the record is not there for `user`."""
    tracked = tracked_for(label)
    if tracked is None or not history_visible(user=user, tracked=tracked, pk=pk):
        raise Http404("No such record.")
    entries = (
        HistoryEntry.objects.filter(model_label=label, object_id=pk)
        .select_related("actor__person")
        .order_by("-at", "-id")
    )
    shown = Paginator(entries, PAGE_SIZE).get_page(page)
    return HistoryPage(
        tracked=tracked,
        object_id=pk,
        page=shown,
        rows=[entry_row(tracked, entry) for entry in shown.object_list],
    )


def actor_name(user: User | None) -> str:
    if user is None:
        return _("Hexad")
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()


def entry_row(tracked: Tracked, entry: HistoryEntry) -> EntryRow:
    return EntryRow(
        at=entry.at,
        actor=actor_name(entry.actor),
        source=entry.get_source_display(),
        action=entry.action,
        action_label=entry.get_action_display(),
        changes=tuple(change_line(tracked, change) for change in entry.changes),
    )


def change_line(tracked: Tracked, change: dict[str, Any]) -> ChangeLine:
    name = str(change.get("f", ""))
    if "what" in change:
        return ChangeLine(
            label="", note=_("A stakeholder was erased with all their personal data.")
        )
    field = _field(tracked.model, name)
    label = str(field.verbose_name) if field is not None else name
    label = label[:1].upper() + label[1:]
    if "add" in change or "rem" in change:
        return ChangeLine(
            label=label,
            added=tuple(str(v) for v in change.get("add", ())),
            removed=tuple(str(v) for v in change.get("rem", ())),
        )
    if "o" not in change and "n" not in change:
        return ChangeLine(label=label, note=_("personal data removed"))
    return ChangeLine(
        label=label, old=shown(field, change.get("o")), new=shown(field, change.get("n"))
    )


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except Exception:  # a field since removed from the model
        return None


def shown(field: Any, value: Any) -> str:
    """A stored value as the reader's language writes it: choice labels, local dates and
    numbers, yes/no, the related record as it read then."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return str(value.get("r") or f"#{value.get('id')}")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is None:
        return str(value)
    choices = getattr(field, "flatchoices", None)
    if choices:
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(str(value))
            if settings.USE_TZ and timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return formats.date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        if isinstance(field, models.DecimalField):
            return formats.number_format(
                decimal.Decimal(str(value)), decimal_pos=field.decimal_places, use_l10n=True
            )
    except (ValueError, decimal.InvalidOperation):
        return str(value)
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True)
    return str(value)
