"""How much data each demo size holds, and whole-number helpers that hit those figures."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


class DemoError(Exception):
    """The demo portfolio cannot be loaded into this database."""


@dataclass(frozen=True)
class DemoShape:
    """How much of each kind of data a demo size holds."""

    accounts: int
    people: int
    memberships: int
    assignments: int
    lead_accounts: int  # accounts the demo user `lead` leads
    member_teams: int  # teams the demo user `member` is on
    min_allocation: int  # smallest allocation (%) on a team
    snapshot_weeks: int = 12  # weekly coverage snapshots before the reference day
    team_size: tuple[int, int] = (3, 9)
    business_units: tuple[int, int] = (2, 10)
    # The client side (hexad.demo.stakeholders): their people, ours with them, contacts.
    stakeholders: int = 1_000
    relationships: int = 2_000
    interactions: int = 6_000
    stakeholders_per_account: tuple[int, int] = (8, 40)
    concerns_per_account: tuple[int, int] = (0, 3)
    # Growth (hexad.demo.growth): quarters of financials, opportunities in all, value
    # initiatives per account, and business units every account is topped up to (0: none).
    growth_quarters: int = 8
    opportunities: int = 600
    initiatives_per_account: tuple[int, int] = (0, 6)
    growth_units_per_account: int = 0
    # Plans and reviews (hexad.demo.planning): actions across every plan.
    plan_actions: int = 1_500


SIZES: dict[str, DemoShape] = {
    "small": DemoShape(
        accounts=50,
        people=60,
        memberships=300,
        assignments=750,
        lead_accounts=4,
        member_teams=4,
        min_allocation=5,
    ),
    # Q14. People here are on about 20 teams each, so their shares of time are small.
    "large": DemoShape(
        accounts=5_000,
        people=1_500,
        memberships=30_000,
        assignments=75_000,
        lead_accounts=6,
        member_teams=5,
        min_allocation=1,
        snapshot_weeks=4,
        stakeholders=150_000,
        relationships=300_000,
        interactions=1_000_000,
        stakeholders_per_account=(8, 60),
        concerns_per_account=(0, 2),
        opportunities=100_000,
        initiatives_per_account=(0, 3),
        growth_units_per_account=10,  # Q14: 20 offerings × 10 business units per account
        plan_actions=250_000,
    ),
}


def fit_total(
    values: list[int], low: Sequence[int], high: Sequence[int], target: int, rng: random.Random
) -> None:
    """Nudge `values` one step at a time, within `low`..`high`, until they sum to `target`."""
    diff = target - sum(values)
    step = 1 if diff > 0 else -1
    limit = high if step > 0 else low
    movable = [i for i in range(len(values)) if values[i] != limit[i]]
    for _ in range(abs(diff)):
        if not movable:
            raise DemoError(f"The demo shape cannot reach {target}; it stops at {sum(values)}.")
        slot = rng.randrange(len(movable))
        index = movable[slot]
        values[index] += step
        if values[index] == limit[index]:
            movable[slot] = movable[-1]
            movable.pop()


def split_by_shares(total: int, shares: Sequence[float]) -> list[int]:
    """Whole counts in proportion to `shares` that add up to `total` (largest remainder)."""
    whole = sum(shares)
    exact = [total * share / whole for share in shares]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts
