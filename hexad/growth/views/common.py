"""What every growth page shares: the account lookup, the edit right, query strings."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from hexad.accounts.models import Account
from hexad.accounts.selectors import account_can_edit_visible, account_get
from hexad.core.http import AuthedRequest


def get_account(request: AuthedRequest, pk: int, *, for_edit: bool = False) -> Account:
    """The account the URL names: 404 when the user may not see it, 403 for a write they
    may not make. Every growth object is then looked up within it."""
    return account_get(user=request.user, pk=pk, for_edit=for_edit)


def can_edit(request: AuthedRequest) -> bool:
    """Whether the user may change an account already known to be visible to them."""
    return account_can_edit_visible(user=request.user)


def query_without(request: AuthedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def redirect_to(url: str, anchor: str = "") -> HttpResponse:
    return redirect(f"{url}#{anchor}" if anchor else url)
