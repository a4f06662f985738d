"""Turning the text of a cell into a value, as people write it in Polish and English
files: dates as 31.12.2024, 2024-12-31 or 31/12/2024; amounts as 1 234,50 or 1,234.50.

Each parser returns the value or raises `CellError` with a message for the person who
wrote the file; the engine adds the row and the column.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class CellError(ValueError):
    pass


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d", "%Y/%m/%d", "%d.%m.%y")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_date(text: str) -> datetime.date | None:
    value = text.strip()
    if not value:
        return None
    # Salesforce writes times with dates (2024-03-01T09:30:00.000Z); the day is what counts.
    if len(value) > 10 and value[4] == "-" and value[10] in "T ":
        value = value[:10]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date; write it as 31.12.2024 or 2024-12-31.") % {"value": text[:40]}
    )


def parse_decimal(text: str) -> Decimal | None:
    """1 234,50 · 1.234,50 · 1,234.50 · 1234.5 · 12 500 zł: the last separator followed by
    one or two digits is the decimal one, any other is grouping."""
    value = _SPACES.sub("", text.strip())
    for suffix in ("zł", "PLN", "EUR", "USD", "€", "$", "%"):
        if value.upper().endswith(suffix.upper()):
            value = value[: -len(suffix)]
    if not value:
        return None
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        value = value.replace(grouping, "").replace(decimal_mark, ".")
    elif "," in value:
        head, _sep, tail = value.rpartition(",")
        if value.count(",") == 1 and len(tail) != 3:
            value = f"{head}.{tail}"
        else:
            value = value.replace(",", "")
    elif value.count(".") > 1:
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(
            _("“%(value)s” is not a number; write it as 1234,50 or 1 234,50.")
            % {"value": text[:40]}
        ) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text[:40]})
    return number


def parse_int(text: str) -> int | None:
    number = parse_decimal(text)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text[:40]})
    return int(number)


_TRUE = {"1", "true", "yes", "y", "tak", "t", "x", "prawda", "active", "aktywny"}
_FALSE = {"0", "false", "no", "n", "nie", "fałsz", "falsz", "inactive", "nieaktywny"}


def parse_bool(text: str) -> bool | None:
    value = text.strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": text[:40]})


def normalise(text: str) -> str:
    """A key to compare names by: lower case, single spaces, no punctuation at the ends."""
    return " ".join(text.replace("_", " ").split()).strip(" .:").lower()
