"""An account's value initiatives: the list by status, the create and edit forms."""

from __future__ import annotations

from typing import Any

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

from hexad.accounts.models import Account
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.growth import selectors, services
from hexad.growth.forms import InitiativeForm
from hexad.growth.models import InitiativeStatus
from hexad.growth.views.common import can_edit, get_account

LIST = "growth/initiatives.html"
FORM = "growth/initiative_form.html"


@login_required
@require_GET
def initiatives(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The account's initiatives, newest first, a page at a time, with counts by status."""
    if fmt := requested_format(request):
        return export_response(request, "initiatives", fmt, account_pk=pk)
    account = get_account(request, pk)
    page = Paginator(selectors.initiatives_of(account=account), settings.HEXAD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.initiative_counts(account=account)
    context = {
        "account": account,
        "page": page,
        "rows": list(page.object_list),
        "counts": [
            (value, label, counts.get(value, 0)) for value, label in InitiativeStatus.choices
        ],
        "can_edit": can_edit(request),
        "tab": "initiatives",
    }
    return render(request, LIST, context)


def _form(request: AuthedRequest, account: Account, **kwargs: Any) -> InitiativeForm:
    also = kwargs.pop("sponsor_id", None)
    return InitiativeForm(
        request.POST or None,
        account=account,
        sponsors=selectors.sponsors_for(account=account, also=also),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    form = _form(request, account)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                account=account, currency=form.typed_currency(), **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Value initiative %(title)s created.") % {"title": initiative.title}
            )
            return redirect("growth:initiatives", pk=account.pk)
    return render(
        request,
        FORM,
        {"account": account, "form": form, "initiative": None, "tab": "initiatives"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthedRequest, pk: int, initiative_pk: int) -> HttpResponse:
    account = get_account(request, pk, for_edit=True)
    initiative = selectors.initiative_get(account=account, pk=initiative_pk)
    initial = {
        "title": initiative.title,
        "hypothesis": initiative.hypothesis,
        "sponsor": initiative.sponsor_id,
        "status": initiative.status,
        "expected_value": initiative.expected_value,
        "offering": initiative.offering_id,
        "shared_on": initiative.shared_on,
        "adopted_on": initiative.adopted_on,
    }
    form = _form(request, account, initial=initial, sponsor_id=initiative.sponsor_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, currency=form.typed_currency(), **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Changes to %(title)s saved.") % {"title": initiative.title}
            )
            return redirect("growth:initiatives", pk=account.pk)
    return render(
        request,
        FORM,
        {"account": account, "form": form, "initiative": initiative, "tab": "initiatives"},
        status=400 if form.errors else 200,
    )
