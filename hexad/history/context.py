"""Who is changing data and through which channel, for the history entries of this work.

Each request (HistoryMiddleware), API call, import and command runs inside `recording()`;
the history receivers read the innermost one. Work outside any recording (a shell, a
test calling a service directly) is recorded with the source "system" and no actor.

This module imports nothing of Django's models, so `hexad/__main__.py` and domain
services can use it freely.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

# The sources a change can come through (HistoryEntry.source's choices).
PAGE = "page"
API = "api"
IMPORT = "import"
ADMIN = "admin"
COMMAND = "command"
SYSTEM = "system"
SOURCES = (PAGE, API, IMPORT, ADMIN, COMMAND, SYSTEM)


@dataclass
class Recording:
    """The actor (a user, or None) and the channel of the current work."""

    source: str
    actor: Any = None
    request: Any = None  # the request whose signed-in user is the actor, when not given
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # The latest entry written for each object in this recording: changes made to the
    # same object a moment later (its many-to-many links) join that entry.
    latest: dict[tuple[str, int], Any] = field(default_factory=dict)  # HistoryEntry

    def actor_user(self) -> Any:
        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None) if self.request is not None else None
        if user is not None and user.is_authenticated:
            return user
        return None


_current: ContextVar[Recording | None] = ContextVar("hexad_history_recording", default=None)
_paused: ContextVar[bool] = ContextVar("hexad_history_paused", default=False)


def current() -> Recording:
    return _current.get() or Recording(source=SYSTEM, request_id="")


def is_paused() -> bool:
    return _paused.get()


@contextlib.contextmanager
def recording(*, source: str, actor: Any = None, request: Any = None) -> Iterator[Recording]:
    """Every change made inside is recorded with this source and actor, e.g.
    `with recording(source="import", actor=user): ...`."""
    if source not in SOURCES:
        raise ValueError(f"Unknown history source {source!r}; use one of {SOURCES}.")
    state = Recording(source=source, actor=actor, request=request)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Changes made inside leave no history (the demo portfolio, erasure's own clean-up)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
