"""The account's Relationships page, a stakeholder's page, and the relationship edits."""

from __future__ import annotations

from dataclasses import dataclass
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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exceptions import AccessDenied, StaleEdit
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.relationships import selectors, services
from hexad.relationships.forms import (
    MoveForm,
    RelationshipAddForm,
    RelationshipLevelsForm,
    StakeholderFilterForm,
    StakeholderForm,
    StakeholderQuickForm,
    focus_first_error,
)
from hexad.relationships.metrics import (
    RelationshipFacts,
    StakeholderFacts,
    filter_stakeholders,
    is_stale,
)
from hexad.relationships.models import RelationshipLevel, Stakeholder
from hexad.relationships.views.common import can_edit, get_account, respond

BOARD = "relationships/relationships_board.html"
DETAIL = "relationships/stakeholder_detail.html"


@dataclass(frozen=True)
class BoardRow:
    stakeholder: StakeholderFacts
    manager: str
    strongest: RelationshipFacts | None
    stale: bool


def _board_context(
    request: AuthedRequest,
    account: Account,
    *,
    add_form: StakeholderForm | None = None,
    results_only: bool = False,
) -> dict[str, Any]:
    overview = selectors.relationship_overview(account=account, with_concerns=not results_only)
    filter_form = StakeholderFilterForm(request.GET or None)
    filters = filter_form.filters()
    rows = filter_stakeholders(overview.stakeholders, filters)
    page = Paginator(rows, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    names = overview.names()
    stale_days = overview.metrics.stale_days
    editable = can_edit(request, account)
    if add_form is None and editable:
        add_form = StakeholderQuickForm(
            account=account,
            stakeholders=overview.stakeholders,
            people=selectors.people_for(account=account, user=request.user),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "account": account,
        "overview": overview,
        "metrics": overview.metrics,
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "rows": [
            BoardRow(
                stakeholder=s,
                manager=names.get(s.reports_to_id or 0, ""),
                strongest=overview.strongest.get(s.id),
                stale=bool(
                    (strong := overview.strongest.get(s.id))
                    and is_stale(strong, today=overview.today, stale_days=stale_days)
                ),
            )
            for s in page.object_list
        ],
        "query_without_page": query.urlencode(),
        "can_edit": editable,
        "add_form": add_form,
    }


@login_required
@require_GET
def relationships_board(request: AuthedRequest, account_pk: int) -> HttpResponseBase:
    """The account's Relationships page: figures, stakeholders (filtered) and the add form."""
    if fmt := requested_format(request):
        return export_response(request, "stakeholders", fmt, account_pk=account_pk)
    account = get_account(request, account_pk)
    results_only = bool(request.htmx and request.htmx.target == "stakeholder-results")
    template = f"{BOARD}#results" if results_only else BOARD
    return render(request, template, _board_context(request, account, results_only=results_only))


@login_required
@require_POST
def stakeholder_add(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    form: StakeholderForm | None = StakeholderQuickForm(
        request.POST,
        account=account,
        stakeholders=selectors.stakeholder_facts(account=account),
        people=selectors.people_for(account=account, user=request.user),
    )
    assert form is not None
    if form.is_valid():
        try:
            stakeholder = services.stakeholder_create(account=account, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": stakeholder.name})
            form = None  # a fresh form for the next one
    if form is not None:
        focus_first_error(form)
    return respond(
        request,
        template=BOARD,
        partial="board",
        context=_board_context(request, account, add_form=form),
        forms_used=(form,),
        success_url=reverse("relationships:board", args=[account.pk]),
    )


# --- a stakeholder ----------------------------------------------------------------------------


def _detail_context(
    request: AuthedRequest,
    account: Account,
    stakeholder: Stakeholder,
    *,
    relationship_form: RelationshipAddForm | None = None,
    levels_form: RelationshipLevelsForm | None = None,
    levels_error_for: int | None = None,
    move_form: MoveForm | None = None,
) -> dict[str, Any]:
    facts = selectors.stakeholder_facts(account=account)
    editable = can_edit(request, account)
    if editable and relationship_form is None:
        relationship_form = RelationshipAddForm(
            people=selectors.people_for(account=account, user=request.user)
        )
    if editable and move_form is None:
        move_form = MoveForm(account=account, stakeholder=stakeholder, stakeholders=facts)
    relationships = selectors.stakeholder_relationships(stakeholder=stakeholder)
    rows = []
    for relationship in relationships:
        current, desired = relationship.current_level, relationship.desired_level
        if levels_form is not None and levels_error_for == relationship.pk:
            # The levels just refused stay chosen, so the user sees what they typed.
            current = _as_int(levels_form.data.get("current_level"), current)
            desired = _as_int(levels_form.data.get("desired_level"), desired)
        rows.append((relationship, current, desired))
    return {
        "account": account,
        "stakeholder": stakeholder,
        "relationships": relationships,
        "relationship_rows": rows,
        "level_choices": RelationshipLevel.choices,
        "interactions": selectors.stakeholder_interactions(stakeholder=stakeholder),
        "recent_limit": selectors.RECENT_INTERACTIONS,
        "concerns": selectors.stakeholder_concerns(stakeholder=stakeholder),
        "reports": [s for s in facts if s.reports_to_id == stakeholder.pk and s.is_active],
        "dotted_reports": [
            s for s in facts if s.dotted_manager_id == stakeholder.pk and s.is_active
        ],
        "can_edit": editable,
        "relationship_form": relationship_form,
        "levels_form": levels_form,
        "levels_error_for": levels_error_for,
        "move_form": move_form,
        "stale_days": settings.HEXAD_STALE_DAYS,
    }


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_GET
def stakeholder_detail(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    return render(request, DETAIL, _detail_context(request, account, stakeholder))


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    form = StakeholderForm(
        request.POST or None,
        instance=stakeholder,
        account=account,
        stakeholders=selectors.stakeholder_facts(account=account),
        people=selectors.people_for(
            account=account, user=request.user, also=[stakeholder.owner_id]
        ),
    )
    if request.method == "POST" and form.is_valid():
        # The form has copied the new values onto `stakeholder`; save onto a clean copy.
        original = selectors.stakeholder_get(account=account, pk=pk)
        try:
            services.stakeholder_update(
                stakeholder=original,
                expected_version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("relationships:stakeholder", account_pk=account.pk, pk=pk)
    return render(
        request,
        "relationships/stakeholder_form.html",
        {"form": form, "account": account, "stakeholder": stakeholder},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def stakeholder_move(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Moves a stakeholder in the hierarchy (a new manager or dotted-line manager)."""
    account = get_account(request, account_pk, for_edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    facts = selectors.stakeholder_facts(account=account)
    form: MoveForm | None = MoveForm(
        request.POST, account=account, stakeholder=stakeholder, stakeholders=facts
    )
    assert form is not None
    if form.is_valid():
        try:
            services.stakeholder_move(
                stakeholder=stakeholder,
                reports_to=form.cleaned_data["reports_to"],
                dotted_manager=form.cleaned_data["dotted_manager"],
            )
        except ValidationError as error:
            stakeholder = selectors.stakeholder_get(account=account, pk=pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s moved.") % {"name": stakeholder.name})
            stakeholder = selectors.stakeholder_get(account=account, pk=pk)
            form = None
    return respond(
        request,
        template=DETAIL,
        partial="hierarchy",
        context=_detail_context(request, account, stakeholder, move_form=form),
        forms_used=(form,),
        success_url=reverse("relationships:stakeholder", args=[account.pk, pk]),
    )


@login_required
@require_POST
def stakeholder_leave(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Marks a stakeholder as gone; their reports move up to their manager."""
    account = get_account(request, account_pk, for_edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    try:
        moved = services.stakeholder_mark_left(stakeholder=stakeholder)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is marked as left; %(count)s of their reports moved up.")
            % {"name": stakeholder.name, "count": moved}
            if moved
            else _("%(name)s is marked as left.") % {"name": stakeholder.name},
        )
    return redirect("relationships:stakeholder", account_pk=account.pk, pk=pk)


# --- relationships --------------------------------------------------------------------------


@login_required
@require_POST
def relationship_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    form: RelationshipAddForm | None = RelationshipAddForm(
        request.POST, people=selectors.people_for(account=account, user=request.user)
    )
    assert form is not None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.relationship_create(
                stakeholder=stakeholder,
                person=data["person"],
                current_level=data["current_level"],
                desired_level=data["desired_level"],
                next_step=data["next_step"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Relationship of %(person)s with %(name)s added.")
                % {"person": data["person"], "name": stakeholder.name},
            )
            form = None
    if form is not None:
        focus_first_error(form)
    return respond(
        request,
        template=DETAIL,
        partial="relationships",
        context=_detail_context(request, account, stakeholder, relationship_form=form),
        forms_used=(form,),
        success_url=reverse("relationships:stakeholder", args=[account.pk, pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def relationship_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Changes the current and desired level (and the next step) of a relationship."""
    account = get_account(request, account_pk, for_edit=True)
    relationship = selectors.relationship_get(account=account, pk=pk)
    stakeholder = relationship.stakeholder
    initial = {
        "current_level": relationship.current_level,
        "desired_level": relationship.desired_level,
        "next_step": relationship.next_step,
    }
    form = RelationshipLevelsForm(request.POST or None, initial=initial)
    if request.method == "GET":
        return render(
            request,
            "relationships/relationship_form.html",
            {"form": form, "account": account, "relationship": relationship},
        )
    if form.is_valid():
        try:
            services.relationship_update(relationship=relationship, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Relationship levels saved."))
    if not request.htmx and form.errors:
        return render(
            request,
            "relationships/relationship_form.html",
            {"form": form, "account": account, "relationship": relationship},
            status=400,
        )
    failed = form if form.errors else None
    return respond(
        request,
        template=DETAIL,
        partial="relationships",
        context=_detail_context(
            request,
            account,
            selectors.stakeholder_get(account=account, pk=stakeholder.pk),
            levels_form=failed,
            levels_error_for=relationship.pk if failed else None,
        ),
        success_url=reverse("relationships:stakeholder", args=[account.pk, stakeholder.pk]),
    )


# --- erasure ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_erase(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """Erases a stakeholder with all their personal data, after a confirmation page.
    Programme leaders and administrators only: it cannot be undone and reaches the history."""
    account = get_account(request, account_pk, for_edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=pk)
    if not request.user.manages_portfolio:
        raise AccessDenied
    if request.method == "POST":
        services.stakeholder_erase(stakeholder=stakeholder, actor=request.user)
        messages.success(request, _("The stakeholder and all their personal data were erased."))
        return redirect("relationships:board", account_pk=account.pk)
    return render(
        request,
        "relationships/stakeholder_erase.html",
        {
            "account": account,
            "stakeholder": stakeholder,
            "relationship_count": stakeholder.relationships.count(),
            "interaction_count": stakeholder.interactions.count(),
        },
    )
