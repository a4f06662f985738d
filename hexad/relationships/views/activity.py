"""Interactions (the log and its form) and technical concerns (list, add, edit, resolve)."""

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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.relationships import selectors, services
from hexad.relationships.forms import (
    CONCERN_STATUS_FILTERS,
    ConcernForm,
    ConcernResolveForm,
    InteractionForm,
    focus_first_error,
)
from hexad.relationships.views.common import can_edit, get_account, respond

CONCERNS = "relationships/concern_list.html"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- interactions ---------------------------------------------------------------------------


@login_required
@require_GET
def interaction_list(request: AuthedRequest, account_pk: int) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "interactions", fmt, account_pk=account_pk)
    account = get_account(request, account_pk)
    interactions = selectors.interactions_list(account=account)
    page = Paginator(interactions, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "relationships/interaction_list.html",
        {"account": account, "page": page, "can_edit": can_edit(request, account)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interaction_add(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """Logs an interaction; `?stakeholder=<id>` preselects them and returns to their page."""
    account = get_account(request, account_pk, for_edit=True)
    stakeholders = selectors.active_stakeholders(account=account)
    people = selectors.people_for(account=account, user=request.user)
    about = _int(request.GET.get("stakeholder"))
    initial: dict[str, Any] = {}
    if about is not None:
        initial["stakeholders"] = [about]
    person = getattr(request.user, "person", None)
    if person is not None:
        initial["people"] = [person.pk]
    form = InteractionForm(
        request.POST or None, people=people, stakeholders=stakeholders, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.interaction_log(
                account=account,
                occurred_on=data["occurred_on"],
                kind=data["kind"],
                people=list(data["people"]),
                stakeholders=list(data["stakeholders"]),
                notes=data["notes"],
                logged_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(kind)s on %(date)s logged; the relationships it touches are refreshed.")
                % {
                    "kind": interaction.get_kind_display(),
                    "date": interaction.occurred_on.strftime("%d.%m.%Y"),
                },
            )
            chosen = {s.pk for s in data["stakeholders"]}
            if about is not None and about in chosen:
                return redirect("relationships:stakeholder", account_pk=account.pk, pk=about)
            return redirect("relationships:board", account_pk=account.pk)
    if form.errors:
        focus_first_error(form)
    return render(
        request,
        "relationships/interaction_form.html",
        {"form": form, "account": account, "about": about},
        status=400 if form.errors else 200,
    )


# --- technical concerns ---------------------------------------------------------------------


def _concerns_context(
    request: AuthedRequest,
    account: Account,
    *,
    add_form: ConcernForm | None = None,
    resolve_form: ConcernResolveForm | None = None,
    resolve_error_for: int | None = None,
) -> dict[str, Any]:
    status = request.GET.get("status", "active")
    if status not in dict(CONCERN_STATUS_FILTERS):
        status = "active"
    concerns = selectors.concerns_list(account=account, status=status)
    page = Paginator(concerns, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    editable = can_edit(request, account)
    if editable and add_form is None:
        add_form = ConcernForm(
            account=account,
            people=selectors.people_for(account=account, user=request.user),
            stakeholders=selectors.active_stakeholders(account=account),
            initial={
                "owner": selectors.technical_expert_lead(account=account),
                "raised_by": _int(request.GET.get("raised_by")),
                "raised_on": timezone.localdate(),
            },
            auto_id="concern-%s",
        )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "account": account,
        "page": page,
        "status": status,
        "status_filters": CONCERN_STATUS_FILTERS,
        "today": timezone.localdate(),
        "can_edit": editable,
        "add_form": add_form,
        "resolve_form": resolve_form,
        "resolve_error_for": resolve_error_for,
        "query_without_page": query.urlencode(),
    }


@login_required
@require_GET
def concern_list(request: AuthedRequest, account_pk: int) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "concerns", fmt, account_pk=account_pk)
    account = get_account(request, account_pk)
    template = CONCERNS
    if request.htmx and request.htmx.target == "concerns":
        template += "#concerns"
    return render(request, template, _concerns_context(request, account))


@login_required
@require_POST
def concern_add(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    form: ConcernForm | None = ConcernForm(
        request.POST,
        account=account,
        people=selectors.people_for(account=account, user=request.user),
        stakeholders=selectors.active_stakeholders(account=account),
        auto_id="concern-%s",
    )
    assert form is not None
    if form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.concern_create(account=account, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Concern “%(topic)s” logged.") % {"topic": concern.topic})
            form = None
    if form is not None:
        focus_first_error(form)
    return respond(
        request,
        template=CONCERNS,
        partial="concerns",
        context=_concerns_context(request, account, add_form=form),
        forms_used=(form,),
        success_url=reverse("relationships:concerns", args=[account.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    concern = selectors.concern_get(account=account, pk=pk)
    form = ConcernForm(
        request.POST or None,
        instance=concern,
        account=account,
        people=selectors.people_for(account=account, user=request.user, also=[concern.owner_id]),
        stakeholders=selectors.active_stakeholders(account=account),
    )
    if request.method == "POST" and form.is_valid():
        original = selectors.concern_get(account=account, pk=pk)
        try:
            services.concern_update(concern=original, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("relationships:concerns", account_pk=account.pk)
    return render(
        request,
        "relationships/concern_form.html",
        {"form": form, "account": account, "concern": concern},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def concern_resolve(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Closes a concern as resolved or as an accepted risk, with its resolution."""
    account = get_account(request, account_pk, for_edit=True)
    concern = selectors.concern_get(account=account, pk=pk)
    form: ConcernResolveForm | None = ConcernResolveForm(request.POST, auto_id=f"resolve-{pk}-%s")
    assert form is not None
    if form.is_valid():
        try:
            services.concern_resolve(concern=concern, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Concern “%(topic)s” closed.") % {"topic": concern.topic})
            form = None
    if form is not None:
        focus_first_error(form)
    return respond(
        request,
        template=CONCERNS,
        partial="concerns",
        context=_concerns_context(
            request, account, resolve_form=form, resolve_error_for=pk if form else None
        ),
        forms_used=(form,),
        success_url=reverse("relationships:concerns", args=[account.pk]),
    )
