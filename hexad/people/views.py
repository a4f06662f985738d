"""People pages (the directory, a person's teams, load and competencies) and sign-in views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.core.exceptions import AccessDenied
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.people import selectors, services
from hexad.people.forms import (
    DevelopmentNoteForm,
    NoteDoneForm,
    PeopleFilterForm,
    PersonForm,
    RatingForm,
    focus_first_error,
)
from hexad.people.models import Person


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    http_method_names = ["get", "post"]


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
    http_method_names = ["get", "post"]


@login_required
@require_GET
def people_list(request: AuthedRequest) -> HttpResponseBase:
    if fmt := requested_format(request):
        return export_response(request, "people", fmt)
    form = PeopleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    department = data.get("department")
    people = selectors.people_list(
        user=request.user,
        query=(data.get("q") or "").strip(),
        department=department.pk if department else None,
    )
    page = Paginator(people, settings.HEXAD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    loads = selectors.people_load(people=rows)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(person, loads[person.pk]) for person in rows],
        "query_without_page": query.urlencode(),
        "can_create": request.user.manages_portfolio,
    }
    template = "people/people_list.html"
    if request.htmx and request.htmx.target == "people-results":
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    teams = selectors.person_teams(user=request.user, person=person)
    permissions = selectors.competency_permissions(request.user, person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "teams": teams,
            "can_edit": request.user.manages_portfolio,
            **_competencies_context(person, permissions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.manages_portfolio:
        raise AccessDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(person)s added.") % {"person": person})
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if not request.user.manages_portfolio:
        raise AccessDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        original = selectors.person_get(user=request.user, pk=pk)
        try:
            services.person_update(person=original, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


# --- competencies ------------------------------------------------------------------------


def _competencies_context(
    person: Person,
    permissions: selectors.CompetencyPermissions,
    *,
    rating_form: RatingForm | None = None,
    note_form: DevelopmentNoteForm | None = None,
) -> dict[str, Any]:
    """The competency section of a person's page; empty when the user may not see it."""
    if not permissions.can_view:
        return {"competencies": None}
    today = timezone.localdate()
    failed_role = rating_form.data.get("role") if rating_form is not None else None
    entries = []
    placed = False
    for entry in selectors.person_competencies(person=person):
        form = None
        if permissions.can_rate:
            if rating_form is not None and failed_role == str(entry.role.pk):
                form, placed = rating_form, True
            else:
                form = RatingForm(
                    sources=permissions.sources,
                    initial={"role": entry.role.pk, "rated_on": today},
                    auto_id=f"rating-{entry.role.pk}-%s",
                )
        entries.append((entry, form))
    if note_form is None and permissions.can_add_notes:
        note_form = DevelopmentNoteForm(auto_id="note-%s")
    if note_form is not None:
        note_form.show_roles([entry.role for entry, _form in entries])
    for bound in (rating_form, note_form):
        if bound is not None and bound.errors:
            focus_first_error(bound)
    return {
        "competencies": entries,
        "competency_permissions": permissions,
        # A rating for a role that is not in the catalogue: its errors go above the roles.
        "unplaced_rating_form": rating_form if rating_form is not None and not placed else None,
        "note_form": note_form,
        "open_notes": sum(entry.open_notes for entry, _form in entries),
    }


def _competencies_response(
    request: AuthedRequest,
    person: Person,
    permissions: selectors.CompetencyPermissions,
    *,
    rating_form: RatingForm | None = None,
    note_form: DevelopmentNoteForm | None = None,
) -> HttpResponse:
    """The competency section for HTMX; otherwise the page again (with errors) or a redirect."""
    failed = any(form is not None and form.errors for form in (rating_form, note_form))
    context = {
        "person": person,
        **_competencies_context(person, permissions, rating_form=rating_form, note_form=note_form),
    }
    if request.htmx:
        return render(request, "people/person_detail.html#competencies", context)
    if failed:
        teams = selectors.person_teams(user=request.user, person=person)
        context |= {"teams": teams, "can_edit": request.user.manages_portfolio}
        return render(request, "people/person_detail.html", context, status=400)
    return redirect(reverse("people:detail", args=[person.pk]) + "#competencies")


def _competency_access(
    request: AuthedRequest, pk: int, *, notes: bool = False
) -> tuple[Person, selectors.CompetencyPermissions]:
    """The person (404 when the user may not see their competencies) and the user's rights
    (403 when they may see but not rate, or not add notes)."""
    person = selectors.person_get(user=request.user, pk=pk)
    permissions = selectors.competency_permissions(request.user, person)
    if not permissions.can_view:
        raise Http404("No such person.")
    if not (permissions.can_add_notes if notes else permissions.can_rate):
        raise AccessDenied
    return person, permissions


@login_required
@require_POST
def rating_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person, permissions = _competency_access(request, pk)
    form = RatingForm(request.POST, sources=permissions.sources, auto_id="rating-new-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rating = services.rating_add(
                person=person,
                role=data["role"],
                rating=data["rating"],
                source=data["source"],
                rated_by=request.user,
                rated_on=data["rated_on"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(source)s of %(rating)s saved for %(role)s.")
                % {
                    "source": rating.get_source_display(),
                    "rating": rating.rating,
                    "role": rating.role.name,
                },
            )
            return _competencies_response(request, person, permissions)
    return _competencies_response(request, person, permissions, rating_form=form)


@login_required
@require_POST
def note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person, permissions = _competency_access(request, pk, notes=True)
    form = DevelopmentNoteForm(request.POST, auto_id="note-%s")
    if form.is_valid():
        try:
            services.development_note_add(person=person, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Development step added."))
            return _competencies_response(request, person, permissions)
    return _competencies_response(request, person, permissions, note_form=form)


@login_required
@require_POST
def note_done(request: AuthedRequest, pk: int, note_pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    permissions = selectors.competency_permissions(request.user, person)
    if not permissions.can_view:
        raise Http404("No such person.")
    note = selectors.development_note_get(person=person, pk=note_pk)
    if not permissions.can_add_notes:
        raise AccessDenied
    form = NoteDoneForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Say whether the step is done."))
    services.development_note_set_done(note=note, done=form.cleaned_data["done"])
    messages.success(
        request,
        _("Marked as done.") if note.is_done else _("Marked as not done."),
    )
    return _competencies_response(request, person, permissions)
