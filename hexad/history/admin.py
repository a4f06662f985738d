"""History entries in the administration: read-only, for audits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hexad.history.models import HistoryEntry


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin[HistoryEntry]):
    list_display = ("at", "model_label", "object_id", "action", "actor", "source")
    list_filter = ("source", "action", "model_label")
    search_fields = ("model_label", "request_id")
    list_select_related = ("actor",)
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
