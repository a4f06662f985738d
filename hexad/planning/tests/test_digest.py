"""The daily e-mail: its content read from the outbox after the task ran, one a day at most,
in the user's language, only to users with work who did not turn it off."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hexad.core import scheduling
from hexad.planning import tokens
from hexad.planning.models import DailyRun, DigestState
from hexad.planning.tasks import daily_digest_due, send_daily_digests
from hexad.planning.tests.factories import ActionFactory, BlockerFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def work(account, member, lead):
    plan = PlanFactory(
        account=account, title="Acme 2026", period_start=day(-60), period_end=day(300)
    )
    ActionFactory(plan=plan, owner=member.person, title="Send the revised offer", due_date=day(-2))
    ActionFactory(plan=plan, owner=member.person, title="Book the site visit", due_date=day(3))
    ActionFactory(plan=plan, owner=member.person, title="Plan the kick-off", due_date=day(40))
    ActionFactory(plan=plan, owner=member.person, title="Old news", status="done", due_date=day(-9))
    ReviewFactory(account=account, kind="quarterly", held_on=day(5), people=[member.person])
    BlockerFactory(account=account, owner=member.person, title="Legal review takes weeks")
    return plan


def send(capture) -> int:
    """Runs the task; the e-mails leave when its transaction commits."""
    with capture(execute=True):
        return send_daily_digests.call()


def test_the_task_sends_one_email_with_the_users_work(
    work, member, lead, django_capture_on_commit_callbacks
):
    sent = send(django_capture_on_commit_callbacks)
    assert sent == 1  # `lead` has no work: no e-mail
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert message.subject == f"Your work in Hexad for {timezone.localdate():%d.%m.%Y}"
    body = message.body
    assert "Good morning, Maria Member." in body
    overdue = body.index("Overdue actions")
    week = body.index("Due in the next 7 days")
    assert overdue < body.index("Send the revised offer") < week
    assert week < body.index("Book the site visit")
    assert "Plan the kick-off" not in body and "Old news" not in body
    assert "Quarterly business review, Acme Polska" in body
    assert "Legal review takes weeks (Acme Polska): Open" in body
    html = message.alternatives[0].content
    assert "/planning/my-work/" in html and "Book the site visit" in html


def test_running_twice_on_a_day_sends_nothing_more(
    work, member, django_capture_on_commit_callbacks
):
    assert send(django_capture_on_commit_callbacks) == 1
    assert send(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert DigestState.objects.get(user=member).last_sent_on == timezone.localdate()


def test_the_email_speaks_the_users_language(work, member, django_capture_on_commit_callbacks):
    member.language = "pl"
    member.save()
    send(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject.startswith("Twoja praca w Hexad")
    assert "Zaległe działania" in message.body


def test_a_user_who_turned_it_off_gets_nothing(work, member):
    tokens.digest_set(user=member, enabled=False)
    assert send_daily_digests.call() == 0
    assert mail.outbox == []


def test_the_job_is_due_once_a_day_from_the_configured_hour(settings):
    settings.HEXAD_DIGEST_HOUR = 7
    morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(6)))
    later = morning + datetime.timedelta(hours=2)
    assert not daily_digest_due(morning)
    assert daily_digest_due(later)
    DailyRun.objects.create(job="daily work digest", day=timezone.localdate())
    assert not daily_digest_due(later)
    assert daily_digest_due(later + datetime.timedelta(days=1))


@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_and_runs_the_digest(work, member, settings):
    settings.HEXAD_DIGEST_HOUR = 0
    names = [job.name for job in scheduling.jobs()]
    assert "daily work digest" in names and "daily planning summaries" in names
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[member.email]]
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert len(mail.outbox) == 1


def test_the_refresh_command_rewrites_every_summary(account, capsys):
    from hexad.planning.models import PlanningSummary

    call_command("planning", refresh=True)
    assert PlanningSummary.objects.filter(account=account).exists()
    assert "Planning summaries of 1 accounts rewritten" in capsys.readouterr().out
