"""One history entry per change of a domain record: actor, time, source, old → new."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.history import context


class Source(models.TextChoices):
    PAGE = context.PAGE, _("page")
    API = context.API, _("API")
    IMPORT = context.IMPORT, _("import")
    ADMIN = context.ADMIN, _("administration")
    COMMAND = context.COMMAND, _("command")
    SYSTEM = context.SYSTEM, _("system")


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    ERASE = "erase", _("personal data erased")


class HistoryEntry(models.Model):
    """What one save (or delete) did to one record.

    `changes` is a JSON list, one item per field: `{"f": name, "o": old, "n": new}`, where
    a value is a plain JSON value (dates and decimals as text) or, for a foreign key,
    `{"id": pk, "r": "how it read then"}`; links added to or removed from a many-to-many
    field are `{"f": name, "add": [...], "rem": [...]}`. It is stored as text written
    without ASCII escapes, so a search of the table finds every name it holds.
    """

    model_label = models.CharField(_("record type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes_text = models.TextField(_("changes"), default="[]")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [
            models.Index(fields=["model_label", "object_id", "-at"], name="history_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def changes(self) -> list[dict[str, Any]]:
        value = json.loads(self.changes_text or "[]")
        return value if isinstance(value, list) else []

    @changes.setter
    def changes(self, value: list[dict[str, Any]]) -> None:
        self.changes_text = dump_changes(value)


def dump_changes(value: list[dict[str, Any]]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
