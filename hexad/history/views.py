"""The History panel of a record's page (loaded with HTMX when it comes into view), and
the same list as a page of its own without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hexad.core.http import AuthedRequest
from hexad.history.selectors import history_get

TEMPLATE = "history/history_page.html"


@login_required
@require_GET
def history_panel(request: AuthedRequest, label: str, pk: int) -> HttpResponse:
    history = history_get(user=request.user, label=label, pk=pk, page=request.GET.get("page"))
    template = f"{TEMPLATE}#entries" if request.htmx else TEMPLATE
    return render(request, template, {"history": history, "label": label, "pk": pk})
