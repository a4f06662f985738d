"""The format of API tokens: `hexad_<prefix>_<secret>`, pure functions without the ORM.

The prefix (12 hex digits) is a public id that finds the token's row; the secret is 32
random bytes (43 URL-safe characters). Only the SHA-256 digest of the secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "hexad"
PREFIX_BYTES = 6
SECRET_BYTES = 32
TOKEN_PATTERN = re.compile(r"^hexad_(?P<prefix>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class TokenParts:
    prefix: str
    secret: str

    def __str__(self) -> str:
        return f"{SCHEME}_{self.prefix}_{self.secret}"


def token_generate() -> TokenParts:
    return TokenParts(
        prefix=secrets.token_hex(PREFIX_BYTES), secret=secrets.token_urlsafe(SECRET_BYTES)
    )


def token_parse(raw: str) -> TokenParts | None:
    """The parts of a token as a client sent it, or None when it cannot be one of ours."""
    match = TOKEN_PATTERN.match(raw.strip())
    if match is None:
        return None
    return TokenParts(prefix=match["prefix"], secret=match["secret"])


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, digest: str) -> bool:
    return hmac.compare_digest(secret_digest(secret), digest)
