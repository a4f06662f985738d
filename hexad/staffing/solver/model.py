"""The team designer's data model: a Problem in, a Proposal out.

Everything is indexed by position: a slot names its account and role by their index in
`Problem.account_ids` / `Problem.role_ids`, and a person by their index in `Problem.people`.
The ids are carried along so callers can map the answer back to their records.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# The largest fit: a rating of 5 of 5 (coverage engine fit 1.0) is worth 100 points.
FULL_FIT = 100


@dataclass(frozen=True, slots=True)
class Weights:
    """How the objective values a choice. A filled slot earns `fill`, plus `fit` × the
    person's fit points (0–100), plus `continuity` when the person plays it today."""

    fill: int = 1000
    fit: int = 1
    continuity: int = 30


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    # Slots this person may still take in the scope (their capacity across the portfolio
    # less what they hold outside it).
    capacity_slots: int
    # Hours a week they may still take; None: hours are not limited.
    capacity_hours: int | None
    # Fit points per role index (0–100); None: the person may not play that role.
    fits: tuple[int | None, ...]
    # Whether each fit comes from a rating (False: the default fit for "not assessed").
    assessed: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Slot:
    account: int  # index into Problem.account_ids
    role: int  # index into Problem.role_ids
    current: int | None = None  # index of the person who plays it today


@dataclass(frozen=True)
class Problem:
    account_ids: tuple[int, ...]
    role_ids: tuple[int, ...]
    people: tuple[Person, ...]
    slots: tuple[Slot, ...]
    # Hours a week each role takes (per role index); all zero: hours are not used.
    role_hours: tuple[int, ...] = ()
    # Person–account pairs that may not be combined: person_index * len(accounts) + account.
    conflicts: frozenset[int] = frozenset()
    # Roles one person may take on one account.
    per_account_limit: int = 6
    weights: Weights = field(default_factory=Weights)

    @property
    def uses_hours(self) -> bool:
        return any(self.role_hours) and any(p.capacity_hours is not None for p in self.people)

    def hours_of(self, slot: Slot) -> int:
        return self.role_hours[slot.role] if self.role_hours else 0

    def conflict(self, person: int, account: int) -> bool:
        return person * len(self.account_ids) + account in self.conflicts

    def value(self, slot: Slot, person: int) -> int:
        """What filling `slot` with `person` adds to the objective (they must be allowed)."""
        fit = self.people[person].fits[slot.role]
        assert fit is not None
        weights = self.weights
        bonus = weights.continuity if slot.current == person else 0
        return weights.fill + weights.fit * fit + bonus

    def allowed(self, slot: Slot, person: int) -> bool:
        return self.people[person].fits[slot.role] is not None and not self.conflict(
            person, slot.account
        )


class Why(enum.StrEnum):
    """Why a slot cannot be filled."""

    NO_CANDIDATE = "no_candidate"  # nobody in scope may play this role on this account
    CAPACITY = "capacity"  # everyone who may play it is full (slots)
    ACCOUNT_LIMIT = "account_limit"  # those with room already hold the limit of roles here
    HOURS = "hours"  # those with room in slots have no hours left for this role


@dataclass(frozen=True, slots=True)
class Unfillable:
    slot: int
    why: Why
    candidates: int  # people who may play it at all
    competing_slots: int = 0  # slots that compete for the same full people
    competing_people: int = 0


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a slot got its person: their fit, continuity, and the room they have left."""

    fit: int
    assessed: bool
    kept: bool
    slots_left: int
    hours_left: int | None


@dataclass(frozen=True)
class Proposal:
    assignment: tuple[int | None, ...]  # person index per slot, None: left empty
    objective: int
    bound: int  # a proven upper bound on the best objective of the whole problem
    method: str  # "min-cost flow", "greedy + CP-SAT", …
    seconds: float
    reasons: tuple[Reason | None, ...]
    unfillable: tuple[Unfillable, ...]
    fillable: int  # slots a max flow can fill (hours aside)
    greedy_objective: int | None = None
    candidates_kept: int = 0  # candidate pairs given to the solver after pruning
    candidates_total: int = 0  # allowed pairs in the whole problem
    notes: tuple[str, ...] = ()

    @property
    def gap(self) -> float:
        """(bound − objective) / bound: 0.0 is proven optimal."""
        if self.bound <= 0:
            return 0.0
        return max(0, self.bound - self.objective) / self.bound

    @property
    def filled(self) -> int:
        return sum(1 for person in self.assignment if person is not None)


@dataclass(frozen=True, slots=True)
class Options:
    top_k: int = 20  # candidates kept per slot (the best by value, plus today's holder)
    time_limit: float = 60.0  # seconds for the whole solve
    cp_sat: bool = True  # improve the hours greedy with CP-SAT (otherwise greedy only)
    # Rounds of pricing every allowed pair against the prices before the answer is built
    # (more would add candidates that slow CP-SAT down); once the answer stops improving,
    # rounds go on until the time limit, tightening the bound.
    lagrangian_rounds: int = 8
    price_iterations: int = 600  # first-order steps on the prices (a quarter in later rounds)
    workers: int = 2  # CP-SAT search workers
