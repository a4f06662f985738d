"""Slot capacities only: the problem is a network flow, solved exactly.

    source → slot (1) → lane (person, account) → person (capacity) → sink
    source → sink (a bypass: a slot may stay empty)

A lane carries the per-person-per-account limit; where the limit cannot bind (a person is
a candidate for no more of an account's slots than it allows) the lane is left out and the
slot points straight at the person. Costs are the negated values, so the min-cost flow is
the max-value assignment. The node potentials of the optimal flow (shortest distances in
its residual network) give the prices that let `candidates.best_outside` check the pruned
answer against every pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from hexad.staffing.solver.candidates import Candidates
from hexad.staffing.solver.model import Problem, Unfillable, Why

SOURCE, SINK = 0, 1


class SolverError(RuntimeError):
    pass


@dataclass
class Network:
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    n_nodes: int
    n_slots: int
    person_base: int
    lanes: dict[tuple[int, int], int]  # (person, account) → node
    slot_arcs: np.ndarray  # index of the slot → lane/person arcs (one per candidate)
    pair_slot: np.ndarray  # the slot and person of each of those arcs
    pair_person: np.ndarray


def uses_lanes(problem: Problem) -> bool:
    per_account = Counter(slot.account for slot in problem.slots)
    return bool(per_account) and problem.per_account_limit < max(per_account.values())


def build(problem: Problem, candidates: Candidates) -> Network:
    n_slots, n_people = len(problem.slots), len(problem.people)
    person_base = 2 + n_slots
    next_node = person_base + n_people
    lanes: dict[tuple[int, int], int] = {}
    with_lanes = uses_lanes(problem)
    pair_slot: list[int] = []
    pair_person: list[int] = []
    pair_head: list[int] = []
    # A lane is needed only where a person is a candidate for more of an account's slots
    # than the limit allows; elsewhere the slot points straight at the person.
    binding: set[tuple[int, int]] = set()
    if with_lanes:
        per_lane = Counter(
            (person, slot.account)
            for slot, people in zip(problem.slots, candidates, strict=True)
            for person in people
        )
        limit = problem.per_account_limit
        binding = {key for key, count in per_lane.items() if count > limit}
    for index, (slot, people) in enumerate(zip(problem.slots, candidates, strict=True)):
        for person in people:
            key = (person, slot.account)
            if key in binding:
                node = lanes.get(key)
                if node is None:
                    node = lanes[key] = next_node
                    next_node += 1
            else:
                node = person_base + person
            pair_slot.append(index)
            pair_person.append(person)
            pair_head.append(node)
    slot_nodes = np.arange(n_slots, dtype=np.int64)
    person_nodes = np.arange(n_people, dtype=np.int64)
    lane_nodes = np.fromiter(lanes.values(), dtype=np.int64, count=len(lanes))
    lane_people = np.fromiter((p for p, _a in lanes), dtype=np.int64, count=len(lanes))
    ps = np.asarray(pair_slot, dtype=np.int64)
    tails = np.concatenate(
        [np.zeros(n_slots, np.int64), 2 + ps, lane_nodes, person_base + person_nodes, [SOURCE]]
    )
    heads = np.concatenate(
        [
            2 + slot_nodes,
            np.asarray(pair_head, dtype=np.int64),
            person_base + lane_people,
            np.full(n_people, SINK, np.int64),
            [SINK],
        ]
    )
    capacity = np.array([p.capacity_slots for p in problem.people], dtype=np.int64)
    caps = np.concatenate(
        [
            np.ones(n_slots, np.int64),
            np.ones(len(ps), np.int64),
            np.full(len(lanes), problem.per_account_limit, np.int64),
            capacity,
            [n_slots],
        ]
    )
    first = n_slots
    return Network(
        tails=tails,
        heads=heads,
        caps=caps,
        n_nodes=next_node,
        n_slots=n_slots,
        person_base=person_base,
        lanes=lanes,
        slot_arcs=np.arange(first, first + len(ps)),
        pair_slot=ps,
        pair_person=np.asarray(pair_person, dtype=np.int64),
    )


@dataclass
class FlowResult:
    assignment: list[int | None]
    value: int  # the objective of the costs given (may include hour prices)
    person_price: list[float]  # λ ≥ 0 per person
    lane_price: dict[tuple[int, int], float]  # μ ≥ 0 per (person, account)


def min_cost(
    problem: Problem, network: Network, pair_value: np.ndarray, max_passes: int = 5000
) -> FlowResult:
    """The max-value flow for these per-candidate values (one per slot → lane arc)."""
    costs = np.zeros(len(network.tails), dtype=np.int64)
    costs[network.slot_arcs] = -pair_value
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        network.tails, network.heads, network.caps, costs
    )
    supplies = np.zeros(network.n_nodes, dtype=np.int64)
    supplies[SOURCE], supplies[SINK] = network.n_slots, -network.n_slots
    solver.set_nodes_supplies(np.arange(network.n_nodes), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    flows = solver.flows(arcs)
    assignment: list[int | None] = [None] * network.n_slots
    used = network.slot_arcs[flows[network.slot_arcs] > 0]
    for arc in used.tolist():
        pair = arc - network.slot_arcs[0]
        assignment[int(network.pair_slot[pair])] = int(network.pair_person[pair])
    d = potentials(network, costs, flows, max_passes)
    n_people = len(problem.people)
    person_d = d[network.person_base : network.person_base + n_people]
    person_price = np.maximum(0.0, d[SINK] - person_d).tolist()
    lane_price: dict[tuple[int, int], float] = {}
    for (person, account), node in network.lanes.items():
        mu = float(d[network.person_base + person] - d[node])
        if mu > 0:
            lane_price[(person, account)] = mu
    return FlowResult(
        assignment=assignment,
        value=-int(solver.optimal_cost()),
        person_price=person_price,
        lane_price=lane_price,
    )


def potentials(
    network: Network, costs: np.ndarray, flows: np.ndarray, max_passes: int = 5000
) -> np.ndarray:
    """Shortest distances from a virtual root in the residual network (Bellman–Ford, one
    vectorised pass per round). At an optimal flow there is no negative cycle, so they
    converge and every residual arc has a non-negative reduced cost."""
    forward = flows < network.caps
    backward = flows > 0
    tails = np.concatenate([network.tails[forward], network.heads[backward]])
    heads = np.concatenate([network.heads[forward], network.tails[backward]])
    cost = np.concatenate([costs[forward], -costs[backward]]).astype(np.int64)
    order = np.argsort(heads, kind="stable")
    tails, heads, cost = tails[order], heads[order], cost[order]
    groups, starts = np.unique(heads, return_index=True)
    d = np.zeros(network.n_nodes, dtype=np.int64)
    for _ in range(max_passes):
        best = np.minimum.reduceat(d[tails] + cost, starts)
        improved = best < d[groups]
        if not improved.any():
            break
        d[groups[improved]] = best[improved]
    return d.astype(float)


def pair_values(problem: Problem, network: Network) -> np.ndarray:
    weights = problem.weights
    fits = np.array(
        [[-1 if f is None else f for f in p.fits] for p in problem.people], dtype=np.int64
    ).reshape(len(problem.people), len(problem.role_ids))
    roles = np.array([slot.role for slot in problem.slots], dtype=np.int64)
    current = np.array(
        [-1 if slot.current is None else slot.current for slot in problem.slots], dtype=np.int64
    )
    ps, pp = network.pair_slot, network.pair_person
    values = weights.fill + weights.fit * fits[pp, roles[ps]]
    values = values + weights.continuity * (current[ps] == pp)
    return values.astype(np.int64)


@dataclass(frozen=True)
class Feasibility:
    fillable: int  # slots a max flow fills (hours aside)
    competing_slots: int  # slots on the source side of a minimum cut
    competing_people: int  # people on it: all of them are full


def feasibility(problem: Problem, candidates: Candidates) -> Feasibility:
    """How many slots can be filled at all (capacities and limits, hours aside); when not
    all, a minimum cut names the group of slots that compete for the same full people."""
    network = build(problem, candidates)
    solver = max_flow.SimpleMaxFlow()
    n_arcs = len(network.tails) - 1  # without the bypass
    solver.add_arcs_with_capacity(
        network.tails[:n_arcs], network.heads[:n_arcs], network.caps[:n_arcs]
    )
    status = solver.solve(SOURCE, SINK)
    if status != solver.OPTIMAL:
        raise SolverError(f"max flow ended with status {status}")
    filled = int(solver.optimal_flow())
    if filled == network.n_slots:
        return Feasibility(filled, 0, 0)
    cut = {int(node) for node in solver.get_source_side_min_cut()}
    people = range(network.person_base, network.person_base + len(problem.people))
    return Feasibility(
        fillable=filled,
        competing_slots=sum(
            1 for node in cut if 2 <= node < network.person_base and candidates[node - 2]
        ),
        competing_people=sum(1 for node in people if node in cut),
    )


def explain(
    problem: Problem,
    assignment: Sequence[int | None],
    candidates: Candidates,
    feasible: Feasibility,
) -> list[Unfillable]:
    """Why each slot the answer leaves empty stays empty: nobody may play it; everyone who
    may is full; those with room hold the limit of roles on that account; or (with hours)
    those with room in roles have no hours left."""
    used = Counter(p for p in assignment if p is not None)
    lanes = Counter(
        (p, slot.account)
        for slot, p in zip(problem.slots, assignment, strict=True)
        if p is not None
    )
    out: list[Unfillable] = []
    for index, person in enumerate(assignment):
        if person is not None:
            continue
        people = candidates[index]
        account = problem.slots[index].account
        with_room = [p for p in people if used[p] < problem.people[p].capacity_slots]
        if not people:
            why = Why.NO_CANDIDATE
        elif not with_room:
            why = Why.CAPACITY
        elif all(lanes[(p, account)] >= problem.per_account_limit for p in with_room):
            why = Why.ACCOUNT_LIMIT
        elif problem.uses_hours:
            why = Why.HOURS
        else:
            why = Why.CAPACITY
        competing = why == Why.CAPACITY and feasible.fillable < len(problem.slots)
        out.append(
            Unfillable(
                index,
                why,
                len(people),
                competing_slots=feasible.competing_slots if competing else 0,
                competing_people=feasible.competing_people if competing else 0,
            )
        )
    return out


def assignment_value(problem: Problem, assignment: Sequence[int | None]) -> int:
    return sum(
        problem.value(slot, person)
        for slot, person in zip(problem.slots, assignment, strict=True)
        if person is not None
    )
