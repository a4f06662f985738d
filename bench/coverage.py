"""Prints how long the coverage engine takes on the "large" portfolio (QUALITY.md Q16).

    .venv/bin/python bench/coverage.py [--data-dir DIR] [--accounts N]

Builds the deterministic large demo portfolio in its own SQLite database (or uses
DATABASE_URL when set) the first time, then measures:
  - the whole portfolio: reading the engine's input, computing, and storing the results;
  - one account: reading and computing (the account page's role cards), median and p95.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-large")
    parser.add_argument("--accounts", type=int, default=300, help="single-account samples")
    args = parser.parse_args()
    os.environ.setdefault("HEXAD_DATA_DIR", args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hexad.accounts.models import Account, RoleAssignment
    from hexad.coverage import engine, selectors, services

    call_command("migrate", verbosity=0)
    if not Account.objects.exists():
        print("Building the large demo portfolio (once)...", flush=True)
        call_command("demo", size="large", quiet=True)

    print(f"database: {connection.vendor}, accounts: {Account.objects.count():,}, "
          f"role assignments: {RoleAssignment.objects.count():,}")  # fmt: skip

    def timed(label: str, func):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = func()
        took = time.perf_counter() - start
        print(f"{label:<58} {took * 1000:>9.1f} ms")
        return result, took

    data, read = timed("whole portfolio: read the engine's input", selectors.engine_input)
    _, compute = timed(
        "whole portfolio: compute every account x role",
        lambda: engine.compute(
            accounts=data.accounts,
            role_ids=data.role_ids,
            players=data.players,
            loads=data.loads,
            keys=data.keys,
        ),
    )
    print(f"{'whole portfolio: read + compute (Q16: <= 2,000 ms)':<58} "
          f"{(read + compute) * 1000:>9.1f} ms")  # fmt: skip
    timed("whole portfolio: refresh the stored cells (read+compute+write)",
          services.coverage_refresh)  # fmt: skip

    ids = list(Account.objects.values_list("id", flat=True))
    sample = random.Random(7).sample(ids, min(args.accounts, len(ids)))
    accounts = {a.pk: a for a in Account.objects.filter(id__in=sample)}
    times = []
    for pk in sample:
        start = time.perf_counter()
        selectors.account_coverage_live(account=accounts[pk])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{'one account: read + compute, median (Q16: <= 5 ms)':<58} "
          f"{statistics.median(times):>9.2f} ms")  # fmt: skip
    print(f"{'one account: read + compute, p95':<58} {p95:>9.2f} ms")


if __name__ == "__main__":
    main()
