"""Background tasks of the planning app, run by `hexad worker`; both are registered as
daily periodic jobs in apps.py (hexad.core.scheduling)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from hexad.planning.digest import digests_send
from hexad.planning.models import DailyRun
from hexad.planning.summary import summaries_refresh

DIGEST_JOB = "daily work digest"
SUMMARIES_JOB = "daily planning summaries"


def _ran_today(job: str, day: datetime.date) -> bool:
    return DailyRun.objects.filter(job=job, day__gte=day).exists()


def _mark(job: str, day: datetime.date) -> None:
    DailyRun.objects.update_or_create(job=job, defaults={"day": day})


def daily_digest_due(now: datetime.datetime) -> bool:
    """Once a day, from HEXAD_DIGEST_HOUR (local time) on."""
    local = timezone.localtime(now)
    return local.hour >= settings.HEXAD_DIGEST_HOUR and not _ran_today(DIGEST_JOB, local.date())


def refresh_summaries_due(now: datetime.datetime) -> bool:
    """Once a day, as soon as the day starts: dates move on even when nobody writes."""
    return not _ran_today(SUMMARIES_JOB, timezone.localdate(now))


@task
def send_daily_digests() -> int:
    """Today's e-mail of work to each user who has some; safe to run twice (each user's
    last sent day is checked and stored before the e-mail goes out)."""
    day = timezone.localdate()
    with transaction.atomic():
        _mark(DIGEST_JOB, day)
    return digests_send(today=day)


@task
def refresh_planning_summaries() -> int:
    """Rewrites every account's planning summary as of today."""
    day = timezone.localdate()
    with transaction.atomic():
        _mark(SUMMARIES_JOB, day)
        return summaries_refresh(today=day)
