"""Prices for hours: a Lagrangian dual with every coupling constraint priced.

For prices λ (a person's slots), ν (a person's hours) and μ (a person's roles on one
account), all ≥ 0,

    Σ_slots max(0, max_person value − λ − ν·hours − μ) + Σ slots·λ + Σ hours·ν + N·Σ μ

is an upper bound on the best objective (each slot takes its best reduced value, or
nothing). Minimising it over the prices gives the linear relaxation's bound. It is
evaluated in a few milliseconds over the kept candidates, so the prices are found by a
first-order method on a smoothed version (log-sum-exp instead of max, cooled as it runs);
`candidates.lagrangian_bound` then prices every allowed pair of the whole problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from hexad.staffing.solver.model import Problem


@dataclass
class Pairs:
    """The kept candidates as flat arrays, grouped by slot (slot-major)."""

    slot: np.ndarray
    person: np.ndarray
    value: np.ndarray  # objective value of each pair
    hours: np.ndarray  # hours of each pair's slot
    lane: np.ndarray  # index into `lanes` or -1 when the lane cannot bind
    lanes: list[tuple[int, int]]  # (person, account) of each priced lane
    starts: np.ndarray  # first pair of each slot that has candidates
    slots_with: np.ndarray  # those slots


def pairs_of(problem: Problem, candidates: list[list[int]]) -> Pairs:
    slot_list: list[int] = []
    person_list: list[int] = []
    for index, people in enumerate(candidates):
        slot_list.extend([index] * len(people))
        person_list.extend(people)
    slot = np.asarray(slot_list, dtype=np.int64)
    person = np.asarray(person_list, dtype=np.int64)
    weights = problem.weights
    n_roles = len(problem.role_ids)
    fits = np.array(
        [[-1 if f is None else f for f in p.fits] for p in problem.people], dtype=np.int64
    ).reshape(len(problem.people), n_roles)
    roles = np.array([s.role for s in problem.slots], dtype=np.int64)
    accounts = np.array([s.account for s in problem.slots], dtype=np.int64)
    current = np.array([-1 if s.current is None else s.current for s in problem.slots])
    slot_hours = np.array([problem.hours_of(s) for s in problem.slots], dtype=float)
    value = (
        weights.fill
        + weights.fit * fits[person, roles[slot]]
        + weights.continuity * (current[slot] == person)
    ).astype(float)
    n_accounts = max(1, len(problem.account_ids))
    key = person * n_accounts + accounts[slot]
    lane = np.full(len(slot), -1, dtype=np.int64)
    lanes: list[tuple[int, int]] = []
    if len(key):
        unique, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        binding = counts > problem.per_account_limit
        index_of = np.full(len(unique), -1, dtype=np.int64)
        index_of[binding] = np.arange(int(binding.sum()))
        lane = index_of[inverse]
        lanes = [(int(k // n_accounts), int(k % n_accounts)) for k in unique[binding]]
    if len(slot):
        slots_with, starts = np.unique(slot, return_index=True)
    else:
        slots_with = starts = np.zeros(0, dtype=np.int64)
    return Pairs(slot, person, value, slot_hours[slot], lane, lanes, starts, slots_with)


@dataclass
class Prices:
    person: np.ndarray  # λ per person
    hours: np.ndarray  # ν per person
    lane: np.ndarray  # μ per priced lane
    bound: float  # the bound these prices give over the kept candidates

    def lane_prices(self, pairs: Pairs) -> dict[tuple[int, int], float]:
        return {
            key: float(price)
            for key, price in zip(pairs.lanes, self.lane, strict=True)
            if price > 0
        }

    def reduced(self, pairs: Pairs) -> np.ndarray:
        """Each pair's value less its prices."""
        r = pairs.value - self.person[pairs.person] - self.hours[pairs.person] * pairs.hours
        lanes = pairs.lane >= 0
        r[lanes] -= self.lane[pairs.lane[lanes]]
        return r


