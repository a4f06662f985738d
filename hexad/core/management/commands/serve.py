"""`hexad serve`: serve Hexad with gunicorn (or Django's development server with --dev)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Hexad over HTTP (gunicorn; --dev for Django's auto-reloading server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("GUNICORN_THREADS", "1")),
            help="threads per worker (more than 1 uses gunicorn's gthread workers)",
        )
        parser.add_argument("--dev", action="store_true", help="Django's development server")

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, dev: bool, **options: Any
    ) -> None:
        if dev:
            call_command("runserver", bind)
            return
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Hexad is served on http://{bind}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execvp(  # noqa: S606 - replaces this process with gunicorn on purpose
            sys.executable,
            [
                sys.executable, "-m", "gunicorn", "hexad.wsgi:application",
                "--bind", bind, "--workers", str(workers), "--threads", str(threads),
                "--access-logfile", "-",
                "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
        )  # fmt: skip
