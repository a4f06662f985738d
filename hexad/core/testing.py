"""Helpers for Hexad's tests."""

from __future__ import annotations

import importlib

# Data migrations that seed what every database has: the six roles (with their anchors),
# the default tiers (with their required roles and review cadence) and the default
# Salesforce team role mapping.
SEED_MIGRATIONS = [
    ("hexad.roles.migrations.0002_seed_six_roles", "seed"),
    ("hexad.roles.migrations.0003_role_anchors", "fill_anchors"),
    ("hexad.accounts.migrations.0002_default_tiers", "seed"),
    ("hexad.accounts.migrations.0003_tier_review_cadence", "seed"),
    ("hexad.transfer.defaults", "seed"),
]


def ensure_catalogue() -> None:
    """Seeds the catalogue again when a transactional test's flush emptied it. Each data
    migration is idempotent, and nothing is done when the six roles are there. Like
    `hexad migrate`, it leaves no field history (migrations write through historical
    models, which send no signals)."""
    from django.apps import apps

    from hexad.history.context import paused
    from hexad.roles.models import Role

    if Role.objects.filter(is_builtin=True).exists():
        return
    with paused():
        for module, function in SEED_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
