"""Across accounts: the portfolio of plans and reviews, "my work", its settings (the daily
e-mail and the calendar feed), the feed itself, and the internal blockers log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account, Tier
from hexad.accounts.selectors import account_get, accounts_visible_to
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.planning import ics, selectors, services, tokens
from hexad.planning.forms import (
    BLOCKER_FILTER_LABELS,
    ActionStatusForm,
    BlockerForm,
    PortfolioFilterForm,
    action_status_choices,
    focus_first_error,
)
from hexad.planning.models import Action, DigestState
from hexad.planning.views.common import can_edit, get_account, query_without

# --- plans and reviews across the portfolio ------------------------------------------------------


@login_required
@require_GET
def portfolio(request: AuthedRequest) -> HttpResponseBase:
    """Per account: plan completeness, last review, next review due; the most overdue first."""
    if fmt := requested_format(request):
        return export_response(request, "planning", fmt)
    form = PortfolioFilterForm(request.GET or None, tiers=Tier.objects.all())
    filters = form.filters()
    accounts = selectors.planning_portfolio(user=request.user, filters=filters)
    page = Paginator(accounts, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": list(page.object_list),
        "today": timezone.localdate(),
        "query_without_page": query_without(request, "page"),
        "query_without_sort": query_without(request, "sort", "page"),
    }
    template = "planning/portfolio.html"
    if request.htmx and request.htmx.target == "planning-results":
        template += "#results"
    return render(request, template, context)


# --- my work -------------------------------------------------------------------------------------


def _my_work_context(request: AuthedRequest) -> dict[str, Any]:
    return {
        "work": selectors.my_work(user=request.user),
        "status_choices": action_status_choices(),
        "can_edit": not request.user.is_read_only,
    }


@login_required
@require_GET
def my_work(request: AuthedRequest) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "my-work", fmt)
    return render(request, "planning/my_work.html", _my_work_context(request))


@login_required
@require_POST
def my_action_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The status of one of my actions, changed from "my work"."""
    action = (
        Action.objects.filter(pk=pk, account__in=accounts_visible_to(request.user).values("id"))
        .select_related("plan")
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    account_get(user=request.user, pk=action.account_id, for_edit=True)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered statuses."))
    else:
        try:
            services.action_set_status(action=action, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(title)s is now %(status)s.")
                % {"title": action.title, "status": action.get_status_display().lower()},
            )
    if request.htmx:
        return render(request, "planning/my_work.html#actions", _my_work_context(request))
    return redirect("planning:my-work")


def _settings_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    state = DigestState.objects.filter(user=request.user).first()
    return {
        "token": selectors.calendar_token_active(user=request.user),
        "digest_enabled": state.enabled if state else True,
        "has_email": bool(request.user.email),
        **extra,
    }


@login_required
@require_GET
def my_settings(request: AuthedRequest) -> HttpResponse:
    return render(request, "planning/my_settings.html", _settings_context(request))


@login_required
@require_POST
def calendar_create(request: AuthedRequest) -> HttpResponse:
    """A new feed address (any earlier one stops working). Shown once: only its hash is kept."""
    _token, secret = tokens.calendar_token_create(user=request.user)
    url = settings.HEXAD_BASE_URL + reverse("planning:ics-feed", kwargs={"token": secret})
    messages.success(request, _("Your calendar feed is ready. Copy its address now."))
    return render(request, "planning/my_settings.html", _settings_context(request, feed_url=url))


@login_required
@require_POST
def calendar_revoke(request: AuthedRequest) -> HttpResponse:
    if tokens.calendar_token_revoke(user=request.user):
        messages.success(request, _("Calendar feed turned off; its address no longer works."))
    return redirect("planning:my-settings")


@login_required
@require_POST
def digest_toggle(request: AuthedRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    tokens.digest_set(user=request.user, enabled=enabled)
    messages.success(
        request,
        _("You will get the daily e-mail of your work.")
        if enabled
        else _("You will no longer get the daily e-mail."),
    )
    return redirect("planning:my-settings")


@require_GET
def ics_feed(request: AuthedRequest, token: str) -> HttpResponse:
    """A user's calendar: their actions' due dates and their reviews. No session needed; an
    unknown or revoked token is not found."""
    user = selectors.calendar_token_user(token_hash=tokens.token_hash(token))
    if user is None:
        raise Http404("No such calendar.")
    actions, reviews = selectors.calendar_items(user=user)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = ics.calendar(actions=actions, reviews=reviews, base_url=settings.HEXAD_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hexad.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- the internal blockers log -------------------------------------------------------------------


def _blocker_form(
    account: Account, *, adding: bool, current: Any = None, **kwargs: Any
) -> BlockerForm:
    """A new blocker is logged open (escalation and resolution come later, on its edit
    page); the edit form offers escalation to the team, its lead and the programme's
    leaders."""
    team = selectors.account_team_members(account=account)
    people = (
        [] if adding else selectors.escalation_choices(account=account, team=team, current=current)
    )
    form = BlockerForm(
        owners=selectors.owner_choices(account=account, team=team), people=people, **kwargs
    )
    if adding:
        for name in ("status", "escalated_to", "escalated_on", "resolution"):
            del form.fields[name]
    return form


def _blockers_context(
    request: AuthedRequest, account: Account, form: BlockerForm | None = None
) -> dict[str, Any]:
    status = request.GET.get("status", "active")
    if status not in BLOCKER_FILTER_LABELS:
        status = "active"
    page = Paginator(
        selectors.blockers_list(account=account, status=status), settings.HEXAD_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    editable = can_edit(request)
    if editable and form is None:
        person = getattr(request.user, "person", None)
        form = _blocker_form(
            account,
            adding=True,
            auto_id="blocker-%s",
            initial={
                "raised_on": timezone.localdate(),
                "owner": person.pk if person else None,
            },
        )
    return {
        "account": account,
        "page": page,
        "status": status,
        "filters": BLOCKER_FILTER_LABELS,
        "form": form,
        "can_edit": editable,
        "query_without_page": query_without(request, "page"),
    }


@login_required
@require_GET
def blockers(request: AuthedRequest, account_pk: int) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "blockers", fmt, account_pk=account_pk)
    account = get_account(request, account_pk)
    return render(request, "planning/blocker_list.html", _blockers_context(request, account))


def _blocker_data(form: BlockerForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
@require_POST
def blocker_add(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    form = _blocker_form(account, adding=True, data=request.POST, auto_id="blocker-%s")
    if form.is_valid():
        try:
            blocker = services.blocker_add(
                account=account, created_by=request.user, **_blocker_data(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Blocker %(title)s logged.") % {"title": blocker.title})
            if request.htmx:
                return render(
                    request,
                    "planning/blocker_list.html#blockers",
                    _blockers_context(request, account),
                )
            return redirect("planning:blockers", account_pk=account.pk)
    focus_first_error(form)
    context = _blockers_context(request, account, form)
    if request.htmx:
        return render(request, "planning/blocker_list.html#blockers", context)
    return render(request, "planning/blocker_list.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def blocker_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    blocker = selectors.blocker_get(account=account, pk=pk)
    initial = {
        "title": blocker.title,
        "category": blocker.category,
        "owner": blocker.owner_id,
        "raised_on": blocker.raised_on,
        "status": blocker.status,
        "escalated_to": blocker.escalated_to_id,
        "escalated_on": blocker.escalated_on,
        "description": blocker.description,
        "resolution": blocker.resolution,
    }
    form = _blocker_form(
        account,
        adding=False,
        current=blocker.escalated_to,
        data=request.POST or None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        original = selectors.blocker_get(account=account, pk=pk)
        try:
            services.blocker_update(blocker=original, **_blocker_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("planning:blockers", account_pk=account.pk)
    focus_first_error(form)
    return render(
        request,
        "planning/blocker_form.html",
        {"account": account, "blocker": blocker, "form": form},
        status=400 if form.errors else 200,
    )
