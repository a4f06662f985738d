"""Hours (a weighted capacity) make the problem NP-hard: a greedy answer, improved by
CP-SAT on the pruned candidates, with a Lagrangian bound (hours priced into the min-cost
flow) that proves how far from optimal the answer can be."""

from __future__ import annotations

import itertools
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence

import numpy as np
from ortools.sat.python import cp_model

from hexad.staffing.solver import flow
from hexad.staffing.solver.candidates import Candidates
from hexad.staffing.solver.model import Problem

Progress = Callable[[str, float], None]


def greedy(
    problem: Problem,
    candidates: Candidates,
    start: Sequence[int | None] | None = None,
) -> list[int | None]:
    """Slots of the roles that take the most hours first (then the most valuable), each to
    the best candidate with room left in slots, hours and roles on that account."""
    slots_left = [p.capacity_slots for p in problem.people]
    hours_left = [p.capacity_hours for p in problem.people]
    lanes: Counter[tuple[int, int]] = Counter()
    limit = problem.per_account_limit
    assignment: list[int | None] = [None] * len(problem.slots)
    for index, person in enumerate(start or ()):
        if person is not None:
            slot = problem.slots[index]
            assignment[index] = person
            slots_left[person] -= 1
            left = hours_left[person]
            if left is not None:
                hours_left[person] = left - problem.hours_of(slot)
            lanes[(person, slot.account)] += 1
    order = sorted(
        (index for index, person in enumerate(assignment) if person is None),
        key=lambda s: (
            -problem.hours_of(problem.slots[s]),
            -max((problem.value(problem.slots[s], p) for p in candidates[s]), default=0),
            s,
        ),
    )
    everyone: list[list[int]] = []
    for role in range(len(problem.role_ids)):
        fits = {p: spec.fits[role] for p, spec in enumerate(problem.people)}
        allowed = [p for p, fit in fits.items() if fit is not None]
        everyone.append(sorted(allowed, key=lambda p: -(fits[p] or 0)))
    for index in order:
        slot = problem.slots[index]
        hours = problem.hours_of(slot)
        # The most valuable first; between equals, whoever has the most hours left.
        ranked = sorted(
            candidates[index],
            key=lambda p: (-problem.value(slot, p), -(hours_left[p] or 0)),
        )
        # When every kept candidate is full, anyone allowed with room will do.
        for person in itertools.chain(ranked, everyone[slot.role]):
            if not problem.allowed(slot, person):
                continue
            left = hours_left[person]
            if slots_left[person] <= 0 or (left is not None and left < hours):
                continue
            if lanes[(person, slot.account)] >= limit:
                continue
            assignment[index] = person
            slots_left[person] -= 1
            if left is not None:
                hours_left[person] = left - hours
            lanes[(person, slot.account)] += 1
            break
    return assignment


def repair(
    problem: Problem, assignment: Sequence[int | None], candidates: Candidates
) -> list[int | None]:
    """Makes an assignment fit every capacity: people over their slots or hours give up
    their least valuable slots per hour, then empty slots are filled as `greedy` does."""
    fixed: list[int | None] = list(assignment)
    by_person: dict[int, list[int]] = {}
    for index, person in enumerate(fixed):
        if person is not None:
            by_person.setdefault(person, []).append(index)
    for person, indices in by_person.items():
        spec = problem.people[person]
        used = sum(problem.hours_of(problem.slots[i]) for i in indices)
        indices.sort(
            key=lambda i: (
                problem.value(problem.slots[i], person) / max(1, problem.hours_of(problem.slots[i]))
            )
        )
        count = len(indices)
        for index in indices:
            over_hours = spec.capacity_hours is not None and used > spec.capacity_hours
            if count <= spec.capacity_slots and not over_hours:
                break
            fixed[index] = None
            used -= problem.hours_of(problem.slots[index])
            count -= 1
    return greedy(problem, candidates, start=fixed)


def hours_used(problem: Problem, assignment: Sequence[int | None]) -> np.ndarray:
    used = np.zeros(len(problem.people))
    for slot, person in zip(problem.slots, assignment, strict=True):
        if person is not None:
            used[person] += problem.hours_of(slot)
    return used


SCALE = 100  # hour prices are fractional; flow costs are integers in hundredths of a point


def priced_flow(
    problem: Problem, candidates: Candidates, hour_price: np.ndarray
) -> list[int | None]:
    """The min-cost flow (slots and per-account limits exact) with each pair's value less
    its person's hour price times the slot's hours: close to fitting the hours when the
    prices are good, and then repaired by `rebalance`."""
    network = flow.build(problem, candidates)
    base = flow.pair_values(problem, network)
    slot_hours = np.array([problem.hours_of(s) for s in problem.slots], dtype=float)
    adjusted = base - hour_price[network.pair_person] * slot_hours[network.pair_slot]
    values = np.rint(SCALE * adjusted).astype(np.int64)
    return flow.min_cost(problem, network, values, max_passes=0).assignment


def fill_empty(
    problem: Problem,
    assignment: Sequence[int | None],
    *,
    deadline: float,
    candidates: Candidates | None = None,
    max_visits: int = 400,
    max_trade_looks: int = 2_000_000,
) -> list[int | None]:
    """Fills empty slots by augmenting chains when nobody has room for them: a person who
    may play the slot hands one of their own slots on, and that slot is filled the same
    way (breadth first, each slot looked at once, up to `max_visits` slots per empty
    slot), until someone with room takes the last one. Beyond the empty slot itself only
    each slot's `candidates` and the people with room are looked at, so a chain costs
    little at any size. Slots no chain fills are then tried once with a trade
    (`trade_for_room`). Keeps every limit; checks `deadline` as it goes."""
    fixed: list[int | None] = list(assignment)
    n = len(problem.people)
    limit = problem.per_account_limit
    hours_of = [problem.hours_of(slot) for slot in problem.slots]
    cap_slots = [p.capacity_slots for p in problem.people]
    cap_hours = [10**9 if p.capacity_hours is None else p.capacity_hours for p in problem.people]
    slots_used = [0] * n
    hours_used = [0] * n
    owned: list[set[int]] = [set() for _ in range(n)]
    lanes: Counter[tuple[int, int]] = Counter()
    for index, person in enumerate(fixed):
        if person is not None:
            slots_used[person] += 1
            hours_used[person] += hours_of[index]
            owned[person].add(index)
            lanes[(person, problem.slots[index].account)] += 1
    n_roles = len(problem.role_ids)
    by_role = [
        [p for p, spec in enumerate(problem.people) if spec.fits[role] is not None]
        for role in range(n_roles)
    ]

    def fits_in(person: int, index: int, freed: int | None = None) -> bool:
        """Whether `person` may take slot `index` (after giving up slot `freed`)."""
        hours_free = cap_hours[person] - hours_used[person]
        if freed is None:
            if slots_used[person] >= cap_slots[person] or hours_free < hours_of[index]:
                return False
        elif hours_free + hours_of[freed] < hours_of[index]:
            return False
        slot = problem.slots[index]
        lane = lanes[(person, slot.account)]
        if freed is not None:
            lane -= problem.slots[freed].account == slot.account
        return lane < limit and problem.allowed(slot, person)

    def assign(index: int, person: int | None) -> None:
        old = fixed[index]
        account = problem.slots[index].account
        for who, sign in ((old, -1), (person, 1)):
            if who is None:
                continue
            slots_used[who] += sign
            hours_used[who] += sign * hours_of[index]
            lanes[(who, account)] += sign
            (owned[who].add if sign > 0 else owned[who].discard)(index)
        fixed[index] = person

    Parent = dict[int, tuple[int, int] | None]

    def on_path(parent: Parent, index: int) -> set[int]:
        """The people who move along the chain that ends at slot `index`."""
        people: set[int] = set()
        link = parent[index]
        while link is not None:
            people.add(link[1])
            link = parent[link[0]]
        return people

    def taker(parent: Parent, with_room: list[list[int]], index: int) -> int | None:
        """The most valuable person with room who may take `index` (chain aside)."""
        slot = problem.slots[index]
        pool = itertools.chain(
            candidates[index] if candidates is not None else (), with_room[slot.role]
        )
        taken = on_path(parent, index)
        holder = fixed[index]
        best, best_value = None, -1
        for q in pool:
            if q == holder or q in taken or not fits_in(q, index):
                continue
            if (value := problem.value(slot, q)) > best_value:
                best, best_value = q, value
        return best

    def apply(parent: Parent, index: int, person: int) -> None:
        """Gives `index` to `person` and moves everyone along its chain."""
        link = parent[index]
        assign(index, person)
        while link is not None:
            index, person = link
            link = parent[index]
            assign(index, person)

    def valid(people: set[int]) -> bool:
        """Whether `people` keep within their slots, hours and per-account limits."""
        for p in people:
            if slots_used[p] > cap_slots[p] or hours_used[p] > cap_hours[p]:
                return False
            if any(lanes[(p, problem.slots[i].account)] > limit for i in owned[p]):
                return False
        return True

    def trade_for_room(root: int) -> bool:
        """Fills `root` when those with a free slot have no hours and those with hours have
        no free slot: a person `a` who may take the root gives one of their short slots
        to a person `b` with a free slot, who makes the hours for it by trading one of
        their long slots for a shorter one of a person `c` with hours to spare (`c` takes
        the long slot); then `a` takes the root. Nobody's slot count grows except `b`'s,
        by one. Tried moves are undone when they break a limit; at most `max_trade_looks`
        slots are looked at."""
        slot = problem.slots[root]
        spare = [p for p in range(n) if slots_used[p] < cap_slots[p]]
        looked = 0

        def spent() -> bool:
            nonlocal looked
            looked += 1
            return looked > max_trade_looks or (looked % 256 == 0 and time.monotonic() > deadline)

        for a in by_role[slot.role]:
            if spent():
                return False
            if not problem.allowed(slot, a):
                continue
            for short in sorted(owned[a], key=hours_of.__getitem__):
                if not fits_in(a, root, freed=short):
                    continue
                short_slot = problem.slots[short]
                for b in spare:
                    if b == a or not problem.allowed(short_slot, b):
                        continue
                    need = hours_of[short] - (cap_hours[b] - hours_used[b])
                    for long in owned[b]:
                        if spent():
                            return False
                        if hours_of[long] <= need:
                            continue
                        pool = (
                            candidates[long]
                            if candidates is not None
                            else by_role[problem.slots[long].role]
                        )
                        for c in pool:
                            if c in (a, b) or not problem.allowed(problem.slots[long], c):
                                continue
                            free_c = cap_hours[c] - hours_used[c]
                            for other in owned[c]:
                                delta = hours_of[long] - hours_of[other]
                                if delta < max(need, 1) or free_c < delta:
                                    continue
                                if not problem.allowed(problem.slots[other], b):
                                    continue
                                moves: list[tuple[int, int | None]] = [
                                    (long, c),
                                    (other, b),
                                    (short, b),
                                    (root, a),
                                ]
                                before = [(index, fixed[index]) for index, _ in moves]
                                for index, who in moves:
                                    assign(index, who)
                                if valid({a, b, c}):
                                    return True
                                for index, who in reversed(before):
                                    assign(index, who)
        return False

    for root, person in enumerate(fixed):
        if person is not None:
            continue
        if time.monotonic() > deadline:
            break
        # People with a slot and an hour to spare, by the roles they may play.
        room = [
            p for p in range(n) if slots_used[p] < cap_slots[p] and hours_used[p] < cap_hours[p]
        ]
        with_room = [
            [p for p in room if problem.people[p].fits[r] is not None] for r in range(n_roles)
        ]
        # parent[slot] = (the slot its holder moves to, that holder); the root has none.
        parent: Parent = {root: None}
        found = taker(parent, with_room, root)
        if found is not None:
            apply(parent, root, found)
            continue
        queue = deque([root])
        visits = 0
        while queue and found is None and visits < max_visits:
            index = queue.popleft()
            visits += 1
            if visits % 64 == 0 and time.monotonic() > deadline:
                break
            slot = problem.slots[index]
            if index == root or candidates is None:
                pool: Sequence[int] = by_role[slot.role]
            else:
                pool = candidates[index]
            taken = on_path(parent, index)
            holder = fixed[index]
            for q in pool:
                if q == holder or q in taken or not problem.allowed(slot, q):
                    continue
                for other in owned[q]:
                    if other in parent or not fits_in(q, index, freed=other):
                        continue
                    parent[other] = (index, q)
                    if (found := taker(parent, with_room, other)) is not None:
                        apply(parent, other, found)
                        break
                    queue.append(other)
                if found is not None:
                    break
    # Slots no chain fills get a trade once every chain has been tried.
    for root, person in enumerate(fixed):
        if person is None and time.monotonic() < deadline:
            trade_for_room(root)
    return fixed


def cp_sat(
    problem: Problem,
    candidates: Candidates,
    *,
    hint: Sequence[int | None],
    deadline: float,
    workers: int,
) -> tuple[list[int | None], int, bool]:
    """The best assignment CP-SAT finds on the candidates by `deadline` (a monotonic
    time), started from the hint; whether it proved it optimal on those candidates."""
    model = cp_model.CpModel()
    by_person: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    by_lane: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    variables: list[tuple[int, int, cp_model.IntVar]] = []
    objective = []
    for index, (slot, people) in enumerate(zip(problem.slots, candidates, strict=True)):
        if index % 1024 == 0 and time.monotonic() > deadline:
            return list(hint), -1, False
        row = []
        hours = problem.hours_of(slot)
        for person in people:
            x = model.new_bool_var("")
            row.append(x)
            variables.append((index, person, x))
            by_person.setdefault(person, []).append((x, hours))
            by_lane.setdefault((person, slot.account), []).append(x)
            objective.append(problem.value(slot, person) * x)
            if hint[index] == person:
                model.add_hint(x, 1)
            else:
                model.add_hint(x, 0)
        if len(row) > 1:
            model.add_at_most_one(row)
    for person, items in by_person.items():
        spec = problem.people[person]
        if len(items) > spec.capacity_slots:
            model.add(sum(x for x, _h in items) <= spec.capacity_slots)
        if spec.capacity_hours is not None and sum(h for _x, h in items) > spec.capacity_hours:
            model.add(sum(h * x for x, h in items if h) <= spec.capacity_hours)
    for xs in by_lane.values():
        if len(xs) > problem.per_account_limit:
            model.add(sum(xs) <= problem.per_account_limit)
    model.maximize(sum(objective))
    left = deadline - time.monotonic()
    if left < 0.1:
        return list(hint), -1, False
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return list(hint), -1, False
    assignment: list[int | None] = [None] * len(problem.slots)
    for index, person, x in variables:
        if solver.boolean_value(x):
            assignment[index] = person
    return assignment, round(solver.objective_value), status == cp_model.OPTIMAL


