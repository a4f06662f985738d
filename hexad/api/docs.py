"""The interactive API documentation at /api/v1/docs, for signed-in users only.

Swagger UI is served from django-ninja's own copy of its files (`ninja` is an installed
app for its static files): nothing comes from a CDN, and the page follows Hexad's Content
Security Policy — scripts from Hexad itself carrying the request's nonce, settings in a
JSON data block, no validator badge fetched from swagger.io.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger

from hexad.api.auth import NOT_SIGNED_IN, TokenAuth, TokensLocked

SWAGGER_SETTINGS = {
    "validatorUrl": None,  # the default fetches a badge from swagger.io (CSP, offline)
    "persistAuthorization": False,
    "tryItOutEnabled": False,
    "displayOperationId": False,
    "defaultModelsExpandDepth": 0,
}


class LocalSwagger(Swagger):
    """Swagger UI from Hexad's static files, in a page template with CSP nonces."""

    template = "api/docs.html"


def _token_user(request: HttpRequest) -> Any:
    try:
        return TokenAuth()(request)
    except (AuthenticationError, TokensLocked):
        return None


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page need a signed-in user: a session, or a token for the
    schema. Anyone else gets the sign-in page (docs) or a 401 in JSON (schema)."""
    is_schema = getattr(view, "func", view).__name__ == "openapi_json"

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and not (is_schema and _token_user(request)):
            if is_schema:
                response = JsonResponse({"detail": str(NOT_SIGNED_IN)}, status=401)
                response["WWW-Authenticate"] = 'Bearer realm="hexad"'
                return response
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return require_GET(wrapper)
