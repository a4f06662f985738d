"""Writes of API tokens: create (the secret is returned once), revoke, mark as used."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hexad.api.models import ApiToken
from hexad.api.tokens import secret_digest, token_generate
from hexad.people.models import User

# The last-used time is written at most this often, so a busy client costs no write per call.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token as the client sends it; never stored, shown once


def token_create(*, user: User, name: str) -> NewToken:
    parts = token_generate()
    while ApiToken.objects.filter(prefix=parts.prefix).exists():  # 1 in 2**48 per token
        parts = token_generate()
    token = ApiToken(
        user=user, name=name.strip(), prefix=parts.prefix, digest=secret_digest(parts.secret)
    )
    token.full_clean()
    token.save()
    return NewToken(token=token, secret=str(parts))


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revokes the token for good; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_used(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    moment = now or timezone.now()
    last = token.last_used_at
    if last is None or moment - last >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment
