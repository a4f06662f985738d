"""Prints how long importing 150,000 stakeholder rows from CSV takes, and the peak memory
(QUALITY.md Q18: ≤ 60 s, memory bounded because the file is streamed).

    .venv/bin/python bench/import_stakeholders.py [--rows 150000] [--accounts 5000]
                                                  [--data-dir DIR]

Makes a fresh SQLite database in DIR (or uses DATABASE_URL when set) with the accounts
the rows belong to, writes a CSV of Salesforce Contact shape (Id, AccountId, FirstName,
LastName, Title, Department, Email, Phone, ReportsToId: five levels of reporting lines per
account, Polish letters, semicolons, UTF-8 with a BOM), then measures:
  - the dry run (every check, rolled back);
  - the import;
  - importing the same file again (idempotent: nothing created or changed).
Peak memory is the process's maximum resident set size (ru_maxrss) after each step and
the Python heap peak that tracemalloc sees during the import alone.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Paweł", "Zofia", "Łukasz"]
LAST = ["Nowak", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowska", "Żak"]
TITLES = ["Prezes Zarządu", "Dyrektor Zakupów", "Kierownik IT", "Inżynier Procesu", "Specjalista"]
UNITS = ["Zarząd", "Zakupy", "IT", "Produkcja", "Finanse"]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_csv(path: Path, rows: int, accounts: int) -> None:
    rng = random.Random(18)
    per_account = max(rows // accounts, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("Id;AccountId;FirstName;LastName;Title;Department;Email;Phone;ReportsToId\r\n")
        for n in range(rows):
            account = n // per_account % accounts
            position = n % per_account
            # A tree: the first person of an account is the top; each reports to (position-1)//4.
            manager = "" if position == 0 else f"C{n - position + (position - 1) // 4:07d}"
            first, last = rng.choice(FIRST), rng.choice(LAST)
            out.write(
                f"C{n:07d};ACC-{account:05d};{first};{last};{rng.choice(TITLES)};"
                f"{rng.choice(UNITS)};c{n}@client.example;+48 600 {n % 1000:03d} {n % 997:03d};"
                f"{manager}\r\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--accounts", type=int, default=5_000)
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-import")
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    if "DATABASE_URL" not in os.environ:
        shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HEXAD_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hexad.accounts.models import Account, Tier
    from hexad.relationships.models import Stakeholder
    from hexad.transfer.services import import_file

    call_command("migrate", verbosity=0)
    Stakeholder.objects.all().delete()
    Account.objects.all().delete()
    tier = Tier.objects.order_by("rank").first()
    Account.objects.bulk_create(
        Account(name=f"Account {n:05d}", tier=tier, external_id=f"ACC-{n:05d}")
        for n in range(args.accounts)
    )
    path = data_dir / "stakeholders.csv"
    write_csv(path, args.rows, args.accounts)
    size = path.stat().st_size
    print(f"database: {connection.vendor}; file: {args.rows:,} rows, {size / 2**20:.1f} MiB; "
          f"accounts: {args.accounts:,}")  # fmt: skip

    def step(label: str, dry_run: bool, trace: bool = False) -> None:
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        with path.open("rb") as stream:
            result = import_file(
                kind="stakeholders", stream=stream, name=path.name, dry_run=dry_run
            )
        took = time.perf_counter() - start
        heap = ""
        if trace:
            heap = f", Python heap peak {tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MiB"
            tracemalloc.stop()
        assert result.ok, result.problems[:5]
        print(
            f"{label:<24} {took:>7.1f} s  {args.rows / took:>9,.0f} rows/s  "
            f"created {result.created:,}, updated {result.updated:,}, "
            f"unchanged {result.unchanged:,}; peak RSS {rss_mib():,.0f} MiB{heap}",
            flush=True,
        )

    step("dry run", dry_run=True)
    step("import", dry_run=False)
    step("same file again", dry_run=False)
    linked = Stakeholder.objects.filter(reports_to__isnull=False).count()
    print(f"stakeholders: {Stakeholder.objects.count():,}, with a manager: {linked:,}")


if __name__ == "__main__":
    main()
