"""Reads for coverage: the engine's inputs from the database, and the stored results."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from hexad.accounts.models import Account, Degree, RoleAssignment, TeamMembership, Tier
from hexad.accounts.selectors import PORTFOLIO_SORTS, AccountTeam, PortfolioFilters, portfolio_list
from hexad.coverage import engine
from hexad.coverage.models import (
    CoverageSnapshot,
    CoverageStatus,
    RoleCoverageCell,
    SnapshotKind,
    SnapshotRoleTotal,
)
from hexad.people.models import CompetencyRating, RatingSource, User
from hexad.roles.catalogue import RELATIONSHIP_MANAGER, RESULTS_DRIVER
from hexad.roles.models import Role
from hexad.roles.selectors import role_catalogue


@dataclass(frozen=True)
class EffectiveRating:
    rating: int
    source: str
    rated_on: datetime.date


def effective_ratings(
    *, person_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], EffectiveRating]:
    """The rating that counts per (person, role): latest manager rating, else latest self."""
    ratings = CompetencyRating.objects.all()
    if person_ids is not None:
        ratings = ratings.filter(person_id__in=list(person_ids))
    rows = ratings.order_by("person_id", "role_id", "-rated_on", "-id").values_list(
        "person_id", "role_id", "source", "rating", "rated_on"
    )
    best: dict[tuple[int, int], EffectiveRating] = {}
    for person_id, role_id, source, rating, rated_on in rows:
        key = (person_id, role_id)
        current = best.get(key)
        if current is None or (
            source == RatingSource.MANAGER and current.source != RatingSource.MANAGER
        ):
            best[key] = EffectiveRating(rating=rating, source=source, rated_on=rated_on)
    return best


def role_keys() -> engine.RoleKeys:
    return _role_ids_and_keys()[1]


def _role_ids_and_keys() -> tuple[list[int], engine.RoleKeys]:
    rows = [(role.pk, role.key) for role in role_catalogue()]
    ids = {key: pk for pk, key in rows}
    keys = engine.RoleKeys(
        results_driver=ids.get(RESULTS_DRIVER), relationship_manager=ids.get(RELATIONSHIP_MANAGER)
    )
    return [pk for pk, _key in rows], keys


@dataclass(frozen=True)
class EngineInput:
    accounts: list[engine.AccountSpec]
    role_ids: list[int]
    players: list[engine.Player]
    loads: list[engine.PersonLoad]
    keys: engine.RoleKeys


def engine_input(
    *, account_ids: Iterable[int] | None = None, on: datetime.date | None = None
) -> EngineInput:
    """Everything the engine needs for these accounts (all when None), in six queries:
    accounts, their tiers' required roles, active assignments, ratings, the players'
    memberships across the portfolio (their load) and the roles (kept between requests,
    so only on a cold cache)."""
    day = on or timezone.localdate()
    accounts = Account.objects.all()
    if account_ids is not None:
        accounts = accounts.filter(id__in=list(account_ids))
    account_rows = list(accounts.values_list("id", "tier_id", "tier__minimum_coverage", "lead_id"))
    required: dict[int, set[int]] = defaultdict(set)
    through = Tier.required_roles.through.objects.all()
    if account_ids is not None:
        through = through.filter(tier_id__in={row[1] for row in account_rows})
    for tier_id, role_id in through.values_list("tier_id", "role_id"):
        required[tier_id].add(role_id)
    specs = [
        engine.AccountSpec(
            account_id=pk,
            required_role_ids=frozenset(required.get(tier_id, ())),
            minimum_score=minimum,
            lead_person_id=lead_id,
        )
        for pk, tier_id, minimum, lead_id in account_rows
    ]
    assignments = RoleAssignment.objects.filter(membership__start_date__lte=day).filter(
        Q(membership__end_date__isnull=True) | Q(membership__end_date__gte=day)
    )
    if account_ids is not None:
        assignments = assignments.filter(membership__account_id__in=[s.account_id for s in specs])
    rows = list(
        assignments.values_list(
            "id",
            "membership__account_id",
            "role_id",
            "membership__person_id",
            "degree",
            "membership__allocation",
        )
    )
    person_ids = {row[3] for row in rows}
    ratings = effective_ratings(person_ids=None if account_ids is None else person_ids)
    players = [
        engine.Player(
            assignment_id=pk,
            account_id=account_id,
            role_id=role_id,
            person_id=person_id,
            is_lead_degree=degree == Degree.LEAD,
            allocation=allocation,
            rating=(r.rating if (r := ratings.get((person_id, role_id))) else None),
        )
        for pk, account_id, role_id, person_id, degree, allocation in rows
    ]
    role_ids, keys = _role_ids_and_keys()
    return EngineInput(
        accounts=specs,
        role_ids=role_ids,
        players=players,
        loads=person_loads(person_ids=None if account_ids is None else person_ids, on=day),
        keys=keys,
    )


def person_loads(
    *, person_ids: Iterable[int] | None, on: datetime.date | None = None
) -> list[engine.PersonLoad]:
    """Allocation across the whole portfolio against capacity, for people on a team."""
    memberships = TeamMembership.objects.active(on)
    if person_ids is not None:
        memberships = memberships.filter(person_id__in=list(person_ids))
    totals: dict[int, list[int]] = {}
    for person_id, allocation, capacity in memberships.values_list(
        "person_id", "allocation", "person__capacity"
    ):
        totals.setdefault(person_id, [0, capacity])[0] += allocation
    return [
        engine.PersonLoad(person_id=pk, capacity=capacity, allocation=allocation)
        for pk, (allocation, capacity) in totals.items()
    ]


def formula_settings() -> engine.Settings:
    """The engine's thresholds as this instance configures them (settings.HEXAD_COVERAGE)."""
    return engine.Settings(**getattr(django_settings, "HEXAD_COVERAGE", {}))


