"""Coverage pages: the portfolio heatmap, its CSV/XLSX exports and coverage over time.

The pages only read stored coverage (`AccountCoverage`, `RoleCoverageCell`, snapshots);
the engine runs when a leader asks for a recompute or a snapshot, never on a page view.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from hexad.accounts.models import Industry
from hexad.accounts.selectors import PortfolioFilters, account_leads
from hexad.core import charts
from hexad.core.exceptions import AccessDenied
from hexad.core.exports import csv_response, xlsx_response
from hexad.core.http import AuthedRequest
from hexad.coverage import engine, selectors, services
from hexad.coverage.forms import HeatmapFilterForm
from hexad.coverage.models import CoverageStatus, SnapshotKind
from hexad.people.models import User
from hexad.roles.models import Role


def _query_without(request: AuthedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _heatmap_form(request: AuthedRequest) -> HeatmapFilterForm:
    return HeatmapFilterForm(request.GET or None, leads=account_leads())


# --- the heatmap ------------------------------------------------------------------------------


@login_required
@require_GET
def heatmap(request: AuthedRequest) -> HttpResponse:
    form = _heatmap_form(request)
    filters = form.filters()
    heatmap = selectors.heatmap_page(
        user=request.user,
        filters=filters,
        page_number=request.GET.get("page"),
        per_page=settings.HEXAD_PAGE_SIZE,
    )
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters.query or filters.tier or filters.lead or filters.industry),
        "heatmap": heatmap,
        "page": heatmap.page,
        "formula_version": engine.FORMULA_VERSION,
        "query_without_page": _query_without(request, "page"),
        "query_without_sort": _query_without(request, "sort", "page"),
        "export_query": _query_without(request, "page"),
        "can_recompute": request.user.manages_portfolio,
        "can_create": request.user.manages_portfolio,
    }
    template = "coverage/heatmap.html"
    if request.htmx and request.htmx.target == "heatmap-results":
        template += "#results"
    return render(request, template, context)


@login_required
@require_POST
def recompute(request: AuthedRequest) -> HttpResponse:
    """Recomputes and stores coverage for every account (programme leaders and admins)."""
    if not request.user.manages_portfolio:
        raise AccessDenied
    count = services.coverage_refresh()
    messages.success(
        request,
        ngettext(
            "Coverage recomputed for %(count)d account.",
            "Coverage recomputed for %(count)d accounts.",
            count,
        )
        % {"count": count},
    )
    # Back to the heatmap as it was filtered; re-encoded, so only a query string survives.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("coverage:heatmap") + (f"?{query}" if query else ""))


# --- exports ----------------------------------------------------------------------------------


def _export_rows(request: AuthedRequest) -> Iterator[list[Any]]:
    """The header, then one row per filtered account, in the heatmap's order and scope."""
    # Read now: the rows themselves are produced later, while the response streams.
    return _rows(
        user=request.user,
        filters=_heatmap_form(request).filters(),
        language=translation.get_language(),
    )


def _rows(*, user: User, filters: PortfolioFilters, language: str) -> Iterator[list[Any]]:
    with translation.override(language):
        roles = list(Role.objects.all())
        header: list[Any] = [
            _("Account"),
            _("External id"),
            _("Tier"),
            _("Industry"),
            _("Country"),
            _("Account lead"),
            _("Gaps"),
        ]
        for role in roles:
            header += [
                _("%(role)s: status") % {"role": role.name},
                _("%(role)s: score") % {"role": role.name},
            ]
        yield header
        # Labels looked up once: get_FOO_display() rebuilds the choices on every call.
        statuses = {value: str(label) for value, label in CoverageStatus.choices}
        industries = {value: str(label) for value, label in Industry.choices}
        country_names = {code: str(name) for code, name in countries}
        for row in selectors.heatmap_rows_all(user=user, filters=filters, roles=roles):
            account = row.account
            values: list[Any] = [
                account.name,
                account.external_id,
                account.tier.name,
                industries.get(account.industry, account.industry),
                country_names.get(str(account.country), ""),
                account.lead.full_name if account.lead else "",
                row.gaps,
            ]
            for cell in row.cells:
                stored = cell.stored
                values += [statuses[stored.status], stored.score] if stored else ["", None]
            yield values


def _export_name(extension: str) -> str:
    return f"hexad-coverage-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def export_csv(request: AuthedRequest) -> StreamingHttpResponse:
    return csv_response(filename=_export_name("csv"), rows=_export_rows(request))


@login_required
@require_GET
def export_xlsx(request: AuthedRequest) -> HttpResponse:
    return xlsx_response(
        filename=_export_name("xlsx"), sheet_title=_("Coverage"), rows=_export_rows(request)
    )


# --- coverage over time ----------------------------------------------------------------------


def _trend_chart(trend: selectors.CoverageTrend) -> charts.LineChart:
    taken = [timezone.localtime(row.snapshot.taken_at) for row in trend.rows]
    return charts.line_chart(
        [
            charts.Series(label=role.name, values=[row.required_gaps[i] for row in trend.rows])
            for i, role in enumerate(trend.roles)
        ],
        [formats.date_format(moment, "SHORT_DATE_FORMAT") for moment in taken],
        x_values=[moment.timestamp() for moment in taken],
        y_format=lambda value: formats.number_format(value, decimal_pos=0, force_grouping=True),
    )


def _trend_description(trend: selectors.CoverageTrend) -> str:
    first, last = trend.rows[0].snapshot, trend.rows[-1].snapshot
    latest = ", ".join(
        f"{role.name} {gaps}"
        for role, gaps in zip(trend.roles, trend.rows[-1].required_gaps, strict=True)
        if gaps is not None
    )
    return _(
        "One line per role, from %(first)s to %(last)s. "
        "In the latest snapshot: %(latest)s. The table below gives every figure."
    ) % {
        "first": formats.date_format(timezone.localtime(first.taken_at), "SHORT_DATE_FORMAT"),
        "last": formats.date_format(timezone.localtime(last.taken_at), "SHORT_DATE_FORMAT"),
        "latest": latest or "—",
    }


@login_required
@require_GET
def trend(request: AuthedRequest) -> HttpResponse:
    # Snapshots count the whole portfolio, so only those who see every account see them.
    sees_all = request.user.sees_whole_portfolio
    data = selectors.coverage_trend() if sees_all else None
    has_chart = data is not None and len(data.rows) >= 2
    context = {
        "sees_all": sees_all,
        "trend": data,
        "chart": _trend_chart(data) if data is not None and has_chart else None,
        "description": _trend_description(data) if data is not None and has_chart else "",
        "rows_newest_first": list(reversed(data.rows)) if data is not None else [],
        "formula_version": engine.FORMULA_VERSION,
        "can_snapshot": request.user.manages_portfolio,
        "scheduled_kind": SnapshotKind.SCHEDULED,
    }
    return render(request, "coverage/trend.html", context)


@login_required
@require_POST
def snapshot_take(request: AuthedRequest) -> HttpResponse:
    """Takes an on-demand snapshot of the portfolio (programme leaders and admins)."""
    if not request.user.manages_portfolio:
        raise AccessDenied
    snapshot = services.snapshot_take(kind=SnapshotKind.ON_DEMAND, user=request.user)
    messages.success(
        request,
        ngettext(
            "Snapshot taken: %(count)d account counted.",
            "Snapshot taken: %(count)d accounts counted.",
            snapshot.accounts,
        )
        % {"count": snapshot.accounts},
    )
    return redirect("coverage:trend")
