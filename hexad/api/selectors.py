"""Reads of API tokens: a user's own tokens, and the token a request presents."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from hexad.api.models import ApiToken
from hexad.api.tokens import secret_matches, token_parse
from hexad.people.models import User


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens, active ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-id"
    )


def token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anyone else's does not exist for them (404)."""
    token = tokens_of(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    return token


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The active token `raw` stands for, with its user (active) and person, in one query."""
    parts = token_parse(raw)
    if parts is None:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .filter(prefix=parts.prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not secret_matches(parts.secret, token.digest):
        return None
    return token