def compute_for(
    *,
    account_ids: Iterable[int] | None = None,
    settings: engine.Settings | None = None,
    on: datetime.date | None = None,
) -> dict[int, engine.AccountCoverage]:
    """Coverage as it stands today (or as the teams stood `on` an earlier day)."""
    data = engine_input(account_ids=account_ids, on=on)
    return engine.compute(
        accounts=data.accounts,
        role_ids=data.role_ids,
        players=data.players,
        loads=data.loads,
        keys=data.keys,
        settings=settings or formula_settings(),
    )


def account_coverage_live(
    *, account: Account
) -> tuple[engine.AccountCoverage, dict[tuple[int, int], int]]:
    """Coverage of one account computed now, and the ratings (person, role) it used."""
    data = engine_input(account_ids=[account.pk])
    result = engine.compute(
        accounts=data.accounts,
        role_ids=data.role_ids,
        players=data.players,
        loads=data.loads,
        keys=data.keys,
        settings=formula_settings(),
    )
    ratings = {
        (player.person_id, player.role_id): player.rating
        for player in data.players
        if player.rating is not None
    }
    return result[account.pk], ratings


def cells_for(*, account_ids: list[int]) -> dict[int, dict[int, RoleCoverageCell]]:
    cells: dict[int, dict[int, RoleCoverageCell]] = defaultdict(dict)
    for cell in RoleCoverageCell.objects.filter(account_id__in=account_ids):
        cells[cell.account_id][cell.role_id] = cell
    return cells


def snapshots_recent(*, limit: int = 26) -> QuerySet[CoverageSnapshot]:
    return CoverageSnapshot.objects.prefetch_related("totals")[:limit]


# --- the portfolio heatmap ------------------------------------------------------------------

HEATMAP_DEFAULT_SORT = "-gaps"
# The portfolio's sorts plus gaps (most first by default). Accounts whose coverage was
# never computed have no gaps figure: they come after every computed account, both ways.
HEATMAP_SORTS: dict[str, tuple[Any, ...]] = {
    "-gaps": (F("coverage_gaps").desc(nulls_last=True), "name", "id"),
    "gaps": (F("coverage_gaps").asc(nulls_last=True), "name", "id"),
    **PORTFOLIO_SORTS,
}
EXPORT_CHUNK = 1000


