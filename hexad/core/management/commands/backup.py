"""`hexad backup`: a consistent copy of the live database (SQLite or PostgreSQL)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from hexad.core.backup import FORMATS, BackupError, BackupResult, backup_create, backup_path


def size_text(size: int) -> str:
    """1,234 bytes, 3.0 MiB…"""
    if size < 1024:
        return f"{size:,} bytes"
    scaled = float(size)
    for unit in ("KiB", "MiB", "GiB"):
        scaled /= 1024
        if scaled < 1024 or unit == "GiB":
            break
    return f"{scaled:,.1f} {unit} ({size:,} bytes)"


class Command(BaseCommand):
    help = (
        "Back up the database while Hexad keeps running: SQLite with its online backup API "
        "(one .sqlite3 file, gzip-compressed when the name ends in .gz), PostgreSQL with "
        "pg_dump --format=custom. Prints the file, its size and the rows per table."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="The backup file (must not exist). Default: "
            "HEXAD_DATA_DIR/backups/hexad-<UTC time>.sqlite3 (or .dump on PostgreSQL).",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="auto: the database's own (sqlite, or sqlite.gz when --output ends in .gz; "
            "custom: pg_dump's custom archive on PostgreSQL).",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Re-open the backup and compare the row checksums of every table with the "
            "database in the same snapshot (PostgreSQL: restores into a scratch database).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        try:
            output = backup_path(
                vendor=connection.vendor,
                output=options["output"],
                fmt=options["format"],
                directory=Path(settings.DATA_DIR) / "backups",
            )
            result = backup_create(connection=connection, output=output, verify=options["verify"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.report(result)

    def report(self, result: BackupResult) -> None:
        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[result.vendor]
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {database} database in {result.seconds:.1f} s:")
        )
        self.stdout.write(f"  {result.path}")
        self.stdout.write(f"  {size_text(result.size)}")
        filled = {table: rows for table, rows in result.counts.items() if rows}
        empty = len(result.counts) - len(filled)
        self.stdout.write(
            f"\nRows per table ({len(result.counts)} tables, {sum(filled.values()):,} rows; "
            f"{empty} empty tables not shown):"
        )
        width = max(map(len, filled), default=0)
        for table, rows in filled.items():
            self.stdout.write(f"  {table:<{width}} {rows:>10,}")
        if result.verified:
            self.stdout.write(
                self.style.SUCCESS(
                    "\nVerified: every table of the backup has the same rows and SHA-256 "
                    "checksum as the database at the moment of the backup."
                )
            )