def rebalance(
    problem: Problem,
    assignment: Sequence[int | None],
    candidates: Candidates,
    *,
    deadline: float,
) -> list[int | None]:
    """Repairs an assignment that breaks hours (a min-cost flow's, say) by local moves:
    each person over their hours hands a slot to a candidate with room, or swaps it for a
    shorter slot of a candidate; what cannot be moved is dropped. Empty slots are then
    filled as `greedy` does."""
    fixed: list[int | None] = list(assignment)
    n = len(problem.people)
    slots_used = [0] * n
    hours_used = [0] * n
    owned: list[set[int]] = [set() for _ in range(n)]
    lanes: Counter[tuple[int, int]] = Counter()
    limit = problem.per_account_limit
    hours_of = [problem.hours_of(slot) for slot in problem.slots]
    for index, person in enumerate(fixed):
        if person is not None:
            slots_used[person] += 1
            hours_used[person] += hours_of[index]
            owned[person].add(index)
            lanes[(person, problem.slots[index].account)] += 1

    def cap_hours(p: int) -> int:
        h = problem.people[p].capacity_hours
        return 10**9 if h is None else h

    def give(index: int, old: int | None, new: int | None) -> None:
        account = problem.slots[index].account
        if old is not None:
            slots_used[old] -= 1
            hours_used[old] -= hours_of[index]
            owned[old].discard(index)
            lanes[(old, account)] -= 1
        if new is not None:
            slots_used[new] += 1
            hours_used[new] += hours_of[index]
            owned[new].add(index)
            lanes[(new, account)] += 1
        fixed[index] = new

    def try_move(p: int) -> bool:
        for index in sorted(owned[p], key=lambda i: -hours_of[i]):
            slot = problem.slots[index]
            h = hours_of[index]
            best, best_value = None, -1
            for q in candidates[index]:
                if q == p or slots_used[q] >= problem.people[q].capacity_slots:
                    continue
                if hours_used[q] + h > cap_hours(q) or lanes[(q, slot.account)] >= limit:
                    continue
                if (value := problem.value(slot, q)) > best_value:
                    best, best_value = q, value
            if best is not None:
                give(index, p, best)
                return True
        return False

    def try_swap(p: int) -> bool:
        for index in sorted(owned[p], key=lambda i: -hours_of[i]):
            slot = problem.slots[index]
            h = hours_of[index]
            for q in candidates[index]:
                if q == p:
                    continue
                for other in list(owned[q]):
                    h2 = hours_of[other]
                    if h2 >= h or hours_used[q] - h2 + h > cap_hours(q):
                        continue
                    slot2 = problem.slots[other]
                    if not problem.allowed(slot2, p):
                        continue
                    same = slot.account == slot2.account
                    if not same and (
                        lanes[(q, slot.account)] >= limit or lanes[(p, slot2.account)] >= limit
                    ):
                        continue
                    give(index, p, None)
                    give(other, q, None)
                    give(index, None, q)
                    give(other, None, p)
                    return True
        return False

    for p in range(n):
        while hours_used[p] > cap_hours(p) or slots_used[p] > problem.people[p].capacity_slots:
            if time.monotonic() < deadline and (try_move(p) or try_swap(p)):
                continue
            worst = min(
                owned[p],
                key=lambda i: problem.value(problem.slots[i], p) / max(1, hours_of[i]),
            )
            give(worst, p, None)
    return greedy(problem, candidates, start=fixed)


