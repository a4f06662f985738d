"""How API requests are authenticated: a personal token, or the browser's session.

- `TokenAuth`: `Authorization: Bearer hexad_<prefix>_<secret>`. When a Bearer header is
  there, it alone decides (a bad token is a 401 even for a signed-in browser); other
  schemes (a proxy's Basic credentials) are not ours and are left alone. Failed attempts
  count as failed sign-ins in django-axes, keyed by the client's address: after
  `LOGIN_FAILURE_LIMIT` failures (5) that address may not use tokens for
  `LOGIN_LOCKOUT_MINUTES` (15), answered with 429. Requests from a locked address are
  refused before the token is looked at, so guessing learns nothing while locked.
- `SessionAuth`: ninja's `django_auth` (the session cookie, CSRF checked on unsafe
  methods), except that a request without a signed-in session is a 401, not a CSRF 403.

Both set `request.auth` (and `request.user`) to the user; operations read `api_user(request)`.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.security.http import HttpBearer

from hexad.api.selectors import token_authenticate
from hexad.api.services import token_used
from hexad.people.models import User

# django-axes counts failures per (username, address); every failed token attempt is
# recorded under this one name, so the count is per address across all tokens.
TOKEN_CREDENTIALS = {"username": "[API token]"}

NOT_SIGNED_IN = _("Send an API token (Authorization: Bearer …) or sign in.")
BAD_TOKEN = _("This API token is not valid: it is mistyped, revoked, or its user is inactive.")
LOCKED_OUT = _("Too many failed attempts with API tokens from this address. Try again later.")


class TokensLocked(Exception):
    """This address failed with tokens too often; it is answered with 429."""


def tokens_locked(request: HttpRequest) -> bool:
    return AxesProxyHandler.is_locked(request, TOKEN_CREDENTIALS)


def token_failed(request: HttpRequest) -> bool:
    """Records a failed token attempt; True when it locked the address out."""
    user_login_failed.send(sender=__name__, credentials=TOKEN_CREDENTIALS, request=request)
    locked = bool(getattr(request, "axes_locked_out", False))
    # The API answers the lock-out itself, in JSON; AxesMiddleware would swap in its page.
    request.axes_locked_out = False  # type: ignore[attr-defined]
    return locked


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer …` header (possibly empty), or None when the
    request has no such header (another scheme, e.g. a proxy's Basic, is not ours)."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


class TokenAuth(HttpBearer):
    """Personal API tokens (see hexad.api.tokens)."""

    def __call__(self, request: HttpRequest) -> Any:
        token = bearer_token(request)
        if token is None:
            return None  # no token: the session decides
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> User:
        if tokens_locked(request):
            raise TokensLocked
        api_token = token_authenticate(raw=token)
        if api_token is None:
            if token_failed(request):
                raise TokensLocked
            raise AuthenticationError(401, str(BAD_TOKEN))
        token_used(token=api_token)
        user = api_token.user
        request.user = user
        if user.language:
            # The user's own language, as UserLanguageMiddleware does for sessions.
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser's session; unsafe methods need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def api_user(request: HttpRequest) -> User:
    """The user an operation acts for (authentication has already run)."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user
