"""The team designer's solve: feasibility first, then the best answer with a proven gap."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from hexad.staffing.solver import flow, hours, prices
from hexad.staffing.solver.candidates import (
    Candidates,
    allowed_count,
    lagrangian_bound,
    role_buckets,
    top_candidates,
)
from hexad.staffing.solver.model import Options, Problem, Proposal, Reason

Progress = Callable[[str, float], None]

# Up to this many allowed pairs the feasibility check sees every candidate.
FULL_FEASIBILITY_PAIRS = 1_000_000
PRICING_ROUNDS = 8
# Above this many candidate pairs CP-SAT neither improves the local search's answer nor
# builds its model in time, so the hours solve leaves it out.
CP_SAT_PAIRS = 250_000


def solve(
    problem: Problem, options: Options | None = None, progress: Progress | None = None
) -> Proposal:
    options = options or Options()
    started = time.monotonic()
    # A little is kept back for explaining empty slots and giving reasons at the end.
    deadline = started + options.time_limit - min(1.0, 0.02 * options.time_limit)
    say = progress or (lambda stage, share: None)
    buckets = role_buckets(problem)
    total = allowed_count(problem, buckets)
    n_people = max(1, len(problem.people))
    notes: list[str] = []

    say("feasibility", 0.05)
    # A max flow over the kept candidates that fills every slot proves the whole problem
    # feasible; otherwise look again over every allowed pair (or, when that is too many,
    # the best 60 of each slot) to say which slots cannot be filled and why.
    candidates = top_candidates(problem, options.top_k, buckets)
    feasible_cands = candidates
    feasible = flow.feasibility(problem, candidates)
    if feasible.fillable < len(problem.slots):
        if total <= FULL_FEASIBILITY_PAIRS:
            feasible_cands = top_candidates(problem, n_people, buckets)
        else:
            feasible_cands = top_candidates(problem, max(3 * options.top_k, 60), buckets)
            notes.append("feasibility checked on the best candidates of each slot")
        feasible = flow.feasibility(problem, feasible_cands)
    candidates = [list(people) for people in candidates]
    greedy_assignment = hours.greedy(problem, candidates)
    greedy_value = flow.assignment_value(problem, greedy_assignment)
    say("solve", 0.2)
    if problem.uses_hours:
        assignment, value, bound, method = _with_hours(
            problem, candidates, greedy_assignment, greedy_value, options, deadline, say
        )
    else:
        assignment, value, bound, method = _slots_only(problem, candidates, say)
    unfillable = flow.explain(problem, assignment, feasible_cands, feasible)
    say("done", 1.0)
    return Proposal(
        assignment=tuple(assignment),
        objective=value,
        bound=max(value, int(bound + 1e-6)),
        method=method,
        seconds=time.monotonic() - started,
        reasons=tuple(reasons(problem, assignment)),
        unfillable=tuple(unfillable),
        fillable=feasible.fillable,
        greedy_objective=greedy_value,
        candidates_kept=sum(len(c) for c in candidates),
        candidates_total=total,
        notes=tuple(notes),
    )


def _slots_only(
    problem: Problem, candidates: Candidates, say: Progress
) -> tuple[list[int | None], int, float, str]:
    """Exact min-cost flow on the kept candidates; pairs left out are priced against its
    potentials and added until none could improve the answer (then it is optimal for the
    whole problem), or the bound they leave is reported."""
    bound = float("inf")
    result = None
    for round_ in range(PRICING_ROUNDS):
        network = flow.build(problem, candidates)
        result = flow.min_cost(problem, network, flow.pair_values(problem, network))
        bound, best = lagrangian_bound(
            problem, person_price=result.person_price, lane_price=result.lane_price
        )
        say("solve", 0.2 + 0.7 * (round_ + 1) / PRICING_ROUNDS)
        if bound - result.value < 1:
            break
        added = 0
        for index, (_value, who) in enumerate(best):
            if who is not None and who not in candidates[index]:
                candidates[index].append(who)
                added += 1
        if not added:
            break
    assert result is not None
    return result.assignment, result.value, bound, "min-cost flow"


def _with_hours(
    problem: Problem,
    candidates: Candidates,
    greedy_assignment: list[int | None],
    greedy_value: int,
    options: Options,
    deadline: float,
    say: Progress,
) -> tuple[list[int | None], int, float, str]:
    """Prices for slots, hours and per-account roles (`prices.optimise`) give the bound,
    checked over every allowed pair (pairs left out that beat the prices join the
    candidates and the prices are refined); the min-cost flow under the hour prices,
    repaired to fit the hours, then improved by local search and CP-SAT, gives the
    answer."""
    started = time.monotonic()
    budget = deadline - started

    def by(share: float) -> float:
        return min(deadline, started + share * budget)

    pairs = prices.pairs_of(problem, candidates)
    found = prices.optimise(problem, pairs, deadline=by(0.2), iterations=options.price_iterations)
    bound, outside = _priced_bound(problem, pairs, found)
    state = _Pricing(pairs, found, bound, outside, found.hours)
    _price_rounds(problem, candidates, state, options, greedy_value, until=by(0.35))
    say("solve", 0.45)
    # The best feasible answer so far is kept: a later phase only ever replaces it with a
    # better one, so a phase cut short by the deadline never costs anything.
    assignment, value, method = greedy_assignment, greedy_value, "greedy"
    if time.monotonic() < by(0.6):
        flowed = hours.priced_flow(problem, candidates, state.best_hours)
        repaired = hours.rebalance(problem, flowed, candidates, deadline=by(0.6))
        repaired = hours.fill_empty(problem, repaired, deadline=by(0.65), candidates=candidates)
        if (repaired_value := flow.assignment_value(problem, repaired)) > value:
            assignment, value, method = repaired, repaired_value, "priced flow, repaired"
    say("improve", 0.7)
    # Local search runs until nothing improves (or nearly to the deadline); CP-SAT gets
    # what is left, which on small problems often proves the answer optimal.
    # Without CP-SAT the local search's last exchanges gain less than more pricing rounds
    # take off the bound, so it stops earlier and filling empty slots gets time of its own.
    with_cp_sat = options.cp_sat and len(state.pairs.slot) <= CP_SAT_PAIRS
    improved = hours.improve(
        problem, assignment, candidates, deadline=by(0.95 if with_cp_sat else 0.75)
    )
    improved = hours.fill_empty(problem, improved, deadline=by(0.97), candidates=candidates)
    if (improved_value := flow.assignment_value(problem, improved)) > value:
        assignment, value = improved, improved_value
        method += " + local search"
    if (
        options.cp_sat
        and len(state.pairs.slot) <= CP_SAT_PAIRS
        and state.bound - value >= 1
        and by(0.96) - time.monotonic() > 1
    ):
        say("improve", 0.85)
        improved, improved_value, _proved = hours.cp_sat(
            problem,
            candidates,
            hint=assignment,
            # Reading back a large model's answer takes a moment of its own.
            deadline=by(0.96),
            workers=options.workers,
        )
        if improved_value > value:
            assignment, value = improved, improved_value
            method += " + CP-SAT"
    # Time left once the answer stops improving goes to the bound, as many rounds as fit.
    _price_rounds(problem, candidates, state, options, value, until=deadline, rounds=10_000)
    return assignment, value, state.bound, method


@dataclass
class _Pricing:
    pairs: prices.Pairs
    found: prices.Prices
    bound: float  # the best bound over every allowed pair so far
    outside: list[tuple[float, int | None]]  # each slot's best pair under `found`
    best_hours: np.ndarray  # the hour prices that gave `bound`


def _price_rounds(
    problem: Problem,
    candidates: Candidates,
    state: _Pricing,
    options: Options,
    value: int,
    *,
    until: float,
    rounds: int | None = None,
) -> None:
    """Rounds of pricing: pairs left out that beat the prices join the candidates, the
    prices are refined from where they were, and the bound over every allowed pair is
    taken again (the lowest one met is kept), until `until` or the bound meets the
    answer's `value` (with no pair left to add the prices are still refined), and at most
    `rounds` rounds (default: `options.lagrangian_rounds`). A round costs a few seconds at
    Q17 size."""
    took = 0.0  # how long the last round took: a round is begun only if one fits
    for _round in range(options.lagrangian_rounds if rounds is None else rounds):
        begun = time.monotonic()
        if begun + took > until or state.bound - value < 1:
            return
        added = 0
        for index, (_value, who) in enumerate(state.outside):
            if who is not None and who not in candidates[index]:
                candidates[index].append(who)
                added += 1
        if added:
            state.pairs = prices.pairs_of(problem, candidates)
        state.found = prices.optimise(
            problem,
            state.pairs,
            deadline=until,
            iterations=options.price_iterations // 4,
            start=state.found,
        )
        round_bound, state.outside = _priced_bound(problem, state.pairs, state.found)
        if round_bound < state.bound:
            state.bound, state.best_hours = round_bound, state.found.hours
        took = time.monotonic() - begun


def _priced_bound(
    problem: Problem, pairs: prices.Pairs, found: prices.Prices
) -> tuple[float, list[tuple[float, int | None]]]:
    """The bound `found` gives over every allowed pair, and each slot's best pair."""
    return lagrangian_bound(
        problem,
        person_price=found.person.tolist(),
        lane_price=found.lane_prices(pairs),
        hour_price=found.hours.tolist(),
    )


def reasons(problem: Problem, assignment: Sequence[int | None]) -> list[Reason | None]:
    """Per slot: the chosen person's fit, whether they play it today, and what room they
    have left in the scope once the proposal is applied."""
    slots_used = [0] * len(problem.people)
    hours_used = [0] * len(problem.people)
    for slot, person in zip(problem.slots, assignment, strict=True):
        if person is not None:
            slots_used[person] += 1
            hours_used[person] += problem.hours_of(slot)
    out: list[Reason | None] = []
    for slot, person in zip(problem.slots, assignment, strict=True):
        if person is None:
            out.append(None)
            continue
        spec = problem.people[person]
        fit = spec.fits[slot.role]
        out.append(
            Reason(
                fit=fit or 0,
                assessed=spec.assessed[slot.role],
                kept=slot.current == person,
                slots_left=spec.capacity_slots - slots_used[person],
                hours_left=(
                    None
                    if spec.capacity_hours is None or not problem.uses_hours
                    else spec.capacity_hours - hours_used[person]
                ),
            )
        )
    return out