def improve(
    problem: Problem,
    assignment: Sequence[int | None],
    candidates: Candidates,
    *,
    deadline: float,
) -> list[int | None]:
    """Raises the value of a feasible assignment by local moves that keep it feasible: a
    slot goes to a better candidate with room left, or two people swap slots that take
    the same hours when both gain together. Stops at `deadline` or when nothing improves."""
    fixed: list[int | None] = list(assignment)
    n = len(problem.people)
    slots_used = [0] * n
    hours_used = [0] * n
    owned: list[set[int]] = [set() for _ in range(n)]
    lanes: Counter[tuple[int, int]] = Counter()
    limit = problem.per_account_limit
    hours_of = [problem.hours_of(slot) for slot in problem.slots]
    cap_slots = [p.capacity_slots for p in problem.people]
    cap_hours = [10**9 if p.capacity_hours is None else p.capacity_hours for p in problem.people]
    for index, person in enumerate(fixed):
        if person is not None:
            slots_used[person] += 1
            hours_used[person] += hours_of[index]
            owned[person].add(index)
            lanes[(person, problem.slots[index].account)] += 1

    def move(index: int, old: int, new: int) -> None:
        account = problem.slots[index].account
        slots_used[old] -= 1
        hours_used[old] -= hours_of[index]
        owned[old].discard(index)
        lanes[(old, account)] -= 1
        slots_used[new] += 1
        hours_used[new] += hours_of[index]
        owned[new].add(index)
        lanes[(new, account)] += 1
        fixed[index] = new

    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for index, person in enumerate(fixed):
            if person is None:
                continue
            if index % 512 == 0 and time.monotonic() > deadline:
                break
            slot = problem.slots[index]
            h = hours_of[index]
            here = problem.value(slot, person)
            for q in candidates[index]:
                if q == person or problem.value(slot, q) <= here:
                    continue
                if (
                    slots_used[q] < cap_slots[q]
                    and hours_used[q] + h <= cap_hours[q]
                    and lanes[(q, slot.account)] < limit
                ):
                    move(index, person, q)
                    improved = True
                    break
                # Swap with one of q's slots of the same hours that `person` may play.
                gain_here = problem.value(slot, q) - here
                for other in owned[q]:
                    if hours_of[other] != h:
                        continue
                    slot2 = problem.slots[other]
                    if not problem.allowed(slot2, person):
                        continue
                    gain = gain_here + problem.value(slot2, person) - problem.value(slot2, q)
                    if gain <= 0:
                        continue
                    if slot.account != slot2.account and (
                        lanes[(q, slot.account)] >= limit or lanes[(person, slot2.account)] >= limit
                    ):
                        continue
                    move(index, person, q)
                    move(other, q, person)
                    improved = True
                    break
                if fixed[index] != person:
                    break
    return fixed
