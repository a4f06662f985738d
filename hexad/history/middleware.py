"""Every request records its changes with the signed-in user (read when a change is
written, so an API token's user counts) and its channel: the administration, the API, or
a page."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hexad.history import context


@cache
def _prefixes() -> tuple[str, str]:
    return reverse("admin:index"), reverse("api:api-root")


def source_of(path: str) -> str:
    admin, api = _prefixes()
    if path.startswith(admin):
        return context.ADMIN
    if path.startswith(api):
        return context.API
    return context.PAGE


class HistoryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with context.recording(source=source_of(request.path), request=request):
            return self.get_response(request)