def _bound(
    problem: Problem,
    pairs: Pairs,
    lam: np.ndarray,
    nu: np.ndarray,
    mu: np.ndarray,
    caps: np.ndarray,
    hours_cap: np.ndarray,
) -> float:
    r = pairs.value - lam[pairs.person] - nu[pairs.person] * pairs.hours
    lanes = pairs.lane >= 0
    r[lanes] -= mu[pairs.lane[lanes]]
    total = 0.0
    if len(r):
        total = float(np.maximum(np.maximum.reduceat(r, pairs.starts), 0.0).sum())
    return total + float(caps @ lam + hours_cap @ nu) + problem.per_account_limit * float(mu.sum())


def optimise(
    problem: Problem,
    pairs: Pairs,
    *,
    deadline: float,
    iterations: int = 600,
    start: Prices | None = None,
) -> Prices:
    """Prices that (nearly) minimise the bound over the kept candidates: projected
    gradient steps (Adam) on the log-sum-exp smoothing, its temperature cooled from 20
    points (2 when starting from earlier prices) to a hundredth of that; the best exact
    bound met is kept. Stops at `deadline`."""
    n_people = len(problem.people)
    caps = np.array([p.capacity_slots for p in problem.people], dtype=float)
    limited = np.array([p.capacity_hours is not None for p in problem.people])
    hours_cap = np.array([p.capacity_hours or 0 for p in problem.people], dtype=float)
    n_lanes = len(pairs.lanes)
    size = 2 * n_people + n_lanes
    if start is not None and len(start.lane) == n_lanes:
        x = np.concatenate([start.person, start.hours, start.lane])
        tau0, lr0 = 2.0, 0.5
    else:
        x = np.zeros(size)
        tau0, lr0 = 20.0, 2.0
    upper = np.full(size, np.inf)
    upper[n_people : 2 * n_people][~limited] = 0.0  # hours not limited: never priced
    m = np.zeros(size)
    v = np.zeros(size)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    lanes = pairs.lane >= 0
    lane_of = pairs.lane[lanes]
    n_slots = len(pairs.starts)
    ends = np.append(pairs.starts[1:], len(pairs.slot))
    slot_index = np.repeat(np.arange(n_slots), ends - pairs.starts)
    best = (
        _bound(
            problem,
            pairs,
            x[:n_people],
            x[n_people : 2 * n_people],
            x[2 * n_people :],
            caps,
            hours_cap,
        ),
        x.copy(),
    )
    if not len(pairs.slot):
        return Prices(x[:n_people], x[n_people : 2 * n_people], x[2 * n_people :], best[0])
    for step in range(1, iterations + 1):
        if step % 10 == 0 and time.monotonic() > deadline:
            break
        share = step / iterations
        tau = tau0 * (0.01**share)
        lr = lr0 * (0.05**share)
        lam, nu, mu = x[:n_people], x[n_people : 2 * n_people], x[2 * n_people :]
        r = pairs.value - lam[pairs.person] - nu[pairs.person] * pairs.hours
        r[lanes] -= mu[lane_of]
        top = np.maximum(np.maximum.reduceat(r, pairs.starts), 0.0)
        exact = float(top.sum()) + float(caps @ lam + hours_cap @ nu)
        exact += problem.per_account_limit * float(mu.sum())
        if exact < best[0]:
            best = (exact, x.copy())
        e = np.exp((r - top[slot_index]) / tau)
        z = np.add.reduceat(e, pairs.starts) + np.exp(-top / tau)
        w = e / z[slot_index]
        grad = np.empty(size)
        grad[:n_people] = caps - np.bincount(pairs.person, weights=w, minlength=n_people)
        grad[n_people : 2 * n_people] = hours_cap - np.bincount(
            pairs.person, weights=w * pairs.hours, minlength=n_people
        )
        if n_lanes:
            grad[2 * n_people :] = problem.per_account_limit - np.bincount(
                lane_of, weights=w[lanes], minlength=n_lanes
            )
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        m_hat = m / (1 - beta1**step)
        v_hat = v / (1 - beta2**step)
        x = np.clip(x - lr * m_hat / (np.sqrt(v_hat) + eps), 0.0, upper)
    x = best[1]
    return Prices(x[:n_people], x[n_people : 2 * n_people], x[2 * n_people :], best[0])
