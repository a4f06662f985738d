"""Secrets and preferences of "my work": the calendar feed token and the daily e-mail.

A feed token is 32 random bytes (URL-safe); only its SHA-256 is stored, so a leaked
database opens no calendar. Making a new token revokes the previous one.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from hexad.history.recorder import update_recorded
from hexad.people.models import User
from hexad.planning.models import CalendarToken, DigestState


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, user: User) -> tuple[CalendarToken, str]:
    """A new feed token for the user; returns it with its secret (shown once)."""
    calendar_token_revoke(user=user)
    secret = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(user=user, token_hash=token_hash(secret), hint=secret[-4:])
    return token, secret


@transaction.atomic
def calendar_token_revoke(*, user: User) -> int:
    """Turns the user's feed off; returns how many tokens were revoked."""
    return update_recorded(
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True),
        revoked_at=timezone.now(),
    )


@transaction.atomic
def digest_set(*, user: User, enabled: bool) -> DigestState:
    state, _created = DigestState.objects.update_or_create(user=user, defaults={"enabled": enabled})
    return state
