"""Account pages: the portfolio, an account with its team and role panel, team editing."""

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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts import selectors, services
from hexad.accounts.forms import (
    AccountForm,
    AssignmentForm,
    MembershipAddForm,
    MembershipEditForm,
    PortfolioFilterForm,
)
from hexad.accounts.models import Account
from hexad.core.exceptions import AccessDenied, StaleEdit
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.coverage.explain import coverage_view
from hexad.coverage.selectors import account_coverage_of_team
from hexad.roles.selectors import role_catalogue

ACCOUNT_EDIT_FIELDS = AccountForm.Meta.fields


@login_required
@require_GET
def portfolio(request: AuthedRequest) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "accounts", fmt)
    form = PortfolioFilterForm(request.GET or None, leads=selectors.account_leads())
    filters = form.filters()
    # Only what the rows show: a page of whole accounts, tiers and leads cost more to load
    # than to draw.
    accounts = selectors.portfolio_list(user=request.user, filters=filters).only(
        *PORTFOLIO_ROW_FIELDS
    )
    page = Paginator(accounts, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    roles = role_catalogue()
    rows = list(page.object_list)
    summaries = selectors.portfolio_team_summaries(accounts=rows, roles=roles)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": [(account, summaries[account.pk]) for account in rows],
        "roles": roles,
        "query_without_page": _query_without(request, "page"),
        "query_without_sort": _query_without(request, "sort", "page"),
        "can_create": request.user.manages_portfolio,
    }
    template = "accounts/portfolio.html"
    if request.htmx and request.htmx.target == "portfolio-results":
        template += "#results"
    return render(request, template, context)


PORTFOLIO_ROW_FIELDS = (
    "name", "tier_id", "industry", "country", "lead_id", "tier__name", "lead__full_name",
)  # fmt: skip


def _query_without(request: AuthedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.manages_portfolio:
        raise AccessDenied
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ACCOUNT_EDIT_FIELDS}
        try:
            account = services.account_create(**data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": account.name})
            return redirect("accounts:detail", pk=account.pk)
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "account": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ACCOUNT_EDIT_FIELDS}
        # The form has already copied the new values onto `account`; reload a clean copy.
        original = selectors.account_get(user=request.user, pk=pk, for_edit=True)
        try:
            services.account_update(
                account=original, expected_version=form.cleaned_data["version"], **data
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:detail", pk=pk)
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "account": account},
        status=400 if form.errors else 200,
    )


def _role_options(roles: Any) -> SafeString:
    """The <option>s of the role picker in every team row, written once for the page (the
    row whose form was refused draws its own, with the typed choice selected)."""
    return mark_safe(  # noqa: S308 - names are escaped
        "".join(f'<option value="{role.pk}">{escape(role.name)}</option>' for role in roles)
    )


def _people_from_cache(form: MembershipAddForm, *, on_team: set[int]) -> None:
    """The person select's options from the cached list of active people less today's
    team (the same people as its queryset, which still validates the choice): one query
    and 1,500 model rows fewer per view."""
    form.fields["person"].widget.rows = lambda: [
        row for row in selectors.active_people_choices() if row[0] not in on_team
    ]


def _detail_context(request: AuthedRequest, account: Account, **forms: Any) -> dict[str, Any]:
    team = selectors.account_team(account=account)
    coverage, ratings = account_coverage_of_team(account=account, team=team)
    can_edit = selectors.account_can_edit_visible(user=request.user)
    add_form = forms.get("add_form")
    if add_form is None and can_edit:
        add_form = MembershipAddForm(people=selectors.people_available_for(account=account))
    if add_form is not None:
        _people_from_cache(add_form, on_team={m.person_id for m in team.active})
    return {
        "account": account,
        "team": team,
        "coverage": coverage_view(
            coverage=coverage, roles=team.roles, memberships=team.active, ratings=ratings
        ),
        "can_edit": can_edit,
        "add_form": add_form,
        "assignment_form": forms.get("assignment_form") or AssignmentForm(),
        "assignment_error_for": forms.get("assignment_error_for"),
        "business_units": list(account.business_units.all()),
        "role_options": _role_options(team.roles) if can_edit else "",
    }


@login_required
@require_GET
def account_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk)
    return render(request, "accounts/account_detail.html", _detail_context(request, account))


def _team_response(request: AuthedRequest, account: Account, **forms: Any) -> HttpResponse:
    """The team section (team table and role panel) for HTMX, or the whole page otherwise."""
    context = _detail_context(request, account, **forms)
    if request.htmx:
        return render(request, "accounts/account_detail.html#team", context)
    if any(form is not None and form.errors for form in forms.values() if hasattr(form, "errors")):
        return render(request, "accounts/account_detail.html", context, status=400)
    return redirect("accounts:detail", pk=account.pk)


@login_required
@require_POST
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    form = MembershipAddForm(request.POST, people=selectors.people_available_for(account=account))
    if form.is_valid():
        data = form.cleaned_data
        roles = [(data["role"], data["degree"])] if data["role"] else []
        try:
            membership = services.membership_add(
                account=account,
                person=data["person"],
                allocation=data["allocation"],
                start_date=data["start_date"],
                roles=roles,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(person)s joined the team.") % {"person": membership.person}
            )
            return _team_response(request, account)
    return _team_response(request, account, add_form=form)


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    membership = selectors.membership_get(account=account, pk=membership_pk)
    try:
        services.membership_end(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s left the team.") % {"person": membership.person})
    return _team_response(request, account)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    membership = selectors.membership_get(account=account, pk=membership_pk)
    form = MembershipEditForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        original = selectors.membership_get(account=account, pk=membership_pk)
        try:
            services.membership_update(membership=original, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:detail", pk=account.pk)
    return render(
        request,
        "accounts/membership_form.html",
        {"form": form, "account": account, "membership": membership},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assignment_add(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    membership = selectors.membership_get(account=account, pk=membership_pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            assignment = services.assignment_add(
                membership=membership,
                role=form.cleaned_data["role"],
                degree=form.cleaned_data["degree"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s now plays %(role)s.")
                % {"person": membership.person, "role": assignment.role},
            )
            return _team_response(request, account)
    if not membership.is_active():
        # Their row is no longer on the page (a stale page): say why in the messages.
        for message in form.errors.get("role", []) + form.non_field_errors():
            messages.error(request, str(message))
    return _team_response(
        request, account, assignment_form=form, assignment_error_for=membership.pk
    )


@login_required
@require_POST
def assignment_remove(request: AuthedRequest, pk: int, assignment_pk: int) -> HttpResponse:
    account = selectors.account_get(user=request.user, pk=pk, for_edit=True)
    assignment = selectors.assignment_get(account=account, pk=assignment_pk)
    services.assignment_remove(assignment=assignment)
    messages.success(
        request,
        _("%(person)s no longer plays %(role)s.")
        % {"person": assignment.membership.person, "role": assignment.role},
    )
    return _team_response(request, account)
