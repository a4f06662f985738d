"""Reading the role catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hexad.core.cache import kept
from hexad.roles.models import Role

ROLES_KEY = "hexad:role-catalogue"


def role_catalogue() -> list[Role]:
    """The six roles in their order, as most pages draw them (names, texts, anchors).

    Kept in the process's cache (`hexad.core.cache`) and cleared when a role changes, so a
    page asks for them no more than once a minute per process. Each call returns its own
    copies: changing one changes neither the cache nor the next caller's."""
    return kept(ROLES_KEY, lambda: list(Role.objects.all()))


def attach_roles(objects: Iterable[Any]) -> None:
    """Gives each object with a `role` foreign key its role from the kept catalogue, in
    place of joining roles_role in the query: a role's long texts (purpose, tips, anchors
    in two languages) cost more to read than the rest of an action or assignment row. A
    role not in the catalogue yet (added in another process a moment ago) is left to load
    on first use."""
    by_id = {role.pk: role for role in role_catalogue()}
    for item in objects:
        role = by_id.get(item.role_id)
        if role is not None:
            item.role = role
