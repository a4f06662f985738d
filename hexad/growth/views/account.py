"""An account's growth page: its figures, financials with the chart, the ambition and the
new offerings; the summary loaded into the account page; the financial and ambition edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core import charts
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.growth import selectors, services
from hexad.growth.forms import (
    FinancialAddForm,
    FinancialAmountsForm,
    GrowthPlanForm,
    focus_first_error,
)
from hexad.growth.views.common import can_edit, get_account

PAGE = "growth/account_growth.html"


def _chart(summary: selectors.GrowthSummary) -> charts.LineChart | None:
    """Revenue, target and potential over the periods (two periods at least)."""
    rows = summary.rows
    if len(rows) < 2:
        return None

    def series(name: str) -> list[float | None]:
        values = [getattr(row.period, name) for row in rows]
        return [None if v is None else float(v) for v in values]

    return charts.line_chart(
        [
            charts.Series(label=_("Revenue"), values=series("revenue")),
            charts.Series(label=_("Target"), values=series("target")),
            charts.Series(label=_("Potential"), values=series("potential")),
        ],
        [row.period.label for row in rows],
        margin=(16, 16, 36, 92),
        legend_width=150,
        min_tick_gap=58,
        y_format=lambda value: formats.number_format(value, decimal_pos=0, force_grouping=True),
    )


def _chart_description(summary: selectors.GrowthSummary) -> str:
    first, last = summary.rows[0].period, summary.rows[-1].period
    return _(
        "Revenue, target and potential of each period from %(first)s to %(last)s, in "
        "%(currency)s. The table below gives every figure."
    ) % {"first": first.label, "last": last.label, "currency": summary.account.currency}


def _context(
    request: AuthedRequest,
    account: Account,
    *,
    add_form: FinancialAddForm | None = None,
    full: bool = True,
) -> dict[str, Any]:
    today = timezone.localdate()
    summary = selectors.growth_summary(account=account, on=today)
    editable = can_edit(request)
    if add_form is None and editable:
        add_form = FinancialAddForm(account=account)
    chart = _chart(summary)
    return {
        "account": account,
        "summary": summary,
        "rows_newest_first": list(reversed(summary.rows)),
        "chart": chart,
        "chart_description": _chart_description(summary) if chart else "",
        "add_form": add_form,
        "can_edit": editable,
        "adoptions": selectors.account_adoptions(account=account) if full else [],
        "today": today,
        "tab": "overview",
    }


@login_required
@require_GET
def account_growth(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk)
    return render(request, PAGE, _context(request, account))


@login_required
@require_GET
def account_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    """The growth summary the account page loads into itself (HTMX, hx-trigger=load)."""
    account = get_account(request, pk)
    today = timezone.localdate()
    context = {
        "account": account,
        "summary": selectors.growth_summary(account=account, on=today),
        "today": today,
    }
    return render(request, f"{PAGE}#summary", context)


@login_required
@require_POST
def financial_add(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    form = FinancialAddForm(request.POST, account=account)
    if form.is_valid():
        try:
            period = services.financial_add(
                account=account,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                currency=form.typed_currency(),
                **form.amounts(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Figures of %(period)s saved.") % {"period": period.label})
            if request.htmx:
                return render(request, f"{PAGE}#overview", _context(request, account, full=False))
            return redirect(reverse("growth:account", args=[account.pk]) + "#financials")
    focus_first_error(form)
    context = _context(request, account, add_form=form, full=not request.htmx)
    if request.htmx:
        return render(request, f"{PAGE}#overview", context)
    return render(request, PAGE, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def financial_edit(request: AuthedRequest, pk: int, period_pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    financial = selectors.financial_get(account=account, pk=period_pk)
    initial = {
        "revenue": financial.revenue,
        "target": financial.target,
        "potential": financial.potential,
    }
    form = FinancialAmountsForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.financial_update(
                financial=financial, currency=form.typed_currency(), **form.amounts()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Figures of %(period)s saved.") % {"period": financial.label}
            )
            return redirect(reverse("growth:account", args=[account.pk]) + "#financials")
    return render(
        request,
        "growth/financial_form.html",
        {"account": account, "financial": financial, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def financial_delete(request: AuthedRequest, pk: int, period_pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    financial = selectors.financial_get(account=account, pk=period_pk)
    services.financial_delete(financial=financial)
    messages.success(request, _("Figures of %(period)s removed.") % {"period": financial.label})
    if request.htmx:
        return render(request, f"{PAGE}#overview", _context(request, account, full=False))
    return redirect(reverse("growth:account", args=[account.pk]) + "#financials")


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The account's ambition: a multiple of a baseline year's revenue."""
    account = get_account(request, pk, for_edit=True)
    plan = selectors.growth_plan_of(account=account)
    initial = (
        {
            "ambition_multiple": plan.ambition_multiple,
            "baseline_year": plan.baseline_year,
            "ambition_year": plan.ambition_year,
        }
        if plan
        else {"baseline_year": timezone.localdate().year - 1}
    )
    form = GrowthPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.growth_plan_set(account=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ambition saved."))
            return redirect(reverse("growth:account", args=[account.pk]) + "#ambition")
    return render(
        request,
        "growth/plan_form.html",
        {"account": account, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )
