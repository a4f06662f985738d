"""Prints what field history costs a write (QUALITY.md Q11): a stakeholder edit through
its service, with history recorded and with it paused.

    .venv/bin/python bench/history.py [--data-dir DIR] [--writes N]

Uses its own SQLite database (or DATABASE_URL when set) with one account and 200
stakeholders; each write changes two fields of one stakeholder in a transaction.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-history")
    parser.add_argument("--writes", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("HEXAD_DATA_DIR", args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries

    from hexad.accounts.models import Account, Tier
    from hexad.history.context import PAGE, paused, recording
    from hexad.people.models import User
    from hexad.relationships import services
    from hexad.relationships.models import Stakeholder

    call_command("migrate", verbosity=0)
    with paused():
        tier = Tier.objects.first() or Tier.objects.create(name="Bench tier")
        account, _ = Account.objects.get_or_create(name="History bench", tier=tier)
        have = Stakeholder.objects.filter(account=account).count()
        Stakeholder.objects.bulk_create(
            Stakeholder(account=account, name=f"Bench stakeholder {n}") for n in range(have, 200)
        )
        actor, _ = User.objects.get_or_create(username="history-bench")
    stakeholders = list(Stakeholder.objects.filter(account=account))

    def write(n: int, record: bool) -> tuple[float, int]:
        stakeholder = stakeholders[n % len(stakeholders)]
        reset_queries()
        start = time.perf_counter()
        with recording(source=PAGE, actor=actor):
            if record:
                services.stakeholder_update(
                    stakeholder=stakeholder, title=f"Title {n}", influence=1 + n % 5
                )
            else:
                with paused():
                    services.stakeholder_update(
                        stakeholder=stakeholder, title=f"Title {n}", influence=1 + n % 5
                    )
        return (time.perf_counter() - start) * 1000, len(connection.queries)

    from django.conf import settings

    settings.DEBUG = True  # counts queries
    for n in range(200):  # warm-up
        write(n, n % 2 == 0)
    # Alternating writes, so both sides see the same load on a shared machine.
    results: dict[bool, list[float]] = {True: [], False: []}
    queries: dict[bool, int] = {}
    for n in range(args.writes * 2):
        record = n % 2 == 0
        ms, queries[record] = write(n, record)
        results[record].append(ms)
    print(f"{args.writes} stakeholder edits each way on {connection.vendor}:")
    medians = {}
    for record, label in ((False, "history paused"), (True, "history recorded")):
        timings = sorted(results[record])
        medians[record] = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95)]
        print(
            f"  {label:<18} median {medians[record]:6.2f} ms  p95 {p95:6.2f} ms  "
            f"queries {queries[record]}"
        )
    print(f"  history adds {medians[True] - medians[False]:.2f} ms per write (median)")


if __name__ == "__main__":
    main()
