"""What every planning page shares: the account lookup and the HTMX-or-page answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render

from hexad.accounts.models import Account
from hexad.accounts.selectors import account_can_edit_visible, account_get
from hexad.core.http import AuthedRequest


def get_account(request: AuthedRequest, account_pk: int, *, for_edit: bool = False) -> Account:
    """The account the URL names: 404 when the user may not see it, 403 for a write they
    may not make; every object below it is then looked up within it."""
    return account_get(user=request.user, pk=account_pk, for_edit=for_edit)


def can_edit(request: AuthedRequest) -> bool:
    """For an account already known to be visible: everyone but viewers may change it."""
    return account_can_edit_visible(user=request.user)


def failed(*candidates: forms.BaseForm | None) -> bool:
    return any(form is not None and form.errors for form in candidates)


def respond(
    request: AuthedRequest,
    *,
    template: str,
    partial: str,
    context: dict[str, Any],
    forms_used: tuple[forms.BaseForm | None, ...] = (),
    success_url: str,
) -> HttpResponse:
    """After a write: the partial for HTMX (errors included, with 200 so HTMX swaps it);
    otherwise the page again with 400 when a form failed, or a redirect on success."""
    if request.htmx:
        return render(request, f"{template}#{partial}", context)
    if failed(*forms_used):
        return render(request, template, context, status=400)
    return redirect(success_url)


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def query_without(request: AuthedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
