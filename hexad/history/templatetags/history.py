"""`{% history_url record as url %}`: where the History panel of a record loads from."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(record: Any) -> str:
    return reverse("history:panel", args=[record._meta.label_lower, record.pk])
