"""Reads for coverage: the engine's inputs from the database, and the stored results."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from hexad.accounts.models import Account, Degree, RoleAssignment, TeamMembership, Tier
from hexad.coverage import engine
from hexad.coverage.models import CoverageSnapshot, RoleCoverageCell
from hexad.people.models import CompetencyRating, Person, RatingSource
from hexad.roles.catalogue import RELATIONSHIP_MANAGER, RESULTS_DRIVER
from hexad.roles.models import Role


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
    ids = dict(
        Role.objects.filter(key__in=[RESULTS_DRIVER, RELATIONSHIP_MANAGER]).values_list("key", "id")
    )
    return engine.RoleKeys(
        results_driver=ids.get(RESULTS_DRIVER), relationship_manager=ids.get(RELATIONSHIP_MANAGER)
    )


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
    """Everything the engine needs for these accounts (all when None), in six queries."""
    day = on or timezone.localdate()
    accounts = Account.objects.all()
    if account_ids is not None:
        accounts = accounts.filter(id__in=list(account_ids))
    account_rows = list(accounts.values_list("id", "tier_id", "tier__minimum_coverage", "lead_id"))
    required: dict[int, set[int]] = defaultdict(set)
    for tier_id, role_id in Tier.required_roles.through.objects.values_list("tier_id", "role_id"):
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
    return EngineInput(
        accounts=specs,
        role_ids=list(Role.objects.values_list("id", flat=True)),
        players=players,
        loads=person_loads(person_ids=None if account_ids is None else person_ids, on=day),
        keys=role_keys(),
    )


def person_loads(
    *, person_ids: Iterable[int] | None, on: datetime.date | None = None
) -> list[engine.PersonLoad]:
    """Each person's allocation across the whole portfolio against their capacity."""
    memberships = TeamMembership.objects.active(on)
    people = Person.objects.all()
    if person_ids is not None:
        ids = list(person_ids)
        memberships = memberships.filter(person_id__in=ids)
        people = people.filter(id__in=ids)
    totals: dict[int, int] = defaultdict(int)
    for person_id, allocation in memberships.values_list("person_id", "allocation"):
        totals[person_id] += allocation
    return [
        engine.PersonLoad(person_id=pk, capacity=capacity, allocation=totals.get(pk, 0))
        for pk, capacity in people.values_list("id", "capacity")
    ]


def compute_for(
    *, account_ids: Iterable[int] | None = None, settings: engine.Settings | None = None
) -> dict[int, engine.AccountCoverage]:
    data = engine_input(account_ids=account_ids)
    return engine.compute(
        accounts=data.accounts,
        role_ids=data.role_ids,
        players=data.players,
        loads=data.loads,
        keys=data.keys,
        settings=settings or engine.Settings(),
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
