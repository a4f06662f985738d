"""Pieces of the plan page drawn in Python: they repeat for every action of a plan, and
writing them here rather than with template tags keeps the page within its time budget
(QUALITY.md Q15)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def options_for(current: Any, choices: Iterable[tuple[Any, Any]]) -> SafeString:
    """`{{ action.status|options_for:status_choices }}`: the <option>s of a small select
    with the current value selected."""
    chosen = str(current)
    html = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
        f"{escape(str(label))}</option>"
        for value, label in choices
    )
    return mark_safe(html)  # noqa: S308 - values and labels are escaped above
