"""The org chart and the two-sided view: pictures of the client against our team."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from hexad.core.http import AuthedRequest
from hexad.core.orgchart import OrgNode, org_chart, render_svg
from hexad.relationships import selectors
from hexad.relationships.metrics import StakeholderFacts
from hexad.relationships.models import (
    BUYING_ROLE_MARKS,
    Attitude,
    BuyingRole,
)
from hexad.relationships.views.common import can_edit, get_account
from hexad.roles.models import Role

DEFAULT_DEPTH = 3
WHOLE = "all"  # ?focus=all: every tree, those of people whose manager is unknown included
MAX_DEPTH = 8


def chart_labels() -> dict[str, str]:
    """The org chart's words in the active language (keys: hexad.core.orgchart)."""
    labels = {
        "attitude": _("Attitude"),
        "roles": _("Buying roles"),
        "lines": _("Lines"),
        "reports_to": _("Reports to"),
        "dotted_line": _("Dotted line"),
        "relationship": _("Our strongest relationship"),
        "more": _("+%(count)s more"),
        "show_team": _("Show the team under %(name)s"),
    }
    for attitude in Attitude:
        labels[f"attitude:{attitude.value}"] = str(attitude.label)
    for role in BuyingRole:
        labels[f"role:{role.value}"] = str(role.label)
        labels[f"role_short:{role.value}"] = str(BUYING_ROLE_MARKS[role.value])
    return labels


def _main_root(stakeholders: list[StakeholderFacts]) -> int | None:
    """The top of the biggest tree, when there are several (people whose manager is not
    known stand apart): the chart opens on it. None when there is one tree or none."""
    ids = {s.id for s in stakeholders}
    children: dict[int, list[int]] = defaultdict(list)
    roots = []
    for s in stakeholders:
        if s.reports_to_id in ids and s.reports_to_id != s.id:
            children[s.reports_to_id].append(s.id)
        else:
            roots.append(s.id)
    if len(roots) < 2:
        return None

    def size(root: int) -> int:
        seen, stack = {root}, [root]
        while stack:
            for child in children[stack.pop()]:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return len(seen)

    return max(roots, key=lambda root: (size(root), -root))


def _depth(value: str | None) -> int:
    try:
        return min(max(int(value or DEFAULT_DEPTH), 1), MAX_DEPTH)
    except ValueError:
        return DEFAULT_DEPTH


@login_required
@require_GET
def org_chart_page(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """The client's organisation as a tree: `?focus=<stakeholder>&depth=<levels>`."""
    account = get_account(request, account_pk)
    overview = selectors.relationship_overview(account=account, with_concerns=False)
    depth = _depth(request.GET.get("depth"))
    active = [s for s in overview.stakeholders if s.is_active]
    by_id = {s.id: s for s in active}
    top = _main_root(active)
    asked = request.GET.get("focus", "")
    whole = asked == WHOLE or top is None
    focus: int | None = None
    if asked.isdigit() and int(asked) in by_id:
        focus = int(asked)
    elif not whole:
        focus = top
    href = reverse("relationships:stakeholder", args=[account.pk, 0]).removesuffix("0/")
    nodes = []
    for s in active:
        strongest = overview.strongest.get(s.id)
        nodes.append(
            OrgNode(
                id=s.id,
                name=s.name,
                title=s.title,
                parent_id=s.reports_to_id,
                dotted_parent_id=s.dotted_manager_id,
                attitude=s.attitude,
                buying_roles=s.buying_roles,
                strength=(
                    pgettext("org chart strength", "%(person)s · %(level)s")
                    % {"level": strongest.current_label, "person": strongest.person_name}
                    if strongest
                    else ""
                ),
                strength_rank=strongest.current_level if strongest else 0,
                status=s.status,
                href=f"{href}{s.id}/",
            )
        )
    chart = org_chart(
        nodes,
        focus_id=focus,
        depth=depth,
        focus_url=lambda i: f"?focus={i}&depth={depth}",
    )
    focused = by_id.get(focus) if focus else None
    outside = (
        [s for s in active if s.reports_to_id not in by_id and s.id != (top or 0)]
        if top is not None
        else []
    )
    svg = render_svg(
        chart,
        labels=chart_labels(),
        title=_("Org chart of %(account)s") % {"account": account.name},
        description=_(
            "%(count)s stakeholders. Colour and symbol show their attitude to us, pills their "
            "buying roles, bars our strongest relationship; dashed lines are dotted-line "
            "managers. Each box links to the stakeholder's page."
        )
        % {"count": len(chart.nodes)},
    )
    left = sum(1 for s in overview.stakeholders if not s.is_active)
    return render(
        request,
        "relationships/org_chart.html",
        {
            "account": account,
            "svg": svg,
            "chart": chart,
            "focus": focused,
            "top": by_id.get(top or 0),
            "whole": focus is None,
            "outside": outside,
            "whole_value": WHOLE,
            "up": by_id.get(focused.reports_to_id or 0) if focused else None,
            "depth": depth,
            "depths": range(1, MAX_DEPTH + 1),
            "total": len(active),
            "left": left,
            "missing": overview.missing,
            "metrics": overview.metrics,
            "can_edit": can_edit(request, account),
        },
    )


@login_required
@require_GET
def two_sided_page(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """Our roles against their stakeholder types, with the gaps highlighted."""
    account = get_account(request, account_pk)
    pairings = selectors.two_sided_view(account=account)
    roles = Role.objects.in_bulk([p.role_key for p in pairings], field_name="key")
    return render(
        request,
        "relationships/two_sided.html",
        {
            "account": account,
            "pairings": [(roles.get(p.role_key), p) for p in pairings],
            "gaps": sum(p.gaps for p in pairings),
        },
    )
