"""Competency ratings for the demo as plain data: who rates whom in which role, and how."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hexad.demo.vocabulary import ROLE_KEYS

SELF = "self"
MANAGER = "manager"


@dataclass(frozen=True)
class PlannedRating:
    person: int  # index of the person
    role: str  # role key
    source: str  # SELF or MANAGER
    rating: int  # 1–5
    days_ago: int  # before the reference date


def likely_rating(rng: random.Random, fit: float) -> int:
    """A 1–5 rating for someone whose department fits the role by `fit` (0–5)."""
    if fit >= 4:
        return rng.choice((3, 4, 4, 4, 5, 5))
    if fit >= 2:
        return rng.choice((2, 3, 3, 3, 4, 4, 4, 4, 5))
    # Some people are pushed into a role that does not suit them: the forced fits.
    return rng.choice((1, 2, 3, 3, 3, 3, 4))


def plan_ratings(
    rng: random.Random,
    played: Sequence[tuple[int, str]],
    affinity: Sequence[Mapping[str, float]],
) -> list[PlannedRating]:
    """Ratings for the (person, role) pairs `played`, plus a few roles people could take up.

    Most pairs have a manager rating, many a self rating (often a notch higher), some an
    older manager rating to show progress, and about a sixth none at all.
    """
    pairs = list(played)
    seen = set(pairs)
    for person in sorted({person for person, _role in pairs}):
        spare = [k for k in ROLE_KEYS if (person, k) not in seen and affinity[person].get(k, 0)]
        if spare and rng.random() < 0.4:
            pairs.append((person, rng.choice(spare)))
    planned: list[PlannedRating] = []
    for person, key in pairs:
        roll = rng.random()
        if roll < 0.15:
            continue
        rating = likely_rating(rng, affinity[person].get(key, 0))
        days_ago = rng.randint(14, 300)
        if roll < 0.8:
            planned.append(PlannedRating(person, key, MANAGER, rating, days_ago))
            if rng.random() < 0.2:
                earlier = max(1, rating - rng.choice((0, 1, 1, 2)))
                planned.append(PlannedRating(person, key, MANAGER, earlier, days_ago + 365))
        if roll >= 0.55:
            own = min(5, rating + rng.choice((0, 0, 1)))
            planned.append(PlannedRating(person, key, SELF, own, days_ago + rng.randint(0, 20)))
    return planned
