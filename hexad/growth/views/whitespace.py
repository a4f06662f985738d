"""The whitespace matrix of an account: offerings × business units, cells edited in place,
totals, the market inside the account, and its CSV/XLSX exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from hexad.accounts.models import Account
from hexad.core.exports import csv_response, xlsx_response
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.growth import selectors, services
from hexad.growth.forms import CellForm, focus_first_error
from hexad.growth.models import WhitespaceStatus
from hexad.growth.views.common import can_edit, get_account

PAGE = "growth/whitespace.html"
CELL_PAGE = "growth/cell_form.html"


def cell_anchor(unit_pk: int, offering_pk: int) -> str:
    return f"cell-{unit_pk}-{offering_pk}"


def _context(request: AuthedRequest, account: Account, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "account": account,
        "matrix": selectors.whitespace_matrix(account=account),
        "pipeline": selectors.pipeline_of(account=account, year=today.year),
        "can_edit": can_edit(request),
        "statuses": WhitespaceStatus.choices,
        "tab": "whitespace",
        "focus": request.GET.get("focus", ""),
        "cell_base": reverse("growth:whitespace", args=[account.pk]),
        **extra,
    }


@login_required
@require_GET
def whitespace(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk)
    template = f"{PAGE}#matrix" if request.htmx else PAGE
    return render(request, template, _context(request, account))


def _cell_initial(cell: Any) -> dict[str, Any]:
    if cell is None:
        return {"status": WhitespaceStatus.UNKNOWN}
    return {
        "status": cell.status,
        "competitor": cell.competitor,
        "revenue": cell.revenue,
        "potential": cell.potential,
        "renewal_date": cell.renewal_date,
    }


@login_required
@require_http_methods(["GET", "POST"])
def cell_edit(request: AuthedRequest, pk: int, unit_pk: int, offering_pk: int) -> HttpResponse:
    """GET: the cell's small form (a popover in the matrix with HTMX, a page without).
    POST: saves the cell; with HTMX the matrix comes back with its totals, focus on it."""
    account = get_account(request, pk, for_edit=True)
    unit, offering, cell = selectors.whitespace_cell_get(
        account=account, unit_pk=unit_pk, offering_pk=offering_pk
    )
    form = CellForm(request.POST or None, account=account, initial=_cell_initial(cell))
    anchor = cell_anchor(unit.pk, offering.pk)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cell_save(
                    account=account,
                    business_unit=unit,
                    offering=offering,
                    currency=form.typed_currency(),
                    **form.values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(offering)s at %(unit)s saved.") % {"offering": offering, "unit": unit},
                )
                if request.htmx:
                    return render(
                        request, f"{PAGE}#matrix", _context(request, account, focus=anchor)
                    )
                return redirect(reverse("growth:whitespace", args=[account.pk]) + f"#{anchor}")
        focus_first_error(form)
    else:
        form.fields["status"].widget.attrs["autofocus"] = True
    context = {
        "account": account,
        "unit": unit,
        "offering": offering,
        "cell": cell,
        "current": selectors.MatrixCell.of(unit, offering, cell),
        "form": form,
        "anchor": anchor,
        "tab": "whitespace",
    }
    if request.htmx:
        response = render(request, f"{PAGE}#cell_form", context)
        if request.method == "POST":  # errors: the form stays open in its cell
            response = reswap(retarget(response, f"#{anchor}"), "innerHTML")
        return response
    return render(request, CELL_PAGE, context, status=400 if form.errors else 200)


# --- exports ---------------------------------------------------------------------------


def _rows(account: Account, language: str) -> Iterator[list[Any]]:
    """One row per business unit × offering (cells never stored read "unknown")."""
    with translation.override(language):
        matrix = selectors.whitespace_matrix(account=account)
        yield [
            _("Account"),
            _("Currency"),
            _("Offering"),
            _("Family"),
            _("Business unit"),
            _("Status"),
            _("Competitor"),
            _("Our revenue a year"),
            _("Potential a year"),
            _("Renewal date"),
        ]
        labels = {value: str(label) for value, label in WhitespaceStatus.choices}
        for row in matrix.rows:
            for cell in row.cells:
                stored = cell.stored
                yield [
                    account.name,
                    account.currency,
                    cell.offering.name,
                    cell.offering.family,
                    cell.business_unit.name,
                    labels[cell.status],
                    stored.competitor if stored else "",
                    stored.revenue if stored else 0,
                    stored.potential if stored else 0,
                    stored.renewal_date if stored else None,
                ]


def _name(account: Account, extension: str) -> str:
    return f"hexad-whitespace-{account.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def export_csv(request: AuthedRequest, pk: int) -> StreamingHttpResponse:
    account = get_account(request, pk)
    return csv_response(
        filename=_name(account, "csv"), rows=_rows(account, translation.get_language())
    )


@login_required
@require_GET
def export_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account(request, pk)
    return xlsx_response(
        filename=_name(account, "xlsx"),
        sheet_title=_("Whitespace"),
        rows=_rows(account, translation.get_language()),
    )
