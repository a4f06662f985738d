"""The coverage engine: how well each role is played on each account, and what to fix.

Pure functions over plain data — no ORM, no I/O — so the whole portfolio is computed in
one pass and every figure can be checked by hand. `docs/coverage.md` explains the formula;
bump FORMULA_VERSION whenever a result for the same input would change.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FORMULA_VERSION = "1.0"


class Status(enum.StrEnum):
    MISSING = "missing"
    WEAK = "weak"
    COVERED = "covered"


class FlagKind(enum.StrEnum):
    REQUIRED_MISSING = "required_missing"
    WEAK_ROLE = "weak_role"
    CONCENTRATION = "concentration"
    FORCED_FIT = "forced_fit"
    RELATIONSHIP_LEADER_AS_DRIVER = "relationship_leader_as_driver"
    OVER_CAPACITY = "over_capacity"
    LEAD_ONLY = "lead_only"


# --- input ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """The knobs of the formula (defaults are FORMULA_VERSION's)."""

    lead_weight: float = 1.0
    contributing_weight: float = 0.5
    # The allocation at which a player counts in full; less counts in proportion.
    full_allocation: int = 20
    # Fit used for people nobody has rated in the role yet (a rating of 3 of 5).
    unassessed_fit: float = 0.6
    # Ratings at or below this are a forced fit.
    forced_fit_rating: int = 2
    # One person holding at least this share of the roles played on an account.
    concentration_share: float = 0.5
    # …and at least this many roles, so a two-role account is not flagged.
    concentration_min_roles: int = 3
    # Score a role needs to count as covered, when the tier does not say.
    default_minimum: int = 60


@dataclass(frozen=True, slots=True)
class Player:
    """One role assignment on one account."""

    assignment_id: int
    account_id: int
    role_id: int
    person_id: int
    is_lead_degree: bool
    allocation: int
    rating: int | None  # 1–5, None when not assessed


@dataclass(frozen=True, slots=True)
class AccountSpec:
    account_id: int
    required_role_ids: frozenset[int]
    minimum_score: int
    lead_person_id: int | None


@dataclass(frozen=True, slots=True)
class PersonLoad:
    person_id: int
    capacity: int
    allocation: int  # sum over every active membership in the portfolio


@dataclass(frozen=True, slots=True)
class RoleKeys:
    """Ids of the roles the engine gives a meaning to (the seed's warning)."""

    results_driver: int | None = None
    relationship_manager: int | None = None


# --- output -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contribution:
    assignment_id: int
    person_id: int
    degree_weight: float
    fit: float
    fit_assessed: bool
    allocation_factor: float
    points: float  # 100 × degree × fit × allocation


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    account_id: int
    role_id: int | None = None
    person_id: int | None = None
    value: float | None = None  # the figure behind the flag (score, share, load …)


@dataclass(frozen=True, slots=True)
class RoleCoverage:
    account_id: int
    role_id: int
    score: int  # 0–100
    status: Status
    required: bool
    minimum: int
    contributions: tuple[Contribution, ...]


@dataclass(slots=True)
class AccountCoverage:
    account_id: int
    roles: dict[int, RoleCoverage] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        """Required roles that are missing or weak."""
        return sum(
            1 for cell in self.roles.values() if cell.required and cell.status != Status.COVERED
        )


# --- the formula ------------------------------------------------------------------------


def fit_of(rating: int | None, settings: Settings) -> tuple[float, bool]:
    """A 1–5 rating as a factor 0.2–1.0; unassessed people get the configured default."""
    if rating is None:
        return settings.unassessed_fit, False
    return max(1, min(5, rating)) / 5, True


def contribution_of(player: Player, settings: Settings) -> Contribution:
    degree = settings.lead_weight if player.is_lead_degree else settings.contributing_weight
    fit, assessed = fit_of(player.rating, settings)
    allocation = min(1.0, max(0, player.allocation) / settings.full_allocation)
    return Contribution(
        assignment_id=player.assignment_id,
        person_id=player.person_id,
        degree_weight=degree,
        fit=fit,
        fit_assessed=assessed,
        allocation_factor=allocation,
        points=round(100 * degree * fit * allocation, 2),
    )


def role_score(contributions: Iterable[Contribution]) -> int:
    """Points add up across players and are capped at 100."""
    return min(100, round(sum(c.points for c in contributions)))


def status_of(score: int, has_players: bool, minimum: int) -> Status:
    if not has_players or score == 0:
        return Status.MISSING
    return Status.COVERED if score >= minimum else Status.WEAK


def compute(
    *,
    accounts: Sequence[AccountSpec],
    role_ids: Sequence[int],
    players: Iterable[Player],
    loads: Iterable[PersonLoad] = (),
    keys: RoleKeys | None = None,
    settings: Settings | None = None,
) -> dict[int, AccountCoverage]:
    """Coverage of every role on every account, with the flags that follow from it."""
    keys = keys or RoleKeys()
    settings = settings or Settings()
    by_account: dict[int, list[Player]] = defaultdict(list)
    for player in players:
        by_account[player.account_id].append(player)
    over_capacity = {load.person_id: load for load in loads if load.allocation > load.capacity}
    return {
        spec.account_id: account_coverage(
            spec=spec,
            role_ids=role_ids,
            players=by_account.get(spec.account_id, []),
            over_capacity=over_capacity,
            keys=keys,
            settings=settings,
        )
        for spec in accounts
    }


def account_coverage(
    *,
    spec: AccountSpec,
    role_ids: Sequence[int],
    players: Sequence[Player],
    over_capacity: dict[int, PersonLoad],
    keys: RoleKeys,
    settings: Settings,
) -> AccountCoverage:
    result = AccountCoverage(account_id=spec.account_id)
    by_role: dict[int, list[Player]] = defaultdict(list)
    for player in players:
        by_role[player.role_id].append(player)
    minimum = spec.minimum_score or settings.default_minimum
    for role_id in role_ids:
        role_players = by_role.get(role_id, [])
        contributions = tuple(
            sorted(
                (contribution_of(p, settings) for p in role_players),
                key=lambda c: (-c.points, c.assignment_id),
            )
        )
        score = role_score(contributions)
        required = role_id in spec.required_role_ids
        result.roles[role_id] = RoleCoverage(
            account_id=spec.account_id,
            role_id=role_id,
            score=score,
            status=status_of(score, bool(role_players), minimum),
            required=required,
            minimum=minimum,
            contributions=contributions,
        )
    result.flags = account_flags(
        spec=spec,
        coverage=result,
        players=players,
        over_capacity=over_capacity,
        keys=keys,
        settings=settings,
    )
    return result


def account_flags(
    *,
    spec: AccountSpec,
    coverage: AccountCoverage,
    players: Sequence[Player],
    over_capacity: dict[int, PersonLoad],
    keys: RoleKeys,
    settings: Settings,
) -> list[Flag]:
    account_id = spec.account_id
    flags: list[Flag] = []
    for role_id, cell in coverage.roles.items():
        if cell.status == Status.MISSING and cell.required:
            flags.append(Flag(FlagKind.REQUIRED_MISSING, account_id, role_id=role_id))
        elif cell.status == Status.WEAK:
            flags.append(Flag(FlagKind.WEAK_ROLE, account_id, role_id=role_id, value=cell.score))
        if (
            cell.contributions
            and spec.lead_person_id is not None
            and all(c.person_id == spec.lead_person_id for c in cell.contributions)
        ):
            flags.append(
                Flag(FlagKind.LEAD_ONLY, account_id, role_id=role_id, person_id=spec.lead_person_id)
            )

    # One person holding most of the roles played on the account.
    roles_played = {p.role_id for p in players}
    roles_by_person: dict[int, set[int]] = defaultdict(set)
    for player in players:
        roles_by_person[player.person_id].add(player.role_id)
    for person_id, held in sorted(roles_by_person.items()):
        share = len(held) / len(roles_played)
        if len(held) >= settings.concentration_min_roles and share >= settings.concentration_share:
            flags.append(
                Flag(FlagKind.CONCENTRATION, account_id, person_id=person_id, value=len(held))
            )

    # Forced fits; the seed's warning when the relationship leader is made Results Driver.
    relationship_leads = {
        p.person_id for p in players if p.role_id == keys.relationship_manager and p.is_lead_degree
    }
    for player in sorted(players, key=lambda p: p.assignment_id):
        if player.rating is None or player.rating > settings.forced_fit_rating:
            continue
        kind = FlagKind.FORCED_FIT
        if player.role_id == keys.results_driver and player.person_id in relationship_leads:
            kind = FlagKind.RELATIONSHIP_LEADER_AS_DRIVER
        flags.append(
            Flag(kind, account_id, role_id=player.role_id, person_id=player.person_id,
                 value=player.rating)
        )  # fmt: skip

    for person_id in sorted({p.person_id for p in players} & over_capacity.keys()):
        load = over_capacity[person_id]
        flags.append(
            Flag(FlagKind.OVER_CAPACITY, account_id, person_id=person_id, value=load.allocation)
        )
    return flags
