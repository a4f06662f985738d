"""Writes of derived coverage data: the stored cells and the snapshots."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hexad.accounts.models import TeamMembership
from hexad.coverage import engine
from hexad.coverage.models import (
    AccountCoverage,
    CoverageSnapshot,
    RoleCoverageCell,
    SnapshotKind,
    SnapshotRoleTotal,
)
from hexad.coverage.selectors import compute_for
from hexad.people.models import User

BATCH = 2000


@transaction.atomic
def coverage_refresh(*, account_ids: Iterable[int] | None = None) -> int:
    """Recomputes and stores coverage for these accounts (all when None); returns how many."""
    ids = None if account_ids is None else set(account_ids)
    results = compute_for(account_ids=ids)
    now = timezone.now()
    if ids is None:
        RoleCoverageCell.objects.all().delete()
        AccountCoverage.objects.all().delete()
    else:
        RoleCoverageCell.objects.filter(account_id__in=ids).delete()
        AccountCoverage.objects.filter(account_id__in=ids).delete()
    cells = [
        RoleCoverageCell(
            account_id=result.account_id,
            role_id=cell.role_id,
            score=cell.score,
            status=str(cell.status),
            required=cell.required,
        )
        for result in results.values()
        for cell in result.roles.values()
    ]
    RoleCoverageCell.objects.bulk_create(cells, batch_size=BATCH)
    summaries = []
    for result in results.values():
        statuses = Counter(cell.status for cell in result.roles.values())
        summaries.append(
            AccountCoverage(
                account_id=result.account_id,
                gaps=result.gaps,
                missing=statuses[engine.Status.MISSING],
                weak=statuses[engine.Status.WEAK],
                flags=len(result.flags),
                formula_version=engine.FORMULA_VERSION,
                computed_at=now,
            )
        )
    AccountCoverage.objects.bulk_create(summaries, batch_size=BATCH)
    return len(results)


def refresh_accounts(account_ids: set[int]) -> None:
    """The derived-data hook registered for domain writes (see core.hooks)."""
    coverage_refresh(account_ids=account_ids)


def refresh_people(person_ids: set[int]) -> None:
    """Ratings or capacity of these people changed: refresh the accounts they are on."""
    account_ids = set(
        TeamMembership.objects.active()
        .filter(person_id__in=person_ids)
        .values_list("account_id", flat=True)
    )
    if account_ids:
        coverage_refresh(account_ids=account_ids)


@transaction.atomic
def snapshot_take(
    *,
    kind: str = SnapshotKind.ON_DEMAND,
    user: User | None = None,
    on: datetime.date | None = None,
) -> CoverageSnapshot:
    """Stores the totals per role (missing, weak, covered) for the trend chart: today's, or
    the teams as they stood `on` an earlier day (used to give a new portfolio a history)."""
    results = compute_for(on=on)
    taken_at = timezone.now()
    if on is not None:
        taken_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    snapshot = CoverageSnapshot.objects.create(
        taken_at=taken_at,
        kind=kind,
        formula_version=engine.FORMULA_VERSION,
        accounts=len(results),
        taken_by=user,
    )
    totals: dict[int, Counter[str]] = {}
    for result in results.values():
        for cell in result.roles.values():
            counter = totals.setdefault(cell.role_id, Counter())
            counter[str(cell.status)] += 1
            if cell.required and cell.status != engine.Status.COVERED:
                counter["required_gaps"] += 1
    SnapshotRoleTotal.objects.bulk_create(
        [
            SnapshotRoleTotal(
                snapshot=snapshot,
                role_id=role_id,
                missing=counter["missing"],
                weak=counter["weak"],
                covered=counter["covered"],
                required_gaps=counter["required_gaps"],
            )
            for role_id, counter in totals.items()
        ]
    )
    return snapshot


@transaction.atomic
def snapshot_weekly_if_due(*, now: datetime.datetime | None = None) -> CoverageSnapshot | None:
    """The weekly snapshot, taken only when the last scheduled one is a week old or more."""
    moment = now or timezone.now()
    last = (
        CoverageSnapshot.objects.select_for_update()
        .filter(kind=SnapshotKind.SCHEDULED)
        .order_by("-taken_at")
        .first()
    )
    if last is not None and moment - last.taken_at < datetime.timedelta(days=7):
        return None
    return snapshot_take(kind=SnapshotKind.SCHEDULED)
