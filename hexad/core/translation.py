"""Bilingual content stored in the database (role texts and the like).

Such models keep one column per language (`name_en`, `name_pl`); `localized` picks the
column of the active language and falls back to English when it is empty.
"""

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str) -> str:
    language = (get_language() or "en").split("-")[0]
    value = getattr(obj, f"{field}_{language}", "") or ""
    return value or getattr(obj, f"{field}_en", "") or ""
