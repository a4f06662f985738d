"""The account plan: list and creation, the plan page with its sections edited in place,
objectives, actions, resources and risks added (their in-place edits: views/inplace.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exceptions import AccessDenied, StaleEdit
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.planning import explain, selectors, services
from hexad.planning.forms import (
    ActionForm,
    ActionStatusForm,
    ObjectiveForm,
    PlanForm,
    PlanSectionsForm,
    ResourceDecisionForm,
    ResourceForm,
    RiskForm,
    action_status_choices,
    focus_first_error,
)
from hexad.planning.views.common import can_edit, failed, get_account, respond

PLAN = "planning/plan_detail.html"


def plan_url(account: Account, pk: int, anchor: str = "") -> str:
    url = reverse("planning:plan-detail", kwargs={"account_pk": account.pk, "pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _url_of(name: str, account: Account) -> Callable[[int], str]:
    """The URL of one of the account's objects by its id, reversed once for a whole list."""
    marker = "2147483647"
    head, tail = reverse(name, kwargs={"account_pk": account.pk, "pk": int(marker)}).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _own_person_among(request: AuthedRequest, people: list[Any]) -> int | None:
    """The signed-in user's person, when they are among the choices (a sensible default)."""
    person = getattr(request.user, "person", None)
    return person.pk if person is not None and any(p.pk == person.pk for p in people) else None


def _default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """This calendar year."""
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


# --- the account summary (a partial on the account page) -----------------------------------------


