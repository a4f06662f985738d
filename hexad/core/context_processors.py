"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    items = [
        ("accounts", _("Portfolio"), reverse("accounts:portfolio")),
        ("coverage", _("Coverage"), reverse("coverage:heatmap")),
        ("growth", _("Growth"), reverse("growth:portfolio")),
        ("people", _("People"), reverse("people:list")),
        ("roles", _("The six roles"), reverse("roles:guide")),
        ("my-work", _("My work"), reverse("planning:my-work")),
    ]
    if getattr(request.user, "manages_portfolio", False):
        items.insert(2, ("staffing", _("Team designer"), reverse("staffing:designer")))
    path = request.path
    current = next((key for key, _label, url in items if path.startswith(url)), "")
    return {"nav_items": items, "nav_current": current}
