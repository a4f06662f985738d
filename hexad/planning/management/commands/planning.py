"""`hexad planning --refresh`: rewrites every account's planning summary as of today."""

from __future__ import annotations

from argparse import ArgumentParser
from time import perf_counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hexad.planning.summary import summaries_refresh


class Command(BaseCommand):
    help = (
        "Rewrite the stored planning summary of every account (plan completeness, open and "
        "overdue actions, last and next review). The worker does it once a day."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--refresh", action="store_true", help="Rewrite every account's summary now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["refresh"]:
            raise CommandError("Say what to do: --refresh.")
        started = perf_counter()
        count = summaries_refresh()
        self.stdout.write(f"Planning summaries of {count:,} accounts rewritten in "
                          f"{perf_counter() - started:.2f} s.")  # fmt: skip