@login_required
@require_GET
def account_summary(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """The plan summary the account page loads with HTMX: the stored planning summary."""
    account = get_account(request, account_pk)
    summary = selectors.account_summary(account=account)
    return render(
        request,
        "planning/_account_summary.html",
        {
            "account": account,
            "summary": summary,
            "today": timezone.localdate(),
            "overdue": summary is not None and summary.is_overdue(),
        },
    )


# --- plans ---------------------------------------------------------------------------------------


def _plans_context(
    request: AuthedRequest, account: Account, form: PlanForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    plans = selectors.account_plans(account=account)
    editable = can_edit(request)
    if editable and form is None:
        start, end = _default_period(today)
        current = selectors.current_plan_of(plans, today)
        if current is not None:
            start = current.period_end + datetime.timedelta(days=1)
            end = datetime.date(start.year, 12, 31)
        form = PlanForm(
            initial={
                "title": _("Account plan %(year)s") % {"year": start.year},
                "period_start": start,
                "period_end": end,
            }
        )
    return {
        "account": account,
        "plans": plans,
        "current": selectors.current_plan_of(plans, today),
        "today": today,
        "can_edit": editable,
        "form": form,
    }


@login_required
@require_GET
def plans(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """The account's plans; with a current plan and no choice made, its page."""
    account = get_account(request, account_pk)
    context = _plans_context(request, account)
    if context["current"] is not None and "all" not in request.GET:
        return redirect(plan_url(account, context["current"].pk))
    return render(request, "planning/plan_list.html", context)


@login_required
@require_POST
def plan_create(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_create(
                account=account, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan %(title)s created.") % {"title": plan.title})
            return redirect(plan_url(account, plan.pk))
    focus_first_error(form)
    return render(
        request, "planning/plan_list.html", _plans_context(request, account, form), status=400
    )


# --- the plan page -------------------------------------------------------------------------------


def plan_context(
    request: AuthedRequest,
    account: Account,
    pk: int,
    *,
    editing_sections: bool = False,
    **forms: Any,
) -> dict[str, Any]:
    page = selectors.plan_page(account=account, pk=pk)
    editable = can_edit(request) and not page.read_only
    owners = page.owners
    department = request.GET.get("department", "")
    departments = sorted({m.department for m in page.team if m.department})
    open_by_owner: dict[int, list[Any]] = {}
    edit_url = _url_of("planning:action-edit", account)
    status_url = _url_of("planning:action-status", account)
    for action in page.actions:
        action.edit_url = edit_url(action.pk)  # type: ignore[attr-defined]
        action.status_url = status_url(action.pk)  # type: ignore[attr-defined]
        if action.is_open and action.owner_id is not None:
            open_by_owner.setdefault(action.owner_id, []).append(action)
    team = [
        (m, open_by_owner.get(m.person.pk, []))
        for m in page.team
        if not department or m.department == department
    ]
    context: dict[str, Any] = {
        "account": account,
        "page": page,
        "plan": page.plan,
        "can_edit": editable,
        "can_decide": request.user.manages_portfolio and not page.read_only,
        "editing_sections": editing_sections or bool(forms.get("sections_form")),
        "completeness": explain.explain(
            page.completeness,
            objective_titles={o.pk: o.title for o in page.objectives},
            next_steps_weeks=selectors.next_steps_weeks(),
        ),
        "cadence": explain.explain_cadence(page.cadence),
        "team": team,
        "departments": departments,
        "department": department,
        "contributors": sum(1 for m in page.team if m.is_contributor),
        "status_choices": action_status_choices(),
        "decision_choices": ResourceDecisionForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "today": page.today,
    }
    if editable:
        context["sections_form"] = forms.get("sections_form") or PlanSectionsForm(
            initial={
                "goals": page.plan.goals,
                "client_priorities": page.plan.client_priorities,
                "strategies": page.plan.strategies,
                "version": page.plan.version,
            }
        )
        context["objective_form"] = forms.get("objective_form") or ObjectiveForm(
            initial={"due_date": page.plan.period_end}, auto_id="objective-%s"
        )
        context["action_form"] = forms.get("action_form") or ActionForm(
            owners=owners,
            roles=page.roles,
            objectives=page.objectives,
            auto_id="action-%s",
            initial={
                "due_date": page.today + datetime.timedelta(days=14),
                "owner": _own_person_among(request, owners),
            },
        )
        context["resource_form"] = forms.get("resource_form") or ResourceForm(auto_id="resource-%s")
        context["risk_form"] = forms.get("risk_form") or RiskForm(auto_id="risk-%s")
    context["action_error"] = forms.get("action_error")
    return context


@login_required
@require_GET
def plan_detail(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "actions", fmt, account_pk=account_pk, fixed={"plan": pk})
    account = get_account(request, account_pk)
    context = plan_context(request, account, pk)
    template = PLAN
    if request.htmx and request.htmx.target == "plan-team":
        template += "#team"
    return render(request, template, context)


def _plan_write_response(
    request: AuthedRequest,
    account: Account,
    pk: int,
    anchor: str,
    **forms: Any,
) -> HttpResponse:
    context = plan_context(request, account, pk, **forms)
    return respond(
        request,
        template=PLAN,
        partial="body",
        context=context,
        forms_used=tuple(f for f in forms.values() if hasattr(f, "errors")),
        success_url=plan_url(account, pk, anchor),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_sections(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """The text sections (goals, client priorities, strategies), edited in place."""
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    if request.method == "GET":
        context = plan_context(request, account, pk, editing_sections=True)
        if request.htmx:
            return render(request, f"{PLAN}#sections", context)
        return render(request, PLAN, context)
    form = PlanSectionsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                plan=plan,
                expected_version=data["version"],
                goals=data["goals"],
                client_priorities=data["client_priorities"],
                strategies=data["strategies"],
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan sections saved."))
            return _plan_write_response(request, account, pk, "sections")
    return _plan_write_response(request, account, pk, "sections", sections_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """The plan's title and period."""
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    form = PlanForm(
        request.POST or None,
        initial={
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan_url(account, pk))
    focus_first_error(form)
    return render(
        request,
        "planning/plan_form.html",
        {"account": account, "plan": plan, "form": form, "read_only": plan.is_read_only()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def plan_close(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    try:
        services.plan_close(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Plan %(title)s closed; it is kept read-only.") % {"title": plan.title}
        )
    return redirect(plan_url(account, pk))


# --- objectives, actions, resources, risks -------------------------------------------------------


@login_required
@require_POST
def objective_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    form = ObjectiveForm(request.POST, auto_id="objective-%s")
    if form.is_valid():
        try:
            objective = services.objective_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Objective %(title)s added.") % {"title": objective.title})
            return _plan_write_response(request, account, pk, "objectives")
    focus_first_error(form)
    return _plan_write_response(request, account, pk, "objectives", objective_form=form)


def _action_form(account: Account, plan: Any, **kwargs: Any) -> ActionForm:
    choices = selectors.action_choices(account=account, plan=plan)
    return ActionForm(
        owners=choices.owners, roles=choices.roles, objectives=choices.objectives, **kwargs
    )


@login_required
@require_POST
def action_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    form = _action_form(account, plan, data=request.POST, auto_id="action-%s")
    if form.is_valid():
        try:
            action = services.action_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action %(title)s added.") % {"title": action.title})
            return _plan_write_response(request, account, pk, "actions")
    focus_first_error(form)
    return _plan_write_response(request, account, pk, "actions", action_form=form)


@login_required
@require_POST
def action_status(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """One click on the plan page: an action moves to open, in progress, done or cancelled."""
    account = get_account(request, account_pk, for_edit=True)
    action = selectors.action_get(account=account, pk=pk)
    form = ActionStatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.action_set_status(action=action, status=form.cleaned_data["status"])
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("%(title)s is now %(status)s.")
                % {"title": action.title, "status": action.get_status_display().lower()},
            )
    else:
        error = " ".join(str(e) for e in form.errors.get("status", []))
    if error:
        messages.error(request, error)
    if request.htmx:
        return render(request, f"{PLAN}#body", plan_context(request, account, action.plan_id))
    if error:
        return render(request, PLAN, plan_context(request, account, action.plan_id), status=400)
    return redirect(plan_url(account, action.plan_id, f"action-{action.pk}"))


@login_required
@require_POST
def resource_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    form = ResourceForm(request.POST, auto_id="resource-%s")
    if form.is_valid():
        try:
            services.resource_request(plan=plan, requested_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Resource request added; a programme leader decides it."))
            return _plan_write_response(request, account, pk, "resources")
    focus_first_error(form)
    return _plan_write_response(request, account, pk, "resources", resource_form=form)


@login_required
@require_POST
def resource_decide(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Approving or declining is the programme leader's (and administrator's) call."""
    account = get_account(request, account_pk, for_edit=True)
    resource = selectors.resource_get(account=account, pk=pk)
    if not request.user.manages_portfolio:
        raise AccessDenied
    form = ResourceDecisionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.resource_decide(
                resource=resource,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                decided_by=request.user,
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("%(what)s: %(status)s.")
                % {"what": resource.description, "status": resource.get_status_display().lower()},
            )
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if error:
        messages.error(request, error)
    if request.htmx:
        return render(request, f"{PLAN}#body", plan_context(request, account, resource.plan_id))
    if error:
        return render(request, PLAN, plan_context(request, account, resource.plan_id), status=400)
    return redirect(plan_url(account, resource.plan_id, "resources"))


@login_required
@require_POST
def risk_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    plan = selectors.plan_get(account=account, pk=pk)
    form = RiskForm(request.POST, auto_id="risk-%s")
    if form.is_valid():
        try:
            services.risk_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risk added."))
            return _plan_write_response(request, account, pk, "risks")
    focus_first_error(form)
    return _plan_write_response(request, account, pk, "risks", risk_form=form)


__all__ = ["failed"]
