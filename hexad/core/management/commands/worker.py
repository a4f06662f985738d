"""`hexad worker`: runs background tasks and enqueues the periodic ones when due."""

from __future__ import annotations

import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from hexad.core import scheduling


class Command(DBWorkerCommand):
    help = "Run Hexad's background tasks (e-mail, snapshots, …) and schedule periodic ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=300.0,
            help="Seconds between checks for due periodic jobs (0: never schedule).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule_every = float(options.pop("schedule_every"))
        if schedule_every > 0 and not options.get("batch"):
            stop = threading.Event()
            thread = threading.Thread(
                target=self._schedule, args=(schedule_every, stop), daemon=True
            )
            thread.start()
        elif schedule_every > 0:
            scheduling.enqueue_due(timezone.now())
        super().handle(*args, **options)

    @staticmethod
    def _schedule(every: float, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                scheduling.enqueue_due(timezone.now())
            finally:
                close_old_connections()
            stop.wait(every)
