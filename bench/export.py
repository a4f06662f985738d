"""Prints the time and peak memory of the full export and of a list export on the
"large" portfolio (QUALITY.md Q13, Q14).

    .venv/bin/python bench/export.py [--data-dir DIR] [--size large|small] [--source DIR]
                                     [--full-only]

Builds the deterministic demo portfolio in its own SQLite database the first time
(`--data-dir`, default /tmp/hexad-bench-export; or `--source`: the data directory of an
instance built before, e.g. /tmp/hexad-bench-large, which is only read), then runs, each in
a process of its own so its peak memory is its own:
  - `hexad export accounts --format csv` and `--format xlsx` (the whole portfolio list);
  - `hexad export --full` (every table as one JSON file);
  - the import of that file into a freshly migrated database (`import_everything`) in
    `--data-dir`.

`--full-only` leaves out the two list exports.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT = """
import sys, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from hexad.core.fullexport import import_everything
with open(sys.argv[1], "rb") as stream:
    summary = import_everything(stream)
print(summary.rows)
"""


def run(label: str, command: list[str], env: dict[str, str]) -> None:
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed commands
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        sys.exit(f"{label} failed ({status})")
    print(f"{label:<40} {seconds:8.1f} s   peak {usage.ru_maxrss / 1024:8.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-export")
    parser.add_argument("--size", default="large", choices=["small", "large"])
    parser.add_argument(
        "--source", help="The data directory of an instance to export (only read), as it is."
    )
    parser.add_argument("--full-only", action="store_true", help="No list exports.")
    args = parser.parse_args()
    data = Path(args.data_dir) / args.size
    data.mkdir(parents=True, exist_ok=True)
    source = Path(args.source) if args.source else data
    env = dict(os.environ, HEXAD_DATA_DIR=str(source), DJANGO_SETTINGS_MODULE="hexad.settings")
    hexad = [sys.executable, "-m", "hexad"]
    if not (source / "hexad.sqlite3").exists():
        if args.source:
            sys.exit(f"{source} holds no hexad.sqlite3")
        subprocess.run([*hexad, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [*hexad, "demo", "--size", args.size, "--quiet"], cwd=ROOT, env=env, check=True
        )
    out = data / "out"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    if not args.full_only:
        run(
            "list export: accounts as CSV",
            [*hexad, "export", "accounts", "-o", str(out / "a.csv"), "--quiet"],
            env,
        )
        xlsx = ["--format", "xlsx", "-o", str(out / "a.xlsx"), "--quiet"]
        run("list export: accounts as XLSX", [*hexad, "export", "accounts", *xlsx], env)
    run("full export (JSON)", [*hexad, "export", "--full", str(out / "all.json"), "--quiet"], env)
    size = (out / "all.json").stat().st_size
    print(f"{'full export file':<40} {size / 2**20:8.0f} MiB")
    fresh = data / "fresh"
    fresh.mkdir(exist_ok=True)
    for old in fresh.iterdir():
        if old.is_file():
            old.unlink()
    run(
        "full import into a fresh database",
        [sys.executable, "-c", IMPORT, str(out / "all.json")],
        dict(env, HEXAD_DATA_DIR=str(fresh)),
    )


if __name__ == "__main__":
    main()
