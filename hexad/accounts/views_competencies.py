"""The team's competencies on one account: members × roles, the gaps in assigned roles,
and manager ratings given in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hexad.accounts.models import Account, TeamMembership
from hexad.accounts.selectors import account_get
from hexad.core.exceptions import AccessDenied
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.people import services as people_services
from hexad.people.forms import QuickRatingForm
from hexad.people.models import Person, RatingSource
from hexad.people.selectors import competency_permissions, team_competencies

TEMPLATE = "accounts/team_competencies.html"


@login_required
@require_http_methods(["GET", "POST"])
def team_competencies_view(request: AuthedRequest, pk: int) -> HttpResponse:
    account = account_get(user=request.user, pk=pk)
    if request.method == "POST":
        return _quick_rate(request, account)
    template = f"{TEMPLATE}#matrix" if request.htmx else TEMPLATE
    return render(request, template, _context(request, account))


def _context(request: AuthedRequest, account: Account, **extra: Any) -> dict[str, Any]:
    return {
        "account": account,
        "matrix": team_competencies(user=request.user, account=account),
        "scale": range(1, 6),
        **extra,
    }


def _team_member(account: Account, value: str | None) -> Person:
    """A person on the account's team today (404 for anyone else)."""
    on_team = TeamMembership.objects.active().filter(account=account).values("person_id")
    person = (
        Person.objects.select_related("user").filter(id__in=on_team, pk=value).first()
        if value and value.isdigit()
        else None
    )
    if person is None:
        raise Http404("No such team member.")
    return person


def _quick_rate(request: AuthedRequest, account: Account) -> HttpResponse:
    """A manager rating given in a cell of the matrix (today, no note)."""
    person = _team_member(account, request.POST.get("person"))
    if not competency_permissions(request.user, person).can_rate_as_manager:
        raise AccessDenied
    form = QuickRatingForm(request.POST, people=Person.objects.filter(pk=person.pk))
    if form.is_valid():
        try:
            rating = people_services.rating_add(
                person=person,
                role=form.cleaned_data["role"],
                rating=form.cleaned_data["rating"],
                source=RatingSource.MANAGER,
                rated_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Manager rating of %(rating)s saved for %(person)s in %(role)s.")
                % {"rating": rating.rating, "person": person, "role": rating.role.name},
            )
            if request.htmx:
                return render(request, f"{TEMPLATE}#matrix", _context(request, account))
            return redirect("accounts:competencies", pk=account.pk)
    context = _context(request, account, form=form, failed_person=person)
    if request.htmx:
        return render(request, f"{TEMPLATE}#matrix", context)
    return render(request, TEMPLATE, context, status=400)
