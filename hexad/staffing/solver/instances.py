"""Seeded random instances of the shape QUALITY.md Q17 defines, for the benchmark and tests.

Fits 0–5 (20 points each), about 10 % forbidden person–account pairs, 70 % of slots with a
current holder, 22 slots per person; with hours, roles take (8, 5, 4, 3, 1, 1) hours and
each person has 77.
"""

from __future__ import annotations

import random

from hexad.staffing.solver.model import Person, Problem, Slot, Weights

ROLE_HOURS = (8, 5, 4, 3, 1, 1)


def q17(
    accounts: int,
    people: int,
    *,
    roles: int = 6,
    seed: int = 17,
    with_hours: bool = False,
    per_account_limit: int | None = None,
    capacity_slots: int = 22,
    capacity_hours: int = 77,
    forbidden_share: float = 0.10,
    held_share: float = 0.70,
    weights: Weights | None = None,
) -> Problem:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    persons = tuple(
        Person(
            id=index + 1,
            capacity_slots=capacity_slots,
            capacity_hours=capacity_hours if with_hours else None,
            fits=tuple(20 * rng.randint(0, 5) for _ in range(roles)),
            assessed=(True,) * roles,
        )
        for index in range(people)
    )
    n_pairs = accounts * people
    conflicts = frozenset(rng.sample(range(n_pairs), int(n_pairs * forbidden_share)))
    load = [0] * people
    slots = []
    for account in range(accounts):
        for role in range(roles):
            current = None
            if rng.random() < held_share:
                for _attempt in range(5):
                    person = rng.randrange(people)
                    if person * accounts + account not in conflicts and load[person] < 20:
                        current = person
                        load[person] += 1
                        break
            slots.append(Slot(account=account, role=role, current=current))
    return Problem(
        account_ids=tuple(range(1, accounts + 1)),
        role_ids=tuple(range(1, roles + 1)),
        people=persons,
        slots=tuple(slots),
        role_hours=ROLE_HOURS[:roles] if with_hours else (),
        conflicts=conflicts,
        per_account_limit=per_account_limit if per_account_limit is not None else roles,
        weights=weights or Weights(),
    )
