"""Background tasks of the coverage app."""

from __future__ import annotations

import datetime

from django.tasks import task

from hexad.coverage import services
from hexad.coverage.models import CoverageSnapshot, SnapshotKind

WEEK = datetime.timedelta(days=7)


def weekly_snapshot_due(now: datetime.datetime) -> bool:
    last = (
        CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED)
        .order_by("-taken_at")
        .values_list("taken_at", flat=True)
        .first()
    )
    return last is None or now - last >= WEEK


@task
def take_weekly_snapshot() -> int | None:
    """Takes the weekly coverage snapshot unless one was taken in the last seven days."""
    snapshot = services.snapshot_weekly_if_due()
    return snapshot.pk if snapshot else None


@task
def refresh_coverage() -> int:
    """Recomputes and stores coverage for the whole portfolio."""
    return services.coverage_refresh()
