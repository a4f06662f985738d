"""Errors as JSON, the same shape for every router (docs/api.md "Errors").

    401, 403, 404, 409, 429, 400   {"detail": "<message>"}
    422                            {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}

422 covers both a request that does not fit the schema (ninja/pydantic) and a service's
`ValidationError` (a domain rule): `loc` names the field as the request named it,
["body", "<field>"], so clients handle both alike.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hexad.api.auth import LOCKED_OUT, NOT_SIGNED_IN, TokensLocked
from hexad.core.exceptions import StaleEdit

NOT_FOUND = _("Not found.")
FORBIDDEN = _("Your access does not allow this.")
# Every operation's body parameter is called `payload`; its name is not part of `loc`.
BODY_PARAMETER = "payload"


def _response(api: NinjaAPI, request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def schema_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    items = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if loc[:2] == ["body", BODY_PARAMETER]:
            loc = ["body", *loc[2:]]
        items.append({"loc": loc, "msg": str(error.get("msg", "")), "type": error.get("type", "")})
    return items


def service_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body"], "msg": str(message), "type": "invalid"} for message in exc]
    items = []
    for field, errors in exc.error_dict.items():
        loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
        for error in errors:
            message = error.message % error.params if error.params else error.message
            items.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return items


def install(api: NinjaAPI) -> None:
    def on_schema_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, 422, schema_errors(exc))

    def on_service_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, 422, service_errors(exc))

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, 404, str(NOT_FOUND))

    def on_forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, 403, str(FORBIDDEN))

    def on_stale(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, 409, str(exc))

    def on_unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else str(NOT_SIGNED_IN)
        response = _response(api, request, 401, message)
        response["WWW-Authenticate"] = 'Bearer realm="hexad"'
        return response

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _response(api, request, exc.status_code, exc.message)

    def on_locked(request: HttpRequest, exc: Any) -> HttpResponse:
        response = _response(api, request, 429, str(LOCKED_OUT))
        hours = settings.AXES_COOLOFF_TIME or 0
        response["Retry-After"] = str(math.ceil(float(hours) * 3600))
        return response

    api.add_exception_handler(NinjaValidationError, on_schema_error)
    api.add_exception_handler(DjangoValidationError, on_service_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(StaleEdit, on_stale)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(TokensLocked, on_locked)
