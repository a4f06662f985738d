"""The portfolio list's rows, rendered in Python: the list draws a row per account with a
dot per role, and the template language's cost per cell was most of the page's server
time (QUALITY.md Q15 asks the list for 150 requests a second on two cores)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from hexad.core.forms import escape_text as escape
from hexad.roles.models import Role

register = template.Library()


def _id_path(name: str) -> str:
    """The path of a view taking one id, as a format string (one reverse() per page
    rather than one per row)."""
    marker = 987654321
    return escape(reverse(name, args=[marker])).replace(str(marker), "{}")


@register.simple_tag
def portfolio_rows(rows: Sequence[tuple[Any, Any]], roles: Sequence[Role]) -> SafeString:
    """`{% portfolio_rows rows roles %}`: one <tr> per (account, team summary): name,
    tier, industry, country, lead, team size, a dot per role (played or not, named for
    screen readers and on hover) and the tier's required roles not played."""
    played_text, missing_text = escape(gettext("played")), escape(gettext("not played"))
    none = f'<span class="muted">{escape(gettext("none"))}</span>'
    no_gap = f'<span class="badge ok">{escape(gettext("none"))}</span>'
    labels = [(role.pk, escape(role.name), escape(role.short)) for role in roles]
    names = dict((pk, name) for pk, name, _short in labels)
    account_path, person_path = _id_path("accounts:detail"), _id_path("people:detail")
    out = []
    for account, summary in rows:
        played = summary.roles_played
        count = len(played)
        dots_label = escape(
            ngettext("%(counter)s role played", "%(counter)s roles played", count)
            % {"counter": count}
        )
        dots = "".join(
            f'<li class="dot played" title="{name}: {played_text}">{short}'
            f'<span class="visually-hidden"> {name}: {played_text}</span></li>'
            if pk in played
            else f'<li class="dot missing" title="{name}: {missing_text}">{short}'
            f'<span class="visually-hidden"> {name}: {missing_text}</span></li>'
            for pk, name, short in labels
        )
        if account.lead_id is not None and account.lead is not None:
            href = person_path.format(account.lead_id)
            lead = f'<a href="{href}">{escape(account.lead.full_name)}</a>'
        else:
            lead = none
        missing = " ".join(
            f'<span class="badge warn">{names.get(role.pk) or escape(role.name)}</span>'
            for role in summary.required_missing
        )
        country = str(account.country.name) if account.country else ""
        out.append(
            "<tr>"
            f'<th scope="row"><a href="{account_path.format(account.pk)}">'
            f"{escape(account.name)}</a></th>"
            f"<td>{escape(account.tier.name)}</td>"
            f"<td>{escape(account.get_industry_display())}</td>"
            f"<td>{escape(country) if country else '—'}</td>"
            f"<td>{lead}</td>"
            f'<td class="num">{summary.team_size}</td>'
            f'<td><ul class="role-dots" aria-label="{dots_label}">{dots}</ul></td>'
            f"<td>{missing + ' ' if missing else no_gap}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped
