"""`hexad export`: everything as one JSON file, or one list as CSV/XLSX.

hexad export --full hexad-export.json [--without-secrets]
hexad export accounts --format xlsx --filter tier=2 --filter q=bank -o accounts.xlsx
hexad export stakeholders --account 12 --format csv -o -
hexad export --lists
"""

from __future__ import annotations

import os
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, QueryDict

from hexad.core.exports import (
    EXPORT_FORMATS,
    ExportQuery,
    export_rows,
    list_export,
    list_exports,
    write_csv,
    write_xlsx,
)
from hexad.core.fullexport import export_everything
from hexad.people.models import AccessLevel, User

NOTHING_ASKED = "Name a list to export (see --lists), or give --full FILE."
BOTH_ASKED = "Give either --full FILE or a list name, not both."
OUTPUT_EXISTS = "{path} already exists; choose another file or remove it first."
BAD_FILTER = "--filter {value!r} is not NAME=VALUE (e.g. --filter tier=2)."
NO_USER = "There is no user called {name!r}."
NO_ACCOUNT = "Account {pk} does not exist or {user} may not see it."
NOT_ALLOWED = "{user} may not export the {name} list."
XLSX_TO_TERMINAL = "XLSX is binary: give -o FILE."


class Progress:
    """One line on stderr, rewritten as the work goes on (only on a terminal)."""

    def __init__(self, stream: IO[str], *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.shown = 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.shown < 0.2 and done < total):
            return
        self.shown = now
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r  {label:<32} [{bar}] {done:>10,}/{total:,}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Export everything as one JSON file (--full FILE; `hexad import --full FILE` loads it "
        "into an empty instance), or one list as CSV or XLSX with the filters its page takes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("list", nargs="?", help="The list to export (see --lists).")
        parser.add_argument("--full", metavar="FILE", help="Export everything into FILE (JSON).")
        parser.add_argument(
            "--without-secrets",
            action="store_true",
            help="With --full: leave out API and calendar tokens; passwords become unusable.",
        )
        parser.add_argument("--lists", action="store_true", help="Name the lists and stop.")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter as the list page's address gives it (q=…, tier=…, status=…).",
        )
        parser.add_argument("--account", type=int, help="The account, for lists of one account.")
        parser.add_argument(
            "--user",
            help="Export what this user sees (default: everything, as an administrator).",
        )
        parser.add_argument("-o", "--output", default="-", help="The file (default: stdout).")
        parser.add_argument("--quiet", action="store_true", help="No progress, no summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        if options["lists"]:
            for name, export in list_exports().items():
                scope = "  (--account required)" if export.per_account else ""
                self.stdout.write(f"{name:<16} {export.title}{scope}")
            return
        if options["full"] and options["list"]:
            raise CommandError(BOTH_ASKED)
        if options["full"]:
            self.full(Path(options["full"]), secrets=not options["without_secrets"], quiet=quiet)
        elif options["list"]:
            self.one_list(options, quiet=quiet)
        else:
            raise CommandError(NOTHING_ASKED)

    def full(self, path: Path, *, secrets: bool, quiet: bool) -> None:
        progress = Progress(sys.stderr, enabled=not quiet)
        with _new_file(path) as stream:
            summary = export_everything(stream, include_secrets=secrets, progress=progress)
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Exported {summary.rows:,} rows of {len(summary.counts)} tables to {path} "
                    f"in {summary.seconds:.1f} s."
                )
            )
            if summary.skipped:
                self.stdout.write("Left out (--without-secrets): " + ", ".join(summary.skipped))

    def one_list(self, options: dict[str, Any], *, quiet: bool) -> None:
        try:
            export = list_export(options["list"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from exc
        user = _user(options["user"])
        params = QueryDict(mutable=True)
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise CommandError(BAD_FILTER.format(value=item))
            params.appendlist(name, value)
        query = ExportQuery(user=user, params=params, account_pk=options["account"])
        try:
            rows = export_rows(export, query)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except Http404 as exc:
            who = user.username or "an administrator"
            raise CommandError(NO_ACCOUNT.format(pk=options["account"], user=who)) from exc
        except PermissionDenied as exc:
            raise CommandError(NOT_ALLOWED.format(user=user.username, name=export.name)) from exc
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt == "xlsx":
            raise CommandError(XLSX_TO_TERMINAL)
        started = time.perf_counter()
        if output == "-":
            write_csv(sys.stdout.buffer, rows)
            sys.stdout.flush()
            return
        with _new_file(Path(output)) as stream:
            if fmt == "csv":
                count = write_csv(stream, rows)
            else:
                count = write_xlsx(stream, rows, sheet_title=str(export.title))
        if not quiet:
            seconds = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(f"Exported {count:,} rows to {output} in {seconds:.1f} s.")
            )


def _user(name: str | None) -> User:
    if name is None:
        # The operator of the instance: sees everything, as an administrator does.
        return User(username="", access_level=AccessLevel.ADMIN)
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(NO_USER.format(name=name))
    return user


class _new_file:
    """A file that must not exist yet, readable by its owner only (an export holds
    personal data); removed again when writing it fails."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(OUTPUT_EXISTS.format(path=self.path)) from exc
        except OSError as exc:
            raise CommandError(f"{self.path}: {exc.strerror}") from exc
        self.stream = os.fdopen(descriptor, "wb")
        return self.stream

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.stream.close()
        if error is not None:
            self.path.unlink(missing_ok=True)
