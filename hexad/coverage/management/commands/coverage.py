"""`hexad coverage`: recompute stored coverage and take snapshots for the trend chart.

A daily timer (cron, systemd) or the worker runs `hexad coverage --snapshot --weekly`;
it takes a scheduled snapshot only when the last one is at least a week old, so running it
more often than weekly is safe.
"""

from __future__ import annotations

import datetime
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from hexad.coverage.models import SnapshotKind
from hexad.coverage.selectors import snapshot_last_scheduled
from hexad.coverage.services import coverage_refresh, snapshot_take

WEEK = datetime.timedelta(days=7)
NOTHING_ASKED = "Say what to do: --refresh, --snapshot, or both."
WEEKLY_WITHOUT_SNAPSHOT = "--weekly only makes sense with --snapshot."


class Command(BaseCommand):
    help = (
        "Recompute and store role coverage for every account (--refresh) and/or store a "
        "snapshot of the portfolio's coverage for the trend chart (--snapshot)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Recompute and store the coverage of every account.",
        )
        parser.add_argument(
            "--snapshot",
            action="store_true",
            help="Store today's totals per role (an on-demand snapshot unless --weekly).",
        )
        parser.add_argument(
            "--weekly",
            action="store_true",
            help=(
                "With --snapshot: take a scheduled (weekly) snapshot, and only when the last "
                "scheduled one was taken 7 or more days ago. Safe to run daily."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["weekly"] and not options["snapshot"]:
            raise CommandError(WEEKLY_WITHOUT_SNAPSHOT)
        if not (options["refresh"] or options["snapshot"]):
            raise CommandError(NOTHING_ASKED)
        if options["refresh"]:
            started = time.perf_counter()
            count = coverage_refresh()
            seconds = time.perf_counter() - started
            self.stdout.write(f"Coverage recomputed for {count:,} accounts in {seconds:.2f} s.")
        if options["snapshot"]:
            self.snapshot(weekly=options["weekly"])

    def snapshot(self, *, weekly: bool) -> None:
        # One transaction: on SQLite (immediate transactions) two runs at once cannot both
        # find the last weekly snapshot old and take one each.
        with transaction.atomic():
            if weekly:
                last = snapshot_last_scheduled()
                if last is not None:
                    age = timezone.localdate() - timezone.localdate(last.taken_at)
                    if age < WEEK:
                        self.stdout.write(
                            f"The last weekly snapshot was taken {age.days} day(s) ago "
                            f"({timezone.localtime(last.taken_at):%Y-%m-%d %H:%M}); none taken."
                        )
                        return
            kind = SnapshotKind.SCHEDULED if weekly else SnapshotKind.ON_DEMAND
            started = time.perf_counter()
            snapshot = snapshot_take(kind=kind)
            seconds = time.perf_counter() - started
        self.stdout.write(
            f"{snapshot.get_kind_display()} snapshot taken: {snapshot.accounts:,} accounts, "
            f"formula {snapshot.formula_version}, in {seconds:.2f} s."
        )
