"""`hexad restore`: load a backup made by `hexad backup` into the configured database."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from hexad.core.backup import BackupError, RestoreResult, backup_restore, migration_state

OLDER = (
    "The backup was made before {count} migration(s) of this version of Hexad "
    "({names}). Run `hexad migrate` before starting Hexad."
)
NEWER = (
    "The backup was made by a newer version of Hexad: {count} applied migration(s) are "
    "unknown to this one ({names}). Upgrade Hexad before starting it."
)


def _names(migrations: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in migrations[:4])
    return shown + (f" and {len(migrations) - 4} more" if len(migrations) > 4 else "")


class Command(BaseCommand):
    help = (
        "Restore a backup made by `hexad backup` into the configured database. Refuses a "
        "database that holds Hexad data unless --yes is given. Stop `hexad serve` and "
        "`hexad worker` first. Does not migrate: it warns when the backup is older."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file (.sqlite3, .gz or .dump).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that already holds Hexad data.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        try:
            result = backup_restore(
                connection=connection,
                path=options["path"],
                replace=options["yes"],
                workdir=Path(settings.DATA_DIR),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.report(result)
        state = migration_state(connection)
        if state.missing:
            self.stdout.write(
                self.style.WARNING(
                    OLDER.format(count=len(state.missing), names=_names(state.missing))
                )
            )
        if state.unknown:
            self.stdout.write(
                self.style.WARNING(
                    NEWER.format(count=len(state.unknown), names=_names(state.unknown))
                )
            )

    def report(self, result: RestoreResult) -> None:
        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[result.vendor]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.path} into the {database} database {result.target} "
                f"in {result.seconds:.1f} s."
            )
        )
        if result.replaced:
            self.stdout.write(f"Replaced the data that was in {len(result.replaced)} tables.")
        filled = {t: c for t, c in result.checksums.items() if c.rows}
        self.stdout.write(
            f"\nRestored tables ({len(result.checksums)} tables, "
            f"{sum(c.rows for c in filled.values()):,} rows; "
            f"{len(result.checksums) - len(filled)} empty tables not shown), rows and SHA-256:"
        )
        width = max(map(len, filled), default=0)
        for table, checksum in filled.items():
            self.stdout.write(f"  {table:<{width}} {checksum.rows:>10,}  {checksum.sha256}")
