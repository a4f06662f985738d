"""`{% export_href "csv" %}`: the link to the current list page's filtered list as a file."""

from __future__ import annotations

from typing import Any

from django import template

from hexad.core.exports import export_query_string

register = template.Library()


@register.simple_tag(takes_context=True)
def export_href(context: dict[str, Any], fmt: str, path: str = "") -> str:
    """`path` is the list page's address, for a list a partial redraws after a form posts
    elsewhere (default: the address of this request)."""
    request = context["request"]
    return f"{path or request.path}?{export_query_string(request.GET, fmt)}"
