"""Portfolio-wide growth pages: accounts by untapped potential, the offerings catalogue,
and the adoption of new offerings across the accounts the user sees."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hexad.accounts.selectors import account_leads
from hexad.core.exceptions import AccessDenied
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.growth import selectors, services
from hexad.growth.forms import GrowthFilterForm, OfferingForm
from hexad.growth.views.common import query_without


@login_required
@require_GET
def portfolio(request: AuthedRequest) -> HttpResponseBase:
    """Accounts with their growth figures, most untapped potential first; filters and
    paging as on the portfolio. Reads the stored per-account rows only."""
    if fmt := requested_format(request):
        return export_response(request, "growth", fmt)
    form = GrowthFilterForm(request.GET or None, leads=account_leads())
    filters = form.growth_filters()
    page = selectors.growth_portfolio_page(
        user=request.user,
        filters=filters,
        page_number=request.GET.get("page"),
        per_page=settings.HEXAD_PAGE_SIZE,
    )
    rows = list(page.object_list)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": rows,
        "currencies": sorted({account.currency for account in rows}),
        "query_without_page": query_without(request, "page"),
        "query_without_sort": query_without(request, "sort", "page"),
    }
    template = "growth/portfolio.html"
    if request.htmx and request.htmx.target == "growth-results":
        template += "#results"
    return render(request, template, context)


# --- the offerings catalogue --------------------------------------------------------------


@login_required
@require_GET
def offerings(request: AuthedRequest) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "offerings", fmt)
    rows = list(selectors.offerings_all())
    return render(
        request,
        "growth/offerings.html",
        {"rows": rows, "can_manage": request.user.is_administrator},
    )


def _require_admin(request: AuthedRequest) -> None:
    if not request.user.is_administrator:
        raise AccessDenied


@login_required
@require_http_methods(["GET", "POST"])
def offering_create(request: AuthedRequest) -> HttpResponse:
    _require_admin(request)
    form = OfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Offering %(name)s added.") % {"name": offering.name})
            return redirect("growth:offerings")
    return render(
        request,
        "growth/offering_form.html",
        {"form": form, "offering": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: AuthedRequest, offering_pk: int) -> HttpResponse:
    _require_admin(request)
    offering = selectors.offering_get(pk=offering_pk)
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        original = selectors.offering_get(pk=offering_pk)
        try:
            services.offering_update(offering=original, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("growth:offerings")
    return render(
        request,
        "growth/offering_form.html",
        {"form": form, "offering": offering},
        status=400 if form.errors else 200,
    )


# --- adoption of new offerings ------------------------------------------------------------


@login_required
@require_GET
def adoption(request: AuthedRequest) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "adoption", fmt)
    return render(
        request,
        "growth/adoption.html",
        {"overview": selectors.adoption_overview(user=request.user)},
    )


@login_required
@require_GET
def adoption_offering(request: AuthedRequest, offering_pk: int) -> HttpResponse:
    """The accounts a new offering has not been put to yet (or those that adopted it, or
    that were offered it), a page at a time."""
    offering = selectors.offering_get(pk=offering_pk)
    show = request.GET.get("show", "not_offered")
    if show not in selectors.ADOPTION_VIEWS:
        show = "not_offered"
    accounts = selectors.adoption_accounts(user=request.user, offering=offering, show=show)
    page = Paginator(accounts, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "growth/adoption_offering.html",
        {
            "offering": offering,
            "show": show,
            "page": page,
            "rows": list(page.object_list),
            "query_without_page": query_without(request, "page"),
        },
    )
