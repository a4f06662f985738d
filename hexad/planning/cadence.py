"""Review cadence: when each kind of review is next due on an account, and whether it is
overdue. Pure functions over plain data (no ORM), so every date can be checked by hand.

A tier says how many days may pass between two reviews of each kind (check-in, quarterly,
executive); an empty value means that kind is not required. A review of a more senior
kind counts as one of every kind below it: an executive review is also a quarterly review
and a check-in. A kind never held is due `every` days after the account joined the
programme, so a new account is not overdue on its first day. See docs/planning.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

# Kinds from the most frequent to the most senior; the values match models.ReviewKind.
CHECK_IN = "check_in"
QUARTERLY = "quarterly"
EXECUTIVE = "executive"
KINDS = (CHECK_IN, QUARTERLY, EXECUTIVE)
RANK = {kind: rank for rank, kind in enumerate(KINDS, start=1)}


@dataclass(frozen=True, slots=True)
class Cadence:
    """Days allowed between reviews of each kind; None: not required."""

    check_in_days: int | None = None
    quarterly_days: int | None = None
    executive_days: int | None = None

    def every(self, kind: str) -> int | None:
        return {
            CHECK_IN: self.check_in_days,
            QUARTERLY: self.quarterly_days,
            EXECUTIVE: self.executive_days,
        }[kind]


@dataclass(frozen=True, slots=True)
class KindStatus:
    kind: str
    every_days: int
    last_held: datetime.date | None  # the latest review that counts for this kind
    due_on: datetime.date
    overdue_days: int  # 0 when not overdue

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True, slots=True)
class CadenceStatus:
    kinds: tuple[KindStatus, ...]  # only the kinds the tier requires, most frequent first
    last_review_on: datetime.date | None
    last_review_kind: str | None

    @property
    def overdue(self) -> tuple[KindStatus, ...]:
        return tuple(kind for kind in self.kinds if kind.overdue)

    @property
    def is_overdue(self) -> bool:
        return any(kind.overdue for kind in self.kinds)

    @property
    def next_due(self) -> KindStatus | None:
        """The kind due first (the most overdue when several are); ties go to the senior."""
        if not self.kinds:
            return None
        return min(self.kinds, key=lambda k: (k.due_on, -RANK[k.kind]))


def last_counting(last_held: Mapping[str, datetime.date], kind: str) -> datetime.date | None:
    """The latest review of `kind` or of a more senior kind."""
    dates = [day for other, day in last_held.items() if RANK.get(other, 0) >= RANK[kind]]
    return max(dates) if dates else None


def cadence_status(
    *,
    cadence: Cadence,
    last_held: Mapping[str, datetime.date],
    since: datetime.date,
    today: datetime.date,
) -> CadenceStatus:
    """Each required kind's last review, due date and days overdue.

    `last_held` holds the latest held review of each kind (reviews dated after `today`
    are planned, not held, and must not be in it); `since` is when the account joined.
    """
    kinds = []
    for kind in KINDS:
        every = cadence.every(kind)
        if every is None:
            continue
        last = last_counting(last_held, kind)
        due = (last or since) + datetime.timedelta(days=every)
        kinds.append(
            KindStatus(
                kind=kind,
                every_days=every,
                last_held=last,
                due_on=due,
                overdue_days=max(0, (today - due).days),
            )
        )
    latest_kind: str | None = None
    latest_day: datetime.date | None = None
    for kind, day in last_held.items():
        if latest_day is None or (day, RANK.get(kind, 0)) > (
            latest_day,
            RANK.get(latest_kind or "", 0),
        ):
            latest_kind, latest_day = kind, day
    return CadenceStatus(
        kinds=tuple(kinds), last_review_on=latest_day, last_review_kind=latest_kind
    )
