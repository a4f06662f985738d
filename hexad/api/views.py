"""Pages of a user's own API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hexad.api import selectors, services
from hexad.api.forms import TokenForm
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    """The user's tokens and a form for a new one; after creating, the new token's secret
    is on this response only (never stored, never cached)."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "created": created,
            "tokens": list(selectors.tokens_of(user=request.user)),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.token_get(user=request.user, pk=pk)
    services.token_revoke(token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("people:tokens")
