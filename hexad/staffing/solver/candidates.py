"""Candidates per slot: who may play it and what they are worth, pruned to the best few.

Pruning keeps the problem small (a full candidate list at 5,000 accounts × 1,500 people
holds 45 million pairs). It never silently costs optimality: `best_outside` prices every
allowed pair of the whole problem against the solver's multipliers, so the caller either
adds the pairs that could improve the answer or reports the bound they leave.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from hexad.staffing.solver.model import Problem

Candidates = list[list[int]]  # per slot: person indices, best first


def role_buckets(problem: Problem) -> list[list[list[int]]]:
    """Per role: the people allowed in it, grouped by equal fit, best fit first."""
    buckets: list[list[list[int]]] = []
    for role in range(len(problem.role_ids)):
        by_fit: dict[int, list[int]] = defaultdict(list)
        for index, person in enumerate(problem.people):
            fit = person.fits[role]
            if fit is not None:
                by_fit[fit].append(index)
        buckets.append([by_fit[fit] for fit in sorted(by_fit, reverse=True)])
    return buckets


def allowed_count(problem: Problem, buckets: list[list[list[int]]]) -> int:
    """Allowed (slot, person) pairs in the whole problem."""
    n_accounts, n_roles = len(problem.account_ids), len(problem.role_ids)
    per_role = [sum(len(b) for b in groups) for groups in buckets]
    total = sum(per_role[slot.role] for slot in problem.slots)
    if not problem.conflicts:
        return total
    has_slot = np.zeros((n_accounts, n_roles), dtype=bool)
    for slot in problem.slots:
        has_slot[slot.account, slot.role] = True
    codes = np.fromiter(problem.conflicts, dtype=np.int64, count=len(problem.conflicts))
    persons, accounts = np.divmod(codes, n_accounts)
    for role in range(n_roles):
        allowed = np.array([p.fits[role] is not None for p in problem.people], dtype=bool)
        total -= int(np.count_nonzero(allowed[persons] & has_slot[accounts, role]))
    return total


def top_candidates(problem: Problem, k: int, buckets: list[list[list[int]]]) -> Candidates:
    """Up to k allowed people per slot plus today's holder: the best half by fit (among
    people of equal fit each account starts at a different place, so slots do not all name
    the same few people), the other half spread evenly over everyone allowed, so every
    person's capacity is within reach of some slots. Pricing adds whoever else could pay."""
    result: Candidates = []
    conflicts = problem.conflicts
    n_accounts = len(problem.account_ids)
    flat = [[person for group in groups for person in group] for groups in buckets]
    by_fit = (k + 1) // 2
    for slot in problem.slots:
        chosen: list[int] = []
        seen: set[int] = set()
        current = slot.current
        if current is not None and problem.allowed(slot, current):
            chosen.append(current)
            seen.add(current)
        base = slot.account
        for group in buckets[slot.role]:
            size = len(group)
            start = (slot.account * 7919 + slot.role * 104729) % size
            for person in group[start:] + group[:start]:
                if person not in seen and person * n_accounts + base not in conflicts:
                    chosen.append(person)
                    seen.add(person)
                    if len(chosen) >= by_fit:
                        break
            if len(chosen) >= by_fit:
                break
        everyone = flat[slot.role]
        size = len(everyone)
        if size > len(chosen):
            spread = max(1, k - len(chosen))
            stride = max(1, size // spread)
            start = (slot.account * 31 + slot.role * 17) % size
            for step in range(size):
                if len(chosen) >= k:
                    break
                person = everyone[(start + step * stride + step // spread) % size]
                if person not in seen and person * n_accounts + base not in conflicts:
                    chosen.append(person)
                    seen.add(person)
        result.append(chosen)
    return result


def best_outside(
    problem: Problem,
    *,
    person_price: Sequence[float],
    lane_price: Mapping[tuple[int, int], float],
    hour_price: Sequence[float] | None = None,
) -> list[tuple[float, int | None]]:
    """For every slot, the best reduced value over ALL allowed people — its value less the
    person's price (capacity), lane price (roles on this account) and hours × hour price —
    and who gives it (None when nobody may play the slot)."""
    weights = problem.weights
    n_accounts = len(problem.account_ids)
    price = np.asarray(person_price, dtype=float)
    hprice = np.asarray(hour_price, dtype=float) if hour_price is not None else None
    orders: list[tuple[list[int], list[float]]] = []
    for role in range(len(problem.role_ids)):
        fits = np.array(
            [(-1 if p.fits[role] is None else p.fits[role]) for p in problem.people], dtype=float
        )
        allowed = fits >= 0
        adjusted = weights.fill + weights.fit * fits - price
        if hprice is not None and problem.role_hours:
            adjusted = adjusted - hprice * problem.role_hours[role]
        adjusted[~allowed] = -np.inf
        order = np.argsort(-adjusted, kind="stable")
        order = order[np.isfinite(adjusted[order])]
        orders.append((order.tolist(), adjusted.tolist()))
    conflicts = problem.conflicts
    out: list[tuple[float, int | None]] = []
    for slot in problem.slots:
        ranked, values = orders[slot.role]
        best, who = -float("inf"), None
        current = slot.current
        if current is not None and problem.allowed(slot, current):
            best = (
                values[current] + weights.continuity - lane_price.get((current, slot.account), 0.0)
            )
            who = current
        for person in ranked:
            top = values[person]
            if top <= best:
                break
            if person == current or person * n_accounts + slot.account in conflicts:
                continue
            value = top - lane_price.get((person, slot.account), 0.0)
            if value > best:
                best, who = value, person
        out.append((float(best), who))
    return out


def lagrangian_bound(
    problem: Problem,
    *,
    person_price: Sequence[float],
    lane_price: Mapping[tuple[int, int], float],
    hour_price: Sequence[float] | None = None,
) -> tuple[float, list[tuple[float, int | None]]]:
    """An upper bound on the whole problem's optimum for any non-negative prices: each slot
    takes its best reduced value (or nothing), plus the prices times the capacities."""
    best = best_outside(
        problem, person_price=person_price, lane_price=lane_price, hour_price=hour_price
    )
    total = sum(max(0.0, value) for value, _who in best)
    total += sum(
        p.capacity_slots * price for p, price in zip(problem.people, person_price, strict=True)
    )
    total += problem.per_account_limit * sum(lane_price.values())
    if hour_price is not None:
        total += sum(
            (p.capacity_hours or 0) * price
            for p, price in zip(problem.people, hour_price, strict=True)
        )
    return total, best
