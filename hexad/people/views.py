"""People pages (the directory and a person's teams and load) and sign-in views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hexad.core.exceptions import AccessDenied
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.people import selectors, services
from hexad.people.forms import PeopleFilterForm, PersonForm


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    http_method_names = ["get", "post"]


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
    http_method_names = ["get", "post"]


@login_required
@require_GET
def people_list(request: AuthedRequest) -> HttpResponse:
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
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "teams": teams, "can_edit": request.user.manages_portfolio},
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
