"""Team designer pages: choose a scope and run it, follow its progress, see the proposal
as a diff against today's teams, and apply all or some of it. Programme leaders and
administrators only (others get 403)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exceptions import StaleEdit
from hexad.core.http import AuthedRequest
from hexad.roles.models import Role
from hexad.staffing import selectors, services
from hexad.staffing.forms import DesignerForm
from hexad.staffing.models import ChangeKind, StaffingRun
from hexad.staffing.solver.model import Why

WHY_TEXT = {
    Why.NO_CANDIDATE: gettext_lazy("Nobody in the scope may play this role on this account."),
    Why.CAPACITY: gettext_lazy("Everyone who may play it is already at their limit of roles."),
    Why.ACCOUNT_LIMIT: gettext_lazy(
        "Those with room already hold the limit of roles on this account."
    ),
    Why.HOURS: gettext_lazy("Those with room in roles have no hours left for this one."),
}


def _designer_page(request: AuthedRequest, form: DesignerForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "runs": selectors.runs_recent(user=request.user)}
    return render(request, "staffing/designer.html", context, status=status)


@login_required
@require_GET
def designer(request: AuthedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    return _designer_page(request, DesignerForm())


@login_required
@require_POST
def run_create(request: AuthedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = DesignerForm(request.POST)
    if not form.is_valid():
        return _designer_page(request, form)
    run = services.run_create(user=request.user, options=form.options())
    messages.success(request, _("The team designer is working on a proposal."))
    return redirect("staffing:run-detail", pk=run.pk)


def _unfillable_rows(run: StaffingRun) -> list[dict[str, Any]]:
    rows = run.unfillable[:200]
    accounts = Account.objects.in_bulk({row["account"] for row in rows})
    roles = Role.objects.in_bulk({row["role"] for row in rows})
    return [
        {
            **row,
            "account_obj": accounts.get(row["account"]),
            "role_obj": roles.get(row["role"]),
            "text": WHY_TEXT.get(Why(row["why"]), ""),
        }
        for row in rows
    ]


@login_required
@require_GET
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    if request.htmx and request.htmx.target == "run-status":
        response = render(request, "staffing/run_detail.html#status", {"run": run})
        if run.is_finished:
            response["HX-Refresh"] = "true"
        return response
    kind = request.GET.get("kind", "")
    if kind not in ChangeKind.values:
        kind = ""
    context: dict[str, Any] = {"run": run, "kind": kind, "kinds": ChangeKind.choices}
    if run.is_finished:
        context.update(
            counts=selectors.run_counts(run=run),
            page=selectors.run_changes_page(
                run=run,
                kind=kind,
                page_number=request.GET.get("page"),
                per_page=settings.HEXAD_PAGE_SIZE,
            ),
            unfillable=_unfillable_rows(run) if run.unfillable else [],
            unfillable_more=max(0, len(run.unfillable) - 200),
            query_without_page=f"kind={kind}" if kind else "",
        )
    return render(request, "staffing/run_detail.html", context)


@login_required
@require_http_methods(["POST"])
def run_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    ids: list[int] | None = None
    if request.POST.get("all") != "1":
        ids = [int(value) for value in request.POST.getlist("changes") if value.isdigit()]
    try:
        applied = services.changes_apply(user=request.user, run=run, change_ids=ids)
    except StaleEdit as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext("%(count)d change applied.", "%(count)d changes applied.", len(applied))
            % {"count": len(applied)},
        )
    return redirect("staffing:run-detail", pk=run.pk)
