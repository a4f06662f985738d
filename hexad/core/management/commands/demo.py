"""`hexad demo`: load a deterministic demo portfolio into an empty database."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hexad.demo.generator import DEFAULT_SEED, DemoResult, demo_load, portfolio_is_empty
from hexad.demo.shape import SIZES, DemoError

SKIPPED = "Accounts already exist, so the demo portfolio was not loaded (--if-empty)."


class Command(BaseCommand):
    help = (
        "Load a demo portfolio (people, accounts, teams, roles and ratings) with demo logins. "
        "The same seed always gives the same data. Refuses to run when accounts exist."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="small",
            help="small: about 50 accounts; large: 5,000 accounts (the Q14 shape).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Default {DEFAULT_SEED}."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, successfully, when any account exists.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        if options["if_empty"] and not portfolio_is_empty():
            if not quiet:
                self.stdout.write(SKIPPED)
            return
        size, seed = options["size"], options["seed"]
        if not quiet:
            self.stdout.write(f"Loading the {size} demo portfolio (seed {seed})…")

        def progress(step: str, rows: int, seconds: float) -> None:
            if not quiet:
                self.stdout.write(f"  {step:<20} {rows:>9,} rows  {seconds:6.1f} s")

        try:
            result = demo_load(size=size, seed=seed, progress=progress)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            self.report(result)

    def report(self, result: DemoResult) -> None:
        self.stdout.write(self.style.SUCCESS(f"Loaded in {result.seconds:.1f} s."))
        self.stdout.write("\nRows now in the database:")
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<20} {count:>9,}")
        self.stdout.write("\nDemo logins:")
        for login in result.logins:
            note = f", {login.note}" if login.note else ""
            self.stdout.write(
                f"  {login.username:<8} {login.password}   "
                f"{login.description} ({login.full_name}{note})"
            )
