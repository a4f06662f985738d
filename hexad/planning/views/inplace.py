"""Objectives, actions and risks edited in place on the plan page, through one helper.

With HTMX, "Edit" turns the row into its form (focus on the first field), saving swaps the
row back (focus on its "Edit" link, "Changes saved." announced, the completeness score
refreshed beside it), a refused save keeps the form in the row with the typed values and
the errors, and Cancel or Escape restores the row. Without JavaScript the same URL is a
page with the form, and saving goes back to the plan at the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from hexad.accounts.models import Account
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.planning import selectors, services
from hexad.planning.forms import ActionForm, ObjectiveForm, RiskForm, focus_first_error
from hexad.planning.models import Action
from hexad.planning.views.common import get_account
from hexad.planning.views.plans import PLAN, plan_context, plan_url


@dataclass(frozen=True)
class Notice:
    """A message for the page's status region that is not kept in the session."""

    text: str
    tags: str = "info"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class RowKind:
    """One kind of plan row that is edited in place."""

    name: str  # "objective", "action", "risk": the URL name's and the row id's prefix
    heading: Promise  # the form's name ("Edit action")
    get: Callable[..., Any]  # the selector that finds it within the account (404 otherwise)
    update: Callable[..., Any]  # the service that saves it
    initial: Callable[[Any], dict[str, Any]]
    form: Callable[..., forms.Form]  # (account, item, data=…, initial=…, auto_id=…)
    label: Callable[[Any], str]  # how the item is named to people
    row: str  # the row's partial, as the plan page draws it
    colspan: int = 0  # a table row's width; 0 for a block (an objective's head)

    def target(self, pk: int) -> str:
        """The id of the element the row and its form replace."""
        return f"objective-{pk}-head" if self.name == "objective" else f"{self.name}-{pk}"

    def anchor(self, item: Any) -> str:
        """Where the plan page opens after a save without JavaScript."""
        return "risks" if self.name == "risk" else f"{self.name}-{item.pk}"


def _fields_of(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    return lambda item: {name: getattr(item, name) for name in names}


def _action_initial(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": action.owner_id,
        "due_date": action.due_date,
        "status": action.status,
        "role": action.role_id,
        "objective": action.objective_id,
    }


def _action_form(account: Account, action: Action, **kwargs: Any) -> ActionForm:
    choices = selectors.action_choices(account=account, plan=action.plan, keep_owner=action.owner)
    return ActionForm(
        owners=choices.owners, roles=choices.roles, objectives=choices.objectives, **kwargs
    )


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    return lambda account, item, **kwargs: form_class(**kwargs)


OBJECTIVE = RowKind(
    name="objective",
    heading=gettext_lazy("Edit objective"),
    get=selectors.objective_get,
    update=lambda item, **data: services.objective_update(objective=item, **data),
    initial=_fields_of(services.OBJECTIVE_FIELDS),
    form=_plain(ObjectiveForm),
    label=lambda objective: objective.title,
    row="planning/plan_detail.html#objective_head",
)
ACTION = RowKind(
    name="action",
    heading=gettext_lazy("Edit action"),
    get=selectors.action_get,
    update=lambda item, **data: services.action_update(action=item, **data),
    initial=_action_initial,
    form=_action_form,
    label=lambda action: action.title,
    row="planning/_actions.html#action_row",
    colspan=5,
)
RISK = RowKind(
    name="risk",
    heading=gettext_lazy("Edit risk"),
    get=selectors.risk_get,
    update=lambda item, **data: services.risk_update(risk=item, **data),
    initial=_fields_of(services.RISK_FIELDS),
    form=_plain(RiskForm),
    label=lambda risk: risk.description,
    row="planning/plan_detail.html#risk_row",
    colspan=5,
)


def edit_in_place(request: AuthedRequest, account_pk: int, pk: int, kind: RowKind) -> HttpResponse:
    """GET: the row's form (in the row with HTMX, `?row=1` the row itself again: Cancel);
    POST: saves it through the kind's service."""
    account = get_account(request, account_pk, for_edit=True)
    item = kind.get(account=account, pk=pk)
    if request.htmx and request.method == "GET" and "row" in request.GET:
        return _row(request, account, item.plan_id, kind, pk, saved=False)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = kind.form(
        account, item, data=data, initial=kind.initial(item), auto_id=f"{kind.target(pk)}-%s"
    )
    if data is not None and form.is_valid():
        try:
            # A fresh copy: a refused save must not leave changed fields on `item`.
            kind.update(kind.get(account=account, pk=pk), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            if request.htmx:
                moved = kind is ACTION and form.cleaned_data["objective"] != item.objective
                return _row(request, account, item.plan_id, kind, pk, saved=True, moved=moved)
            return redirect(plan_url(account, item.plan_id, kind.anchor(item)))
    if data is None:
        form.fields[next(iter(form.fields))].widget.attrs["autofocus"] = True
    focus_first_error(form)
    edit_url = reverse(f"planning:{kind.name}-edit", kwargs={"account_pk": account.pk, "pk": pk})
    context = {
        "account": account,
        "form": form,
        "kind": kind,
        "what": kind.heading,
        "title": kind.label(item),
        "target": kind.target(pk),
        "edit_url": edit_url,
        "back": plan_url(account, item.plan_id, kind.anchor(item)),
        "read_only": item.plan.is_read_only(),
    }
    if request.htmx:
        if data is None:
            context["messages"] = [
                Notice(
                    _("Editing %(title)s. Escape or Cancel leaves it unchanged.")
                    % {"title": kind.label(item)}
                )
            ]
        return render(request, "planning/_row_form.html", context)
    return render(request, "planning/item_form.html", context, status=400 if form.errors else 200)


def _row(
    request: AuthedRequest,
    account: Account,
    plan_pk: int,
    kind: RowKind,
    pk: int,
    *,
    saved: bool,
    moved: bool = False,
) -> HttpResponse:
    """The row as the plan page shows it, with focus on its "Edit" link; after a save the
    completeness score and the team's open actions come along (out of band). An action
    moved to another objective changes two lists: the whole plan body comes back."""
    context = plan_context(request, account, plan_pk)
    context["focus"] = {kind.name: pk}
    if moved:
        return reswap(retarget(render(request, f"{PLAN}#body", context), "#plan-body"), "outerHTML")
    page = context["page"]
    items = {"objective": page.objectives, "action": page.actions, "risk": page.risks}[kind.name]
    context[kind.name] = next(item for item in items if item.pk == pk)
    context.update({"row": kind.row, "saved": saved, "kind": kind})
    return render(request, "planning/_row_saved.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    return edit_in_place(request, account_pk, pk, OBJECTIVE)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    return edit_in_place(request, account_pk, pk, ACTION)


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    return edit_in_place(request, account_pk, pk, RISK)


__all__ = ["action_edit", "objective_edit", "risk_edit"]
