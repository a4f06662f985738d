"""`hexad import`: import a CSV or XLSX file (or a full JSON export) from the command line."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from hexad.core import fullexport
from hexad.people.models import User
from hexad.transfer.importers import IMPORTERS
from hexad.transfer.readers import FileProblem
from hexad.transfer.services import import_file


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self.drawn < 0.1:
            return
        self.drawn = now
        seconds = now - self.started
        if total:
            share = min(done / total, 1.0)
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r[{bar}] {done:,}/{total:,} rows {share:4.0%} {seconds:5.1f} s"
        else:
            text = f"\r{done:,} rows {seconds:5.1f} s"
        self.stream.write(text)
        if final:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file: accounts, people, memberships, stakeholders, "
        "opportunities, financials, actions, conflicts or role-restrictions (Hexad's "
        "columns or Salesforce's export columns). Every row is checked first; a file with "
        "any bad row writes nothing. "
        "--full imports a full JSON export of everything instead."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "kind", nargs="?", choices=sorted(IMPORTERS), help="What the file holds."
        )
        parser.add_argument("file", nargs="?", type=Path, help="The CSV or XLSX file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report; write nothing."
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="The file's column for a field its header does not name (repeatable).",
        )
        parser.add_argument("--tier", help="Accounts: the tier of rows that name none.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The user the history names for the changes (default: none, the import).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--full", type=Path, metavar="FILE.json", help="Import a full JSON export instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["full"]:
            self._full(options["full"])
            return
        kind, path = options["kind"], options["file"]
        if not kind or not path:
            raise CommandError("Name what the file holds and the file, or use --full FILE.json.")
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        mapping = {}
        for item in options["map"]:
            field, sep, column = item.partition("=")
            if not sep or field not in {c.key for c in IMPORTERS[kind].columns}:
                raise CommandError(f"--map {item!r}: use FIELD=COLUMN with a field of {kind}.")
            mapping[field] = column
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        progress = None if options["no_progress"] else ProgressBar(self.stderr._out)  # type: ignore[arg-type]
        started = time.monotonic()
        try:
            with path.open("rb") as stream:
                result = import_file(
                    kind=kind,
                    stream=stream,
                    name=path.name,
                    mapping=mapping,
                    options={"tier": options["tier"]} if options["tier"] else {},
                    dry_run=options["dry_run"],
                    progress=progress,
                    actor=actor,
                )
        except FileProblem as problem:
            raise CommandError(str(problem)) from None
        seconds = time.monotonic() - started
        for item in result.problems:
            column = f", {item.column}" if item.column else ""
            self.stderr.write(f"row {item.row}{column}: {item.message}")
        if result.problem_count > len(result.problems):
            self.stderr.write(f"… and {result.problem_count - len(result.problems)} more problems")
        summary = (
            f"{result.rows:,} rows in {seconds:.1f} s: {result.created:,} to create, "
            f"{result.updated:,} to update, {result.unchanged:,} unchanged"
        )
        if not result.ok:
            raise CommandError(f"{summary}; {result.problem_count} problems, nothing written.")
        if result.dry_run:
            self.stdout.write(f"Dry run, nothing written. {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported. {summary.replace('to ', '')}."))

    def _full(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as stream:
            bar = ProgressBar(self.stderr._out)  # type: ignore[arg-type]
            try:
                outcome = fullexport.import_everything(
                    stream, progress=lambda _label, done, total: bar(done, total)
                )
            except fullexport.FullExportError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {outcome.rows} rows in {len(outcome.counts)} tables "
                f"({outcome.seconds:.1f} s)."
            )
        )
