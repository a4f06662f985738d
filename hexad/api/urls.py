"""The API's URLs (mounted at /api/v1/ under the namespace `api`).

Every API view is wrapped once more here so that, whatever the route and method, an
unsafe request from a signed-in browser session without the CSRF token is refused with
403 before anything else runs (ninja's own check only runs for operations that exist,
after the method is matched). Requests with a Bearer token are not cookie-authenticated
and need no CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.utils import check_csrf

from hexad.api.auth import bearer_token
from hexad.api.v1 import api

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
CSRF_FAILED = _(
    "CSRF check failed: with a session, send the X-CSRFToken header with the value of "
    "the csrftoken cookie."
)


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            request.method not in SAFE_METHODS
            and bearer_token(request) is None
            and request.user.is_authenticated
            and check_csrf(request) is not None
        ):
            return JsonResponse({"detail": str(CSRF_FAILED)}, status=403)
        language = translation.get_language()
        try:
            return view(request, *args, **kwargs)
        finally:
            # A token user's language is switched on during authentication; put the
            # thread back as the request found it.
            if language:
                translation.activate(language)
            else:
                translation.deactivate()

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


app_name = api.urls_namespace
patterns, _app, _namespace = api.urls
urlpatterns = [
    URLPattern(pattern.pattern, guarded(pattern.callback), pattern.default_args, pattern.name)
    for pattern in patterns
    if isinstance(pattern, URLPattern)
]
