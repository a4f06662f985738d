"""Amounts and ratios in the reader's own number format.

`{{ value|money:account.currency }}` gives "1 234 567,00 PLN" in Polish and
"1,234,567.00 PLN" in English; `{{ value|amount }}` the same in whole units without the
currency (for tight tables whose heading names it); `{{ ratio|percent }}` "45,2%";
`{{ ratio|change }}` a signed change, "+12,5%"; `{{ count|grouped }}` a whole number
grouped ("5 000" in Polish, "5,000" in English). Numbers are not grouped by default
(settings.USE_THOUSAND_SEPARATOR is off so that ids in attributes and URLs stay intact):
figures shown to people go through these filters.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape as html_escape
from typing import Any

from django import template
from django.template import Context
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from hexad.growth.selectors import MatrixCell

register = template.Library()

NBSP = "\xa0"
DASH = "—"


def _number(value: Any, decimals: int) -> str:
    return formats.number_format(
        Decimal(value), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


@register.filter
def money(value: Any, currency: str = "") -> str:
    """An amount to the cent with the currency code, or a dash when unknown."""
    if value is None or value == "":
        return DASH
    text = _number(value, 2)
    return f"{text}{NBSP}{currency}" if currency else text


@register.filter
def amount(value: Any) -> str:
    """An amount in whole units (rounded), grouped; a dash when unknown."""
    if value is None or value == "":
        return DASH
    return _number(Decimal(value).quantize(Decimal(1)), 0)


@register.filter
def grouped(value: Any) -> str:
    """A whole number (a count) with the reader's grouping; a dash when unknown."""
    if value is None or value == "":
        return DASH
    return _number(value, 0)


@register.filter
def percent(value: Any, decimals: int = 1) -> str:
    """A ratio (0.452) as a percentage ("45.2%"); a dash when unknown."""
    if value is None or value == "":
        return DASH
    return f"{_number(Decimal(value) * 100, int(decimals))}%"


@register.filter
def change(value: Any) -> str:
    """A ratio as a signed change ("+12.5%", "−3.0%"); a dash when unknown."""
    if value is None or value == "":
        return DASH
    number = Decimal(value) * 100
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{_number(abs(number), 1)}%"


@register.filter
def multiple(value: Any) -> str:
    """An ambition multiple: "×2", "×2.5" ("×2,5" in Polish)."""
    if value is None or value == "":
        return DASH
    number = Decimal(value)
    decimals = 0 if number == number.to_integral_value() else 1
    return f"×{_number(number, decimals)}"


@register.simple_tag(takes_context=True)
def whitespace_cell(context: Context, cell: MatrixCell, *, bare: bool = False) -> SafeString:
    """One cell of the whitespace matrix as a `<td>`: its status in words, our revenue and
    the potential (whole units), the competitor and the renewal date, as a link to its form
    when the reader may edit. `bare` gives the content alone (the open form shows it).

    Drawn in Python with the standard library's escaping rather than with template tags:
    a matrix has hundreds of cells, and this keeps the page within its time budget
    (QUALITY.md Q15). Every text that comes from data goes through `esc`."""
    stored = cell.stored
    html = (
        f'<span class="visually-hidden">{esc(cell.offering.name)}, '
        f"{esc(cell.business_unit.name)}: </span>"
        f'<span class="ws-status">{esc(cell.status_label)}</span>'
    )
    if stored is not None:
        if stored.revenue or stored.potential:
            html += '<span class="ws-amounts">'
            if stored.revenue:
                said = esc(gettext("Our revenue a year"))
                html += (
                    f'<span class="ws-rev" title="{said}"><span class="visually-hidden">{said} '
                    f"</span>{esc(amount(stored.revenue))}</span>"
                )
            if stored.potential:
                said = esc(gettext("Potential a year"))
                html += (
                    f'<span class="ws-pot" title="{said}"><span class="visually-hidden">{said} '
                    f"</span>{esc(amount(stored.potential))}</span>"
                )
            html += "</span>"
        if stored.competitor:
            html += f'<span class="ws-rival">{esc(stored.competitor)}</span>'
        if stored.renewal_date:
            day = formats.date_format(stored.renewal_date, "SHORT_DATE_FORMAT")
            renews = pgettext("whitespace cell", "renews")  # not inside the f-string: xgettext
            html += f'<span class="ws-renews">{esc(renews)} {esc(day)}</span>'
    if bare:
        return mark_safe(html)  # noqa: S308 - every piece of data above is escaped
    if context.get("can_edit"):
        url = esc(f"{context['cell_base']}{cell.path}")
        focus = " autofocus" if context.get("focus") == cell.anchor else ""
        html = (
            f'<a class="ws-link" href="{url}" hx-get="{url}" hx-target="closest td" '
            f'hx-swap="innerHTML"{focus}>{html}</a>'
        )
    else:
        html = f'<span class="ws-link">{html}</span>'
    return mark_safe(  # noqa: S308 - every piece of data above is escaped
        f'<td class="ws-cell ws-{esc(cell.status)}" id="{esc(cell.anchor)}">{html}</td>'
    )


def esc(text: object) -> str:
    """HTML-escaped text, quotes included (the standard library's, without Django's lazy
    wrapper: this runs for every cell)."""
    return html_escape(str(text), quote=True)