def heatmap_accounts(*, user: User, filters: PortfolioFilters) -> QuerySet[Account]:
    """The portfolio's accounts (scope and filters as `portfolio_list`) with stored gaps.

    `coverage_gaps` and `coverage_version` come through a LEFT JOIN on AccountCoverage, so
    accounts whose coverage was never computed are listed too, with None.
    """
    accounts = portfolio_list(user=user, filters=filters).annotate(
        coverage_gaps=F("coverage__gaps"), coverage_version=F("coverage__formula_version")
    )
    order = HEATMAP_SORTS.get(filters.sort, HEATMAP_SORTS[HEATMAP_DEFAULT_SORT])
    return accounts.order_by(*order)


@dataclass(frozen=True)
class HeatmapCell:
    role: Role
    stored: RoleCoverageCell | None  # None: not computed for this account and role yet


@dataclass(frozen=True)
class HeatmapRow:
    account: Account
    gaps: int | None  # None: coverage never computed
    formula_version: str | None
    cells: tuple[HeatmapCell, ...]  # one per role, in catalogue order

    @property
    def is_current(self) -> bool:
        """Computed with today's formula, for every role of the catalogue."""
        return self.formula_version == engine.FORMULA_VERSION and all(
            cell.stored is not None for cell in self.cells
        )


@dataclass(frozen=True)
class RoleTotal:
    role: Role
    missing: int = 0
    weak: int = 0
    covered: int = 0
    required_gaps: int = 0


@dataclass(frozen=True)
class Heatmap:
    page: Page
    roles: list[Role]
    rows: list[HeatmapRow]
    totals: list[RoleTotal]  # across every filtered account, not just this page

    @property
    def needs_refresh(self) -> bool:
        return any(not row.is_current for row in self.rows)


def _heatmap_row(
    account: Account, roles: list[Role], cells: dict[int, RoleCoverageCell]
) -> HeatmapRow:
    return HeatmapRow(
        account=account,
        gaps=account.coverage_gaps,  # type: ignore[attr-defined]
        formula_version=account.coverage_version,  # type: ignore[attr-defined]
        cells=tuple(HeatmapCell(role=role, stored=cells.get(role.pk)) for role in roles),
    )


def heatmap_role_totals(
    *, user: User, filters: PortfolioFilters, roles: list[Role]
) -> list[RoleTotal]:
    """How many filtered accounts have each role missing, weak or covered: one GROUP BY."""
    accounts = portfolio_list(user=user, filters=filters).order_by().values("id")
    covered = Q(status=CoverageStatus.COVERED)
    rows = (
        RoleCoverageCell.objects.filter(account_id__in=accounts)
        .values("role_id")
        .annotate(
            missing=Count("pk", filter=Q(status=CoverageStatus.MISSING)),
            weak=Count("pk", filter=Q(status=CoverageStatus.WEAK)),
            covered=Count("pk", filter=covered),
            required_gaps=Count("pk", filter=Q(required=True) & ~covered),
        )
        .order_by()
    )
    by_role = {row["role_id"]: row for row in rows}
    return [
        RoleTotal(
            role=role,
            missing=row["missing"],
            weak=row["weak"],
            covered=row["covered"],
            required_gaps=row["required_gaps"],
        )
        if (row := by_role.get(role.pk))
        else RoleTotal(role=role)
        for role in roles
    ]


def heatmap_page(
    *, user: User, filters: PortfolioFilters, page_number: Any, per_page: int
) -> Heatmap:
    """One page of the heatmap, in four queries whatever the size of the portfolio (five
    when the kept role catalogue has expired).

    Never runs the engine: it reads the stored cells of the page's accounts only.
    """
    accounts = heatmap_accounts(user=user, filters=filters)
    # 1. COUNT of the filtered accounts, 2. the page's accounts (tier, lead, stored gaps)
    page = Paginator(accounts, per_page).get_page(page_number)
    page_accounts = list(page.object_list)
    roles = role_catalogue()  # 3. the role catalogue (kept between requests)
    cells = cells_for(account_ids=[account.pk for account in page_accounts])  # 4. cells
    return Heatmap(
        page=page,
        roles=roles,
        rows=[_heatmap_row(account, roles, cells.get(account.pk, {})) for account in page_accounts],
        totals=heatmap_role_totals(user=user, filters=filters, roles=roles),  # 5. GROUP BY
    )


