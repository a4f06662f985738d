"""An account's opportunities: the list with the pipeline by stage, the create and edit
forms (a create prefilled from a whitespace cell), and the CSV/XLSX exports."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from hexad.accounts.models import Account
from hexad.core import charts
from hexad.core.exports import csv_response, xlsx_response
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.growth import figures, selectors, services
from hexad.growth.forms import OpportunityFilterForm, OpportunityForm
from hexad.growth.models import (
    Opportunity,
    OpportunityStage,
    OpportunityType,
    WhitespaceCell,
    WhitespaceStatus,
)
from hexad.growth.views.common import can_edit, get_account, query_without
from hexad.growth.views.whitespace import cell_anchor

LIST = "growth/opportunities.html"
FORM = "growth/opportunity_form.html"
EXPORT_CHUNK = 2000


def _stage_chart(pipeline: selectors.Pipeline) -> charts.BarChart:
    """The open stages and won, value beside weighted value (lost is in the table only:
    it is no longer pipeline and would dwarf the rest)."""
    stages = [s for s in pipeline.stages if s.stage != OpportunityStage.LOST]
    return charts.bar_chart(
        [
            charts.Series(_("Value"), [float(s.value) for s in stages]),
            charts.Series(_("Weighted value"), [float(s.weighted) for s in stages]),
        ],
        [s.label for s in stages],
        height=260,
        legend_width=150,
        margin=(16, 16, 36, 92),
        y_format=lambda value: formats.number_format(value, decimal_pos=0, force_grouping=True),
    )


@login_required
@require_GET
def opportunities(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk)
    form = OpportunityFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.opportunities_of(account=account, filters=filters)
    page = Paginator(rows, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    pipeline = selectors.pipeline_of(account=account, year=timezone.localdate().year)
    context = {
        "account": account,
        "form": form,
        "filters": filters,
        "page": page,
        "rows": list(page.object_list),
        "pipeline": pipeline,
        "chart": _stage_chart(pipeline),
        "query_without_page": query_without(request, "page"),
        "query_without_sort": query_without(request, "sort", "page"),
        "export_query": query_without(request, "page", "sort"),
        "can_edit": can_edit(request),
        "tab": "opportunities",
    }
    template = LIST
    if request.htmx and request.htmx.target == "opportunity-results":
        template += "#results"
    return render(request, template, context)


def _prefill(account: Account, unit_pk: str, offering_pk: str) -> dict[str, Any]:
    """Initial values for an opportunity made from a whitespace cell: its unit and
    offering, the untapped value, the competitor, and a type that fits the cell."""
    if not (unit_pk.isdigit() and offering_pk.isdigit()):
        return {}
    unit, offering, cell = selectors.whitespace_cell_get(
        account=account, unit_pk=int(unit_pk), offering_pk=int(offering_pk)
    )
    ours = cell is not None and cell.status == WhitespaceStatus.OURS
    if ours:
        kind = OpportunityType.UPSELL
    elif WhitespaceCell.objects.filter(business_unit=unit, status=WhitespaceStatus.OURS).exists():
        kind = OpportunityType.CROSS_SELL
    else:
        kind = OpportunityType.NEW_UNIT
    value = max(Decimal(0), cell.potential - cell.revenue) if cell else Decimal(0)
    return {
        "name": _("%(offering)s for %(unit)s") % {"offering": offering.name, "unit": unit.name},
        "offering": offering.pk,
        "business_unit": unit.pk,
        "kind": kind,
        "value": value or None,
        "competitor": cell.competitor if cell else "",
        "from_cell": cell_anchor(unit.pk, offering.pk),
    }


def _form(request: AuthedRequest, account: Account, **kwargs: Any) -> OpportunityForm:
    also = kwargs.pop("owner_id", None)
    return OpportunityForm(
        request.POST or None,
        account=account,
        units=selectors.business_units_of(account=account),
        people=selectors.team_people(account=account, also=also),
        **kwargs,
    )


def _after_save(account: Account, from_cell: str) -> HttpResponse:
    if from_cell.startswith("cell-"):
        return redirect(reverse("growth:whitespace", args=[account.pk]) + f"#{from_cell}")
    return redirect("growth:opportunities", pk=account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    initial: dict[str, Any] = {}
    if request.method == "GET":
        initial = _prefill(
            account, request.GET.get("business_unit", ""), request.GET.get("offering", "")
        )
    from_cell = str(initial.pop("from_cell", "") or request.POST.get("from_cell", ""))
    form = _form(request, account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                account=account, currency=form.typed_currency(), **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Opportunity %(name)s created.") % {"name": opportunity.name}
            )
            return _after_save(account, from_cell)
    return render(
        request,
        FORM,
        {
            "account": account,
            "form": form,
            "opportunity": None,
            "from_cell": from_cell,
            "tab": "opportunities",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthedRequest, pk: int, opportunity_pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    opportunity = selectors.opportunity_get(account=account, pk=opportunity_pk)
    initial = {
        "name": opportunity.name,
        "offering": opportunity.offering_id,
        "business_unit": opportunity.business_unit_id,
        "kind": opportunity.kind,
        "value": opportunity.value,
        "stage": opportunity.stage,
        "probability": opportunity.probability,
        "expected_close": opportunity.expected_close,
        "competitor": opportunity.competitor,
        "owner": opportunity.owner_id,
        "notes": opportunity.notes,
    }
    form = _form(request, account, initial=initial, owner_id=opportunity.owner_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity, currency=form.typed_currency(), **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": opportunity.name})
            return redirect("growth:opportunities", pk=account.pk)
    return render(
        request,
        FORM,
        {
            "account": account,
            "form": form,
            "opportunity": opportunity,
            "from_cell": "",
            "tab": "opportunities",
        },
        status=400 if form.errors else 200,
    )


# --- exports ---------------------------------------------------------------------------


def _rows(
    account: Account, filters: selectors.OpportunityFilters, language: str
) -> Iterator[list[Any]]:
    """The header, then the account's opportunities in the list's filter and order."""
    with translation.override(language):
        yield [
            _("Account"),
            _("Currency"),
            pgettext("opportunity", "Name"),
            _("Offering"),
            _("Business unit"),
            _("Type"),
            _("Stage"),
            _("Value"),
            _("Probability (%)"),
            _("Weighted value"),
            _("Expected close date"),
            _("Competitor"),
            _("Owner"),
            _("Created on"),
            _("Closed on"),
            _("Notes"),
        ]
        stages = {value: str(label) for value, label in OpportunityStage.choices}
        kinds = {value: str(label) for value, label in OpportunityType.choices}
        rows = selectors.opportunities_of(account=account, filters=filters)
        for row in rows.iterator(chunk_size=EXPORT_CHUNK):
            yield _row(account, row, stages, kinds)


def _row(
    account: Account, row: Opportunity, stages: dict[str, str], kinds: dict[str, str]
) -> list[Any]:
    return [
        account.name,
        account.currency,
        row.name,
        row.offering.name if row.offering else "",
        row.business_unit.name if row.business_unit else "",
        kinds.get(row.kind, row.kind),
        stages.get(row.stage, row.stage),
        row.value,
        row.probability,
        figures.weighted(row.value, row.probability),
        row.expected_close,
        row.competitor,
        row.owner.full_name if row.owner else "",
        row.created_on,
        row.closed_on,
        row.notes,
    ]


def _export_name(account: Account, extension: str) -> str:
    return f"hexad-opportunities-{account.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def export_csv(request: AuthedRequest, pk: int) -> StreamingHttpResponse:
    account = get_account(request, pk)
    filters = OpportunityFilterForm(request.GET or None).filters()
    return csv_response(
        filename=_export_name(account, "csv"),
        rows=_rows(account, filters, translation.get_language()),
    )


@login_required
@require_GET
def export_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk)
    filters = OpportunityFilterForm(request.GET or None).filters()
    return xlsx_response(
        filename=_export_name(account, "xlsx"),
        sheet_title=_("Opportunities"),
        rows=_rows(account, filters, translation.get_language()),
    )
