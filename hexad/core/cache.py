"""Small lists every list page draws (account leads, tiers, role names), kept in the
process's cache.

`kept(key, build)` returns the cached value or builds and keeps it for `SECONDS`;
`forget_on(key, models)` clears it in this process whenever one of the models is saved
or deleted (or, for a many-to-many field given as `Model.field`, its links change). Other
server processes keep their copy until it expires, so a change shows there within
`SECONDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

SECONDS = 60


def kept[T](key: str, build: Callable[[], T]) -> T:
    value: T | None = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, SECONDS)
    return value


def forget_on(key: str, senders: Iterable[Any]) -> None:
    """Clears `key` when a sender changes: a model (saved or deleted) or a many-to-many
    field's descriptor (`Tier.required_roles`: its links added or removed)."""

    def forget(**_kwargs: Any) -> None:
        cache.delete(key)

    for sender in senders:
        if isinstance(sender, type) and issubclass(sender, models.Model):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget, sender=sender, weak=False, dispatch_uid=f"{key}-{sender.__name__}"
                )
        else:
            through = sender.through
            m2m_changed.connect(
                forget, sender=through, weak=False, dispatch_uid=f"{key}-{through.__name__}"
            )