def heatmap_rows_all(
    *, user: User, filters: PortfolioFilters, roles: list[Role], chunk_size: int = EXPORT_CHUNK
) -> Iterator[HeatmapRow]:
    """Every filtered account in the heatmap's order with its cells, for the exports.

    One query for the ordered ids, then two per chunk (accounts, cells): memory stays
    bounded and rows can be streamed as they come.
    """
    accounts = heatmap_accounts(user=user, filters=filters)
    ids = list(accounts.values_list("id", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        by_id = {account.pk: account for account in accounts.filter(id__in=chunk).order_by()}
        cells = cells_for(account_ids=chunk)
        for pk in chunk:
            account = by_id.get(pk)
            if account is not None:  # None: deleted while the export was running
                yield _heatmap_row(account, roles, cells.get(pk, {}))


# --- coverage over time -------------------------------------------------------------------------

TREND_SNAPSHOTS = 26  # half a year of weekly snapshots


@dataclass(frozen=True)
class TrendRow:
    snapshot: CoverageSnapshot
    required_gaps: tuple[int | None, ...]  # per role, in catalogue order; None: not counted


@dataclass(frozen=True)
class CoverageTrend:
    roles: list[Role]
    rows: list[TrendRow]  # oldest first

    @property
    def formula_changed(self) -> bool:
        return len({row.snapshot.formula_version for row in self.rows}) > 1


def coverage_trend(*, limit: int = TREND_SNAPSHOTS) -> CoverageTrend:
    """Required gaps per role in the latest snapshots, in two queries (three when the
    kept role catalogue has expired).

    Snapshots count the whole portfolio: show them only to users who see every account.
    """
    snapshots = list(snapshots_recent(limit=limit))  # 1. snapshots, 2. their role totals
    snapshots.reverse()
    roles = role_catalogue()  # 3. the role catalogue (kept between requests)
    rows = []
    for snapshot in snapshots:
        totals: dict[int, SnapshotRoleTotal] = {t.role_id: t for t in snapshot.totals.all()}
        rows.append(
            TrendRow(
                snapshot=snapshot,
                required_gaps=tuple(
                    total.required_gaps if (total := totals.get(role.pk)) else None
                    for role in roles
                ),
            )
        )
    return CoverageTrend(roles=roles, rows=rows)


def snapshot_last_scheduled() -> CoverageSnapshot | None:
    scheduled = CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED)
    return scheduled.order_by("-taken_at").first()


def account_coverage_of_team(
    *, account: Account, team: AccountTeam
) -> tuple[engine.AccountCoverage, dict[tuple[int, int], int]]:
    """Coverage of one account from a team already loaded for its page: two more queries
    (the players' ratings and their load across the portfolio) instead of six."""
    players_rows = [
        (assignment, membership)
        for membership in team.active
        for assignment in membership.assignments.all()
    ]
    person_ids = {membership.person_id for membership in team.active}
    ratings = effective_ratings(person_ids=person_ids)
    players = [
        engine.Player(
            assignment_id=assignment.pk,
            account_id=account.pk,
            role_id=assignment.role_id,
            person_id=membership.person_id,
            is_lead_degree=assignment.degree == Degree.LEAD,
            allocation=membership.allocation,
            rating=(
                r.rating if (r := ratings.get((membership.person_id, assignment.role_id))) else None
            ),
        )
        for assignment, membership in players_rows
    ]
    spec = engine.AccountSpec(
        account_id=account.pk,
        required_role_ids=frozenset(e.role.pk for e in team.panel if e.required),
        minimum_score=account.tier.minimum_coverage,
        lead_person_id=account.lead_id,
    )
    keys = engine.RoleKeys(
        results_driver=next((r.pk for r in team.roles if r.key == RESULTS_DRIVER), None),
        relationship_manager=next(
            (r.pk for r in team.roles if r.key == RELATIONSHIP_MANAGER), None
        ),
    )
    result = engine.compute(
        accounts=[spec],
        role_ids=[role.pk for role in team.roles],
        players=players,
        loads=person_loads(person_ids=person_ids),
        keys=keys,
        settings=formula_settings(),
    )[account.pk]
    used = {(p.person_id, p.role_id): p.rating for p in players if p.rating is not None}
    return result, used
