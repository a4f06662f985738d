"""Reading the role catalogue."""

from __future__ import annotations

from hexad.core.cache import kept
from hexad.roles.models import Role

ROLES_KEY = "hexad:role-catalogue"


def role_catalogue() -> list[Role]:
    """The six roles in their order, as most pages draw them (names, texts, anchors).

    Kept in the process's cache (`hexad.core.cache`) and cleared when a role changes, so a
    page asks for them no more than once a minute per process. Each call returns its own
    copies: changing one changes neither the cache nor the next caller's."""
    return kept(ROLES_KEY, lambda: list(Role.objects.all()))
