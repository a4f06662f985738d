"""Periodic jobs run by `hexad worker`: each is a task enqueued whenever it is due.

Apps register jobs in their AppConfig.ready(). A job's task must be safe to run twice
(it checks again that the work is due), so a job enqueued by two workers at once, or
twice before it ran, does no harm.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    is_due: Callable[[datetime.datetime], bool]
    task: Any  # a django.tasks Task


_jobs: dict[str, PeriodicJob] = {}


def register(job: PeriodicJob) -> None:
    _jobs[job.name] = job


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def enqueue_due(now: datetime.datetime) -> list[str]:
    """Enqueues every job that is due now; returns their names."""
    enqueued = []
    for job in _jobs.values():
        try:
            due = job.is_due(now)
        except Exception:
            logger.exception("Could not tell whether %s is due", job.name)
            continue
        if due:
            job.task.enqueue()
            enqueued.append(job.name)
            logger.info("Enqueued %s", job.name)
    return enqueued
