"""`hexad staff`: propose teams for a scope from the command line, and optionally apply."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hexad.core.exceptions import StaleEdit
from hexad.staffing import selectors, services
from hexad.staffing.models import ChangeKind, RunStatus


class Command(BaseCommand):
    help = "Propose who plays which role where (the team designer); --apply applies it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tier", type=int, action="append", default=[], help="Tier id.")
        parser.add_argument("--account", type=int, action="append", default=[])
        parser.add_argument("--department", type=int, action="append", default=[])
        parser.add_argument("--all-roles", action="store_true", help="Not only required ones.")
        parser.add_argument("--slots-per-person", type=int, default=22)
        parser.add_argument("--per-account-limit", type=int, default=2)
        parser.add_argument("--hours", type=int, default=0, help="Hours a week per person.")
        parser.add_argument("--continuity", type=int, default=30)
        parser.add_argument("--time-limit", type=int, default=60)
        parser.add_argument("--in-process", action="store_true", help="No child process.")
        parser.add_argument("--apply", action="store_true", help="Apply every change.")

    def handle(self, *args: Any, **options: Any) -> None:
        run = services.run_create(
            user=None,
            options={
                "tiers": options["tier"],
                "accounts": options["account"],
                "departments": options["department"],
                "all_roles": options["all_roles"],
                "slots_per_person": options["slots_per_person"],
                "per_account_limit": options["per_account_limit"],
                "use_hours": options["hours"] > 0,
                "hours_per_person": options["hours"] or 40,
                "continuity_bonus": options["continuity"],
                "time_limit": options["time_limit"],
            },
        )
        run = services.run_execute(run_id=run.pk, in_process=options["in_process"] or None)
        if run.status != RunStatus.DONE:
            raise CommandError(run.error or "The run did not finish.")
        summary = run.summary
        counts = selectors.run_counts(run=run)
        self.stdout.write(
            f"run {run.pk}: {summary['filled']}/{summary['slots']} slots filled "
            f"({summary['fillable']} fillable), objective {summary['objective']}, "
            f"bound {summary['bound']}, gap {summary['gap']:.4%}, {summary['method']}, "
            f"{summary['seconds']} s; greedy {summary['greedy_objective']}"
        )
        self.stdout.write(
            f"added {counts['added']}, changed {counts['changed']}, kept {counts['kept']}"
        )
        for row in run.unfillable[:20]:
            self.stdout.write(
                f"cannot fill account {row['account']} role {row['role']}: {row['why']}"
            )
        for change in selectors.run_changes(run=run).exclude(kind=ChangeKind.KEPT)[:50]:
            current = change.current_person.full_name if change.current_person else "—"
            self.stdout.write(
                f"{change.kind:8} {change.account.name} · {change.role.name}: "
                f"{current} → {change.proposed_person.full_name} (fit {change.fit})"
            )
        if options["apply"]:
            try:
                applied = services.changes_apply(user=None, run=run)
            except (StaleEdit, ValidationError) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"applied {len(applied)} changes")
