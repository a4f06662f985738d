"""`hexad coverage`: --refresh stores coverage; --snapshot [--weekly] stores snapshots."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hexad.coverage.models import AccountCoverage, CoverageSnapshot, SnapshotKind
from hexad.coverage.tests.test_heatmap import build_three

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("coverage", *args, stdout=out)
    return out.getvalue()


def age(snapshot: CoverageSnapshot, days: int) -> None:
    CoverageSnapshot.objects.filter(pk=snapshot.pk).update(
        taken_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_refresh_recomputes_every_account_and_says_how_long_it_took():
    three = build_three()
    AccountCoverage.objects.all().delete()

    output = run("--refresh")

    assert output.startswith("Coverage recomputed for 3 accounts in ")
    assert output.rstrip().endswith(" s.")
    assert AccountCoverage.objects.get(account=three.celsa).gaps == 2


def test_snapshot_takes_an_on_demand_snapshot():
    build_three()

    output = run("--snapshot")

    taken = CoverageSnapshot.objects.get()
    assert (taken.kind, taken.accounts, taken.taken_by) == (SnapshotKind.ON_DEMAND, 3, None)
    assert output.startswith("On demand snapshot taken: 3 accounts, formula 1.0")


def test_refresh_and_snapshot_together():
    build_three()

    output = run("--refresh", "--snapshot")

    assert "Coverage recomputed for 3 accounts" in output
    assert CoverageSnapshot.objects.count() == 1


def test_weekly_takes_the_first_scheduled_snapshot():
    build_three()

    output = run("--snapshot", "--weekly")

    assert CoverageSnapshot.objects.get().kind == SnapshotKind.SCHEDULED
    assert output.startswith("Weekly snapshot taken: 3 accounts")


@pytest.mark.parametrize(("days", "taken"), [(0, False), (1, False), (6, False), (7, True),
                                              (30, True)])  # fmt: skip
def test_weekly_waits_a_week_after_the_last_scheduled_snapshot(days, taken):
    run("--snapshot", "--weekly")
    age(CoverageSnapshot.objects.get(), days)

    output = run("--snapshot", "--weekly")

    assert CoverageSnapshot.objects.count() == (2 if taken else 1)
    if not taken:
        assert f"The last weekly snapshot was taken {days} day(s) ago" in output
        assert output.rstrip().endswith("none taken.")


def test_on_demand_snapshots_do_not_hold_the_weekly_one_back():
    run("--snapshot")  # on demand, today
    weekly = CoverageSnapshot.objects.create(
        taken_at=timezone.now(), kind=SnapshotKind.SCHEDULED, formula_version="1.0", accounts=0
    )
    age(weekly, 8)

    run("--snapshot", "--weekly")

    assert CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED).count() == 2


def test_it_is_safe_to_run_daily_for_a_fortnight():
    for _day in range(15):
        run("--snapshot", "--weekly")
        for snapshot in CoverageSnapshot.objects.all():  # a day passes
            CoverageSnapshot.objects.filter(pk=snapshot.pk).update(
                taken_at=snapshot.taken_at - datetime.timedelta(days=1)
            )

    # on days 1, 8 and 15
    assert CoverageSnapshot.objects.filter(kind=SnapshotKind.SCHEDULED).count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say what to do: --refresh, --snapshot, or both."),
        (("--weekly",), "--weekly only makes sense with --snapshot."),
        (("--refresh", "--weekly"), "--weekly only makes sense with --snapshot."),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message.replace("-", r"\-")):
        run(*args)
    assert not CoverageSnapshot.objects.exists()
