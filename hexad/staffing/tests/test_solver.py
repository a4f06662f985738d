"""The solver against optima computed by hand and by brute force."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from hexad.staffing.solver import Options, Person, Problem, Slot, Weights, Why, solve
from hexad.staffing.solver.instances import q17


def person(index: int, fits: tuple[int | None, ...], slots: int = 5, hours: int | None = None):
    return Person(
        id=index + 1,
        capacity_slots=slots,
        capacity_hours=hours,
        fits=fits,
        assessed=tuple(f is not None for f in fits),
    )


def brute_force(problem: Problem) -> int:
    """The best objective over every assignment (None or an allowed person per slot)."""
    choices = [
        [None, *[p for p in range(len(problem.people)) if problem.allowed(slot, p)]]
        for slot in problem.slots
    ]
    best = 0
    for combo in itertools.product(*choices):
        if feasible(problem, combo):
            best = max(best, value(problem, combo))
    return best


def value(problem: Problem, assignment) -> int:
    return sum(
        problem.value(slot, p)
        for slot, p in zip(problem.slots, assignment, strict=True)
        if p is not None
    )


def feasible(problem: Problem, assignment) -> bool:
    slots = Counter(p for p in assignment if p is not None)
    lanes = Counter(
        (p, slot.account)
        for slot, p in zip(problem.slots, assignment, strict=True)
        if p is not None
    )
    hours = Counter()
    for slot, p in zip(problem.slots, assignment, strict=True):
        if p is not None:
            hours[p] += problem.hours_of(slot)
            if not problem.allowed(slot, p):
                return False
    for p, used in slots.items():
        spec = problem.people[p]
        if used > spec.capacity_slots:
            return False
        hours_limit = spec.capacity_hours if problem.uses_hours else None
        if hours_limit is not None and hours[p] > hours_limit:
            return False
    return all(count <= problem.per_account_limit for count in lanes.values())


def test_hand_computed_optimum_prefers_fit_then_continuity():
    # Two slots (account 0: roles 0 and 1), two people with one slot each.
    # Ann fits role 0 at 100, role 1 at 60; Ben fits role 0 at 80, role 1 at 80.
    # Ann→0, Ben→1: 1000+100 + 1000+80 = 2180; Ann→1, Ben→0: 1000+60 + 1000+80 = 2140.
    problem = Problem(
        account_ids=(10,),
        role_ids=(1, 2),
        people=(person(0, (100, 60), slots=1), person(1, (80, 80), slots=1)),
        slots=(Slot(0, 0), Slot(0, 1, current=0)),
        weights=Weights(fill=1000, fit=1, continuity=30),
    )
    proposal = solve(problem)
    # Ann keeps role 1 (60 + 30 continuity = 90) and Ben takes role 0 (80): 2170 < 2180.
    assert proposal.assignment == (0, 1)
    assert proposal.objective == 2180
    assert proposal.bound == 2180
    assert proposal.gap == 0.0
    # With a continuity bonus of 50 keeping Ann wins: 1000+60+50 + 1000+80 = 2190.
    kept = solve(
        Problem(**{**problem.__dict__, "weights": Weights(fill=1000, fit=1, continuity=50)})
    )
    assert kept.assignment == (1, 0)
    assert kept.objective == 2190
    assert kept.reasons[1].kept


def random_problem(seed: int, *, hours: bool) -> Problem:
    rng = random.Random(seed)
    n_accounts, n_roles, n_people = 2, 3, 3
    people = tuple(
        person(
            p,
            tuple(rng.choice([None, 20, 40, 60, 80, 100]) for _ in range(n_roles)),
            slots=rng.randint(1, 3),
            hours=rng.randint(3, 9) if hours else None,
        )
        for p in range(n_people)
    )
    slots = tuple(
        Slot(a, r, current=rng.choice([None, 0, 1, 2]))
        for a in range(n_accounts)
        for r in range(n_roles)
        if rng.random() < 0.8
    )
    conflicts = frozenset(
        p * n_accounts + a
        for p in range(n_people)
        for a in range(n_accounts)
        if rng.random() < 0.15
    )
    slots = tuple(
        s if s.current is None or (people[s.current].fits[s.role] is not None
                                   and s.current * n_accounts + s.account not in conflicts)
        else Slot(s.account, s.role)
        for s in slots
    )  # fmt: skip
    return Problem(
        account_ids=tuple(range(n_accounts)),
        role_ids=tuple(range(n_roles)),
        people=people,
        slots=slots,
        role_hours=(4, 2, 1) if hours else (),
        conflicts=conflicts,
        per_account_limit=rng.randint(1, 2),
        weights=Weights(fill=rng.choice([0, 100, 1000]), fit=1, continuity=rng.choice([0, 30])),
    )


@pytest.mark.parametrize("seed", range(25))
def test_slot_capacities_match_brute_force(seed):
    problem = random_problem(seed, hours=False)
    proposal = solve(problem, Options(top_k=2))
    assert feasible(problem, proposal.assignment)
    assert proposal.objective == value(problem, proposal.assignment)
    assert proposal.objective == brute_force(problem)
    assert proposal.gap == 0.0


@pytest.mark.parametrize("seed", range(25))
def test_hours_never_violated_and_bound_holds(seed):
    problem = random_problem(seed, hours=True)
    proposal = solve(problem, Options(top_k=2, time_limit=5, workers=1))
    best = brute_force(problem)
    assert feasible(problem, proposal.assignment)
    assert proposal.objective == value(problem, proposal.assignment)
    assert proposal.objective <= best <= proposal.bound


def test_forbidden_pairs_capacities_and_account_limits_hold_at_size():
    problem = q17(60, 25, per_account_limit=1, capacity_slots=8, seed=3)
    proposal = solve(problem, Options(top_k=6))
    assert feasible(problem, proposal.assignment)
    assert proposal.gap == 0.0


def test_infeasible_scope_is_explained():
    # Three slots of role 0 on one account; only Ann may play it, once; Ben is banned from
    # role 0; role 1 has nobody at all.
    problem = Problem(
        account_ids=(1, 2),
        role_ids=(1, 2),
        people=(person(0, (80, None), slots=1), person(1, (None, None), slots=3)),
        slots=(Slot(0, 0), Slot(1, 0), Slot(0, 1)),
    )
    proposal = solve(problem)
    assert proposal.filled == 1 and proposal.fillable == 1
    why = {u.slot: u for u in proposal.unfillable}
    assert why[2].why == Why.NO_CANDIDATE and why[2].candidates == 0
    empty = next(s for s in (0, 1) if proposal.assignment[s] is None)
    assert why[empty].why == Why.CAPACITY
    assert (why[empty].competing_slots, why[empty].competing_people) == (2, 1)


def test_account_limit_is_named_when_it_blocks():
    problem = Problem(
        account_ids=(1,),
        role_ids=(1, 2),
        people=(person(0, (80, 80), slots=5),),
        slots=(Slot(0, 0), Slot(0, 1)),
        per_account_limit=1,
    )
    proposal = solve(problem)
    assert proposal.filled == 1
    assert [u.why for u in proposal.unfillable] == [Why.ACCOUNT_LIMIT]


def test_pruned_answer_is_proven_optimal_at_q17_shape():
    problem = q17(200, 60, seed=5)
    proposal = solve(problem, Options(top_k=8))
    assert proposal.candidates_kept < proposal.candidates_total
    assert proposal.gap == 0.0
    assert feasible(problem, proposal.assignment)


@pytest.mark.parametrize("seed", range(10))
def test_prices_give_a_bound_above_the_optimum(seed):
    from hexad.staffing.solver import prices
    from hexad.staffing.solver.candidates import lagrangian_bound

    problem = random_problem(seed, hours=True)
    candidates = [
        [p for p in range(len(problem.people)) if problem.allowed(slot, p)]
        for slot in problem.slots
    ]
    pairs = prices.pairs_of(problem, candidates)
    found = prices.optimise(problem, pairs, deadline=float("inf"), iterations=300)
    best = brute_force(problem)
    assert (found.person >= 0).all() and (found.hours >= 0).all() and (found.lane >= 0).all()
    assert found.bound >= best - 1e-6
    bound, _outside = lagrangian_bound(
        problem,
        person_price=found.person.tolist(),
        lane_price=found.lane_prices(pairs),
        hour_price=found.hours.tolist(),
    )
    assert bound == pytest.approx(found.bound)
    # Never above the bound of no prices at all.
    unpriced = prices.optimise(problem, pairs, deadline=float("inf"), iterations=0)
    assert found.bound <= unpriced.bound + 1e-6


def test_prices_close_the_gap_on_a_tight_instance():
    from hexad.staffing.solver import prices

    problem = q17(60, 20, with_hours=True, per_account_limit=2, seed=4)
    candidates = [
        [p for p in range(len(problem.people)) if problem.allowed(slot, p)]
        for slot in problem.slots
    ]
    pairs = prices.pairs_of(problem, candidates)
    unpriced = prices.optimise(problem, pairs, deadline=float("inf"), iterations=0)
    found = prices.optimise(problem, pairs, deadline=float("inf"))
    proposal = solve(problem, Options(time_limit=10, workers=1))
    assert proposal.objective <= found.bound < unpriced.bound
    # Bounds from prices are within 1 % of a feasible answer here.
    assert (found.bound - proposal.objective) / found.bound < 0.01


def test_fill_empty_frees_hours_by_handing_a_slot_on():
    from hexad.staffing.solver import hours

    # Ann (8 hours) holds the 3-hour slot and cannot take the 8-hour one; Ben may play
    # only the 3-hour role. Ann hands the 3-hour slot to Ben and takes the 8-hour one.
    problem = Problem(
        account_ids=(1, 2),
        role_ids=(1, 2),
        people=(person(0, (100, 100), slots=2, hours=8), person(1, (None, 40), hours=8)),
        slots=(Slot(0, 0), Slot(1, 1)),
        role_hours=(8, 3),
    )
    assert hours.fill_empty(problem, [None, 0], deadline=float("inf")) == [0, 1]
    # Nobody else may play the 3-hour role: the slot stays empty, nothing breaks.
    alone = Problem(**{**problem.__dict__, "people": problem.people[:1]})
    assert hours.fill_empty(alone, [None, 0], deadline=float("inf")) == [None, 0]


@pytest.mark.parametrize("seed", range(10))
def test_priced_flow_then_repair_keeps_every_limit(seed):
    import numpy as np

    from hexad.staffing.solver import hours

    problem = random_problem(seed, hours=True)
    candidates = [
        [p for p in range(len(problem.people)) if problem.allowed(slot, p)]
        for slot in problem.slots
    ]
    flowed = hours.priced_flow(problem, candidates, np.full(len(problem.people), 5.0))
    slots = Counter(p for p in flowed if p is not None)
    assert all(slots[p] <= problem.people[p].capacity_slots for p in slots)
    repaired = hours.rebalance(problem, flowed, candidates, deadline=float("inf"))
    repaired = hours.fill_empty(problem, repaired, deadline=float("inf"))
    assert feasible(problem, repaired)


def test_fill_empty_follows_a_chain_of_hand_ons():
    from hexad.staffing.solver import hours

    # Ann (8 hours) holds the 3-hour slot; Ben (3 hours) holds the 1-hour slot and is the
    # only other who may play the 3-hour role; Cy has room and may play only the 1-hour
    # role. Filling the 8-hour slot takes two hand-ons: Ben's 1-hour slot to Cy, Ann's
    # 3-hour slot to Ben, the 8-hour slot to Ann.
    problem = Problem(
        account_ids=(1, 2, 3),
        role_ids=(1, 2, 3),
        people=(
            person(0, (100, 100, None), slots=2, hours=8),
            person(1, (None, 60, 60), slots=1, hours=3),
            person(2, (None, None, 20), slots=1, hours=1),
        ),
        slots=(Slot(0, 0), Slot(1, 1), Slot(2, 2)),
        role_hours=(8, 3, 1),
    )
    candidates = [[0], [0, 1], [1, 2]]
    start = [None, 0, 1]
    assert hours.fill_empty(problem, start, deadline=float("inf"), candidates=candidates) == [
        0,
        1,
        2,
    ]
    # Past its deadline it changes nothing.
    assert hours.fill_empty(problem, start, deadline=0.0, candidates=candidates) == start


def test_fill_empty_trades_a_long_slot_for_a_short_one_to_make_room():
    from hexad.staffing.solver import hours

    # Ann has 7 hours to spare but no free slot; Ben has a free slot but no hours; Cy
    # has 3 hours to spare and no free slot. No chain of hand-ons fills the 8-hour slot:
    # Ben trades his 8-hour slot for Cy's 5-hour one, takes Ann's 1-hour slot with the
    # hours that frees, and Ann takes the 8-hour slot.
    problem = Problem(
        account_ids=(1, 2, 3, 4),
        role_ids=(1, 2, 3),
        people=(
            person(0, (100, None, 100), slots=1, hours=8),
            person(1, (None, 60, 60), slots=2, hours=8),
            person(2, (80, 80, None), slots=1, hours=8),
        ),
        slots=(Slot(0, 0), Slot(1, 0), Slot(2, 1), Slot(3, 2)),
        role_hours=(8, 5, 1),
    )
    start = [None, 1, 2, 0]
    filled = hours.fill_empty(problem, start, deadline=float("inf"))
    assert filled == [0, 2, 1, 1]
    assert feasible(problem, filled)
    # Ben may not take both short slots on one account with one role per account, nor
    # play on the 1-hour slot's account at all: the slot stays empty, nothing breaks.
    one_account = Problem(
        **{
            **problem.__dict__,
            "slots": (Slot(0, 0), Slot(1, 0), Slot(2, 1), Slot(2, 2)),
            "per_account_limit": 1,
        }
    )
    assert hours.fill_empty(one_account, start, deadline=float("inf")) == start
    forbidden = Problem(**{**problem.__dict__, "conflicts": frozenset({1 * 4 + 3})})
    assert hours.fill_empty(forbidden, start, deadline=float("inf")) == start
    # Past its deadline it changes nothing.
    assert hours.fill_empty(problem, start, deadline=0.0) == start


@pytest.mark.parametrize("seed", range(10))
def test_fill_empty_on_candidates_keeps_every_limit(seed):
    import numpy as np

    from hexad.staffing.solver import hours

    problem = random_problem(seed, hours=True)
    candidates = [
        [p for p in range(len(problem.people)) if problem.allowed(slot, p)][:2]
        for slot in problem.slots
    ]
    flowed = hours.priced_flow(problem, candidates, np.zeros(len(problem.people)))
    repaired = hours.rebalance(problem, flowed, candidates, deadline=float("inf"))
    before = sum(p is not None for p in repaired)
    filled = hours.fill_empty(problem, repaired, deadline=float("inf"), candidates=candidates)
    assert feasible(problem, filled)
    assert sum(p is not None for p in filled) >= before


def test_lanes_are_built_only_where_the_limit_can_bind():
    from hexad.staffing.solver import flow

    problem = q17(30, 12, per_account_limit=2, seed=8)
    candidates = [
        [p for p in range(len(problem.people)) if problem.allowed(slot, p)][:4]
        for slot in problem.slots
    ]
    network = flow.build(problem, candidates)
    per_lane = Counter(
        (p, slot.account)
        for slot, people in zip(problem.slots, candidates, strict=True)
        for p in people
    )
    assert network.lanes
    assert set(network.lanes) == {key for key, n in per_lane.items() if n > 2}


@pytest.mark.parametrize("time_limit", [0.0, 0.5])
def test_hours_answer_is_never_worse_than_the_greedy_even_out_of_time(time_limit):
    problem = q17(80, 24, with_hours=True, per_account_limit=2, seed=6)
    proposal = solve(problem, Options(time_limit=time_limit, workers=1))
    assert feasible(problem, proposal.assignment)
    assert proposal.objective == value(problem, proposal.assignment)
    assert proposal.greedy_objective is not None
    assert proposal.objective >= proposal.greedy_objective
    assert proposal.bound >= proposal.objective


def test_hours_q17_shape_fills_every_slot_with_a_valid_bound():
    problem = q17(150, 45, with_hours=True, per_account_limit=2, seed=9)
    proposal = solve(problem, Options(time_limit=5, workers=1))
    assert feasible(problem, proposal.assignment)
    assert proposal.filled == len(problem.slots)
    assert proposal.objective <= proposal.bound
