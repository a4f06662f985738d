"""Writes to the role catalogue (administrators only; the views check that)."""

from __future__ import annotations

from typing import Any

from hexad.roles.models import Role

ROLE_FIELDS = (
    "key", "order", "name_en", "name_pl", "purpose_en", "purpose_pl",
    "missing_en", "missing_pl", "tips_en", "tips_pl", "anchor_1_en", "anchor_1_pl",
    "anchor_3_en", "anchor_3_pl", "anchor_5_en", "anchor_5_pl",
)  # fmt: skip


def role_create(**fields: Any) -> Role:
    role = Role(**{name: fields[name] for name in ROLE_FIELDS if name in fields})
    role.full_clean()
    role.save()
    return role


def role_update(*, role: Role, **fields: Any) -> Role:
    for name in ROLE_FIELDS:
        if name in fields and not (name == "key" and role.is_builtin):
            setattr(role, name, fields[name])
    role.full_clean()
    role.save()
    return role
