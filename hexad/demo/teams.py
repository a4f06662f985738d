"""Account teams for the demo as plain data: seats, shares of time and the roles played."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hexad.demo.vocabulary import ROLE_KEYS
from hexad.roles.catalogue import RELATIONSHIP_MANAGER

OVERLOADED_SHARE = 0.05
MAX_ALLOCATION = 50


@dataclass
class Seat:
    """A planned membership of one person on one account team."""

    person: int  # index of the person
    is_lead: bool = False  # the account lead; always the first seat of a team
    ended: bool = False
    allocation: int = 0
    quota: int = 0  # how many roles the person plays here
    candidates: tuple[str, ...] = ()  # roles the person may play here


def pick_balanced(rng: random.Random, pool: Sequence[int], load: list[int]) -> int:
    """Of two people drawn from `pool`, the one on fewer teams: workloads stay even."""
    first, second = rng.choice(pool), rng.choice(pool)
    return first if load[first] <= load[second] else second


def plan_allocations(
    rng: random.Random,
    teams: Sequence[Sequence[Seat]],
    *,
    capacity: Sequence[int],
    targets: Mapping[int, float],
    floor: int,
) -> None:
    """Shares of time: most people within capacity, a few on 3+ teams overloaded.

    `targets` fixes the load (as a share of capacity) of chosen people.
    """
    current: dict[int, list[Seat]] = {}
    for seats in teams:
        for seat in seats:
            if seat.ended:
                seat.allocation = max(floor, min(MAX_ALLOCATION, rng.randint(5, 40)))
            else:
                current.setdefault(seat.person, []).append(seat)
    eligible = [p for p in sorted(current) if len(current[p]) >= 3 and p not in targets]
    count = min(len(eligible), max(3, round(OVERLOADED_SHARE * len(current))))
    overloaded = set(rng.sample(eligible, count))
    for person in sorted(current):
        seats = current[person]
        if person in targets:
            load = targets[person]
        elif person in overloaded:
            load = rng.uniform(1.15, 1.6)
        else:
            load = rng.uniform(0.5, 0.95)
        weights = [2.0 if seat.is_lead else rng.uniform(0.5, 1.5) for seat in seats]
        whole = sum(weights)
        for seat, weight in zip(seats, weights, strict=True):
            share = round(load * capacity[person] * weight / whole)
            seat.allocation = max(floor, min(MAX_ALLOCATION, share))
        while person in overloaded and sum(s.allocation for s in seats) <= capacity[person]:
            smallest = min(seats, key=lambda s: s.allocation)
            excess = capacity[person] + 1 - sum(s.allocation for s in seats)
            smallest.allocation = min(MAX_ALLOCATION, smallest.allocation + excess)


def cast_roles(
    rng: random.Random,
    present: Sequence[str],
    seats: Sequence[Seat],
    affinity: Sequence[Mapping[str, float]],
) -> list[tuple[int, str, bool]]:
    """Roles for one team as (seat, role key, leads the role).

    Each seat takes exactly its quota of roles from its candidates. `present` are the
    roles the team plays today; `affinity[person]` says how naturally a person fits each.
    """
    held: list[list[str]] = [[] for _ in seats]
    left = [seat.quota for seat in seats]

    def fit(index: int, key: str) -> float:
        return affinity[seats[index].person].get(key, 0)

    def give(index: int, key: str) -> None:
        held[index].append(key)
        left[index] -= 1

    # The account lead usually manages the relationship.
    if left[0] and RELATIONSHIP_MANAGER in seats[0].candidates and rng.random() < 0.9:
        give(0, RELATIONSHIP_MANAGER)
    # Every role the team can play gets someone, then people take up what suits them.
    for key in present:
        if any(key in held[i] for i, seat in enumerate(seats) if not seat.ended):
            continue
        able = [
            i
            for i, seat in enumerate(seats)
            if not seat.ended and left[i] and key in seat.candidates and key not in held[i]
        ]
        if able:
            give(rng.choices(able, [fit(i, key) for i in able])[0], key)
    for i, seat in enumerate(seats):
        while left[i]:
            options = [key for key in seat.candidates if key not in held[i]]
            give(i, rng.choices(options, [fit(i, key) for key in options])[0])

    cast: list[tuple[int, str, bool]] = []
    for key in ROLE_KEYS:
        holders = [i for i, seat in enumerate(seats) if key in held[i] and not seat.ended]
        leading: int | None = None
        if key == RELATIONSHIP_MANAGER and 0 in holders:
            leading = 0 if rng.random() < 0.95 else None
        elif holders and rng.random() < 0.85:
            leading = max(holders, key=lambda i: (fit(i, key), rng.random()))
        for i, seat in enumerate(seats):
            if key in held[i]:
                cast.append((i, key, i == leading or (seat.ended and rng.random() < 0.4)))
    return cast
