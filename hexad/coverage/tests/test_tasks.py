"""The weekly snapshot: due once a week, idempotent, run by `hexad worker`."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from hexad.core import scheduling
from hexad.coverage import services
from hexad.coverage.models import CoverageSnapshot, SnapshotKind
from hexad.coverage.tasks import take_weekly_snapshot, weekly_snapshot_due


@pytest.mark.django_db
def test_weekly_snapshot_is_due_a_week_after_the_last_scheduled_one(account):
    now = timezone.now()
    assert weekly_snapshot_due(now)
    snapshot = services.snapshot_take(kind=SnapshotKind.SCHEDULED)
    assert not weekly_snapshot_due(now)
    assert not weekly_snapshot_due(snapshot.taken_at + datetime.timedelta(days=6, hours=23))
    assert weekly_snapshot_due(snapshot.taken_at + datetime.timedelta(days=7))
    services.snapshot_take(kind=SnapshotKind.ON_DEMAND)  # on-demand ones do not count
    assert weekly_snapshot_due(snapshot.taken_at + datetime.timedelta(days=7))


@pytest.mark.django_db
def test_the_task_takes_one_snapshot_however_often_it_runs(account):
    first = take_weekly_snapshot.call()
    second = take_weekly_snapshot.call()
    assert first is not None
    assert second is None
    assert CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_and_runs_the_due_snapshot(account):
    names = [job.name for job in scheduling.jobs()]
    assert "weekly coverage snapshot" in names
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED).count() == 1
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED).count() == 1
