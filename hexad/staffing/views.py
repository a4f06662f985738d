"""Team designer pages: choose a scope and run it, follow its progress, see the proposal
as a diff against today's teams, and apply all or some of it; the conflicts and role
restrictions that keep people out of proposals. Programme leaders and administrators only
(others get 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exceptions import StaleEdit
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.roles.models import Role
from hexad.staffing import selectors, services
from hexad.staffing.forms import ConflictForm, ConflictNoteForm, DesignerForm, RestrictionForm
from hexad.staffing.models import ChangeKind, Conflict, RoleRestriction, StaffingRun
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
    context = {
        "form": form,
        "runs": selectors.runs_recent(user=request.user),
        "exclusions": selectors.exclusions_counts(user=request.user),
    }
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


# --- the type-ahead searches ------------------------------------------------------------


def _typed(request: AuthedRequest, name: str) -> str:
    """What was typed: `q`, or the text box of a conflict form's field (`person_text`)."""
    return (request.GET.get("q") or request.GET.get(f"{name}_text") or "")[:100]


@login_required
@require_GET
def account_search(request: AuthedRequest) -> HttpResponse:
    """Accounts matching what was typed, as the options of a type-ahead's list."""
    query = _typed(request, "account")
    accounts = selectors.account_search(user=request.user, query=query)
    context = {"accounts": accounts, "query": query.strip()}
    return render(request, "staffing/_account_options.html", context)


@login_required
@require_GET
def person_search(request: AuthedRequest) -> HttpResponse:
    """Our active people matching what was typed, as the options of a type-ahead's list."""
    query = _typed(request, "person")
    people = selectors.person_search(user=request.user, query=query)
    return render(
        request, "staffing/_person_options.html", {"people": people, "query": query.strip()}
    )


# --- conflicts and role restrictions -----------------------------------------------------

EXCLUSIONS = "staffing/exclusions.html"
CONFLICT_ADDED = gettext_lazy("Conflict recorded: %(person)s will not be proposed for %(account)s.")
CONFLICT_DELETED = gettext_lazy(
    "Conflict deleted: %(person)s may be proposed for %(account)s again."
)
RESTRICTION_ADDED = gettext_lazy(
    "Restriction recorded: people of %(department)s will not be proposed as %(role)s."
)
RESTRICTION_DELETED = gettext_lazy(
    "Restriction deleted: people of %(department)s may be proposed as %(role)s again."
)


def _conflict_form(request: AuthedRequest, data: QueryDict | None = None) -> ConflictForm:
    user = request.user
    return ConflictForm(
        data,
        search_people=lambda text: selectors.person_search(user=user, query=text),
        search_accounts=lambda text: selectors.account_search(user=user, query=text),
    )


def _focus_first_error(form: ConflictForm | RestrictionForm | ConflictNoteForm) -> None:
    name = next((name for name in form.fields if name in form.errors), None)
    if name is not None:
        form.fields[name].widget.attrs["autofocus"] = True


def _exclusions_page(
    request: AuthedRequest,
    conflict_form: ConflictForm | None = None,
    restriction_form: RestrictionForm | None = None,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    conflicts = selectors.conflicts_list(user=request.user, query=query)
    page = Paginator(conflicts, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    keep = QueryDict(mutable=True)
    if query:
        keep["q"] = query
    invalid = any(form is not None and form.errors for form in (conflict_form, restriction_form))
    for form in (conflict_form, restriction_form):
        if form is not None and form.errors:
            _focus_first_error(form)
    context = {
        "query": query,
        "page": page,
        "query_without_page": keep.urlencode(),
        "restrictions": list(selectors.restrictions_list(user=request.user)),
        "conflict_form": conflict_form or _conflict_form(request),
        "restriction_form": restriction_form or RestrictionForm(),
    }
    return render(request, EXCLUSIONS, context, status=400 if invalid else 200)


@login_required
@require_GET
def exclusions(request: AuthedRequest) -> HttpResponseBase:
    """The conflicts (searchable, a page at a time) and the role restrictions; either
    list as a file (`?format=csv`, and `list=restrictions` for the restrictions)."""
    selectors.require_manager(request.user)
    if fmt := requested_format(request):
        restrictions = request.GET.get("list") == "restrictions"
        name = "staffing-restrictions" if restrictions else "staffing-conflicts"
        return export_response(request, name, fmt)
    return _exclusions_page(request)


def _add(
    request: AuthedRequest,
    form: ConflictForm | RestrictionForm,
    *,
    create: Callable[..., Any],
    done: Callable[[Any], str],
    anchor: str,
) -> HttpResponse:
    """Records a conflict or a restriction from a valid form, says so and shows the list
    again at its section; a refused form comes back on the page with what was typed."""
    if form.is_valid():
        try:
            added = create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done(added))
            return redirect(reverse("staffing:exclusions") + anchor)
    if isinstance(form, ConflictForm):
        return _exclusions_page(request, conflict_form=form)
    return _exclusions_page(request, restriction_form=form)


def _delete(
    request: AuthedRequest, found: Any, *, remove: Callable[[Any], None], done: str, anchor: str
) -> HttpResponse:
    """Asks first (GET), then deletes (POST)."""
    kind = "conflict" if isinstance(found, Conflict) else "restriction"
    if request.method != "POST":
        return render(request, "staffing/exclusion_delete.html", {kind: found})
    remove(found)
    messages.success(request, done)
    return redirect(reverse("staffing:exclusions") + anchor)


@login_required
@require_POST
def conflict_add(request: AuthedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    return _add(
        request,
        _conflict_form(request, request.POST),
        create=services.conflict_create,
        done=lambda conflict: CONFLICT_ADDED % _conflict_names(conflict),
        anchor="#conflicts-heading",
    )


def _conflict_names(conflict: Conflict) -> dict[str, str]:
    return {"person": conflict.person.full_name, "account": conflict.account.name}


def _restriction_names(restriction: RoleRestriction) -> dict[str, str]:
    return {"department": restriction.department.name, "role": restriction.role.name}


@login_required
@require_http_methods(["GET", "POST"])
def conflict_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """A conflict's note, and its history."""
    conflict = selectors.conflict_get(user=request.user, pk=pk)
    form = ConflictNoteForm(request.POST or None, initial={"note": conflict.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_update(conflict=conflict, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("staffing:exclusions")
    _focus_first_error(form)
    return render(
        request,
        "staffing/conflict_form.html",
        {"conflict": conflict, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    conflict = selectors.conflict_get(user=request.user, pk=pk)
    return _delete(
        request,
        conflict,
        remove=lambda found: services.conflict_delete(conflict=found),
        done=CONFLICT_DELETED % _conflict_names(conflict),
        anchor="",
    )


@login_required
@require_POST
def restriction_add(request: AuthedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    return _add(
        request,
        RestrictionForm(request.POST),
        create=services.restriction_create,
        done=lambda restriction: RESTRICTION_ADDED % _restriction_names(restriction),
        anchor="#restrictions-heading",
    )


@login_required
@require_http_methods(["GET", "POST"])
def restriction_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    restriction = selectors.restriction_get(user=request.user, pk=pk)
    return _delete(
        request,
        restriction,
        remove=lambda found: services.restriction_delete(restriction=found),
        done=RESTRICTION_DELETED % _restriction_names(restriction),
        anchor="#restrictions-heading",
    )
