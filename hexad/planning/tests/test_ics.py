"""The calendar feed: parsed with a real iCalendar parser; unknown and revoked tokens 404."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.planning import tokens
from hexad.planning.models import CalendarToken
from hexad.planning.tests.factories import ActionFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def feed(secret: str):
    return Client().get(reverse("planning:ics-feed", args=[secret]))


def test_the_feed_holds_my_actions_and_reviews(account, member):
    plan = PlanFactory(
        account=account, title="Acme 2026", period_start=day(-60), period_end=day(300)
    )
    long_title = "Prepare the pricing workshop; agree scope, owners, and a date — " * 3
    ActionFactory(plan=plan, owner=member.person, title=long_title, due_date=day(4))
    ActionFactory(plan=plan, owner=member.person, title="Done already", status="done")
    ActionFactory(plan=plan, owner=member.person, title="Undated", due_date=None)
    ReviewFactory(account=account, kind="executive", held_on=day(12), people=[member.person])
    _token, secret = tokens.calendar_token_create(user=member)

    response = feed(secret)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"action-{plan.actions.get(title=long_title).pk}@hexad",
                           f"review-{account.reviews.get().pk}@hexad"}  # fmt: skip
    action = next(e for uid, e in events.items() if uid.startswith("action-"))
    assert str(action["SUMMARY"]) == f"Due: {long_title} (Acme Polska)"
    assert action.decoded("DTSTART") == day(4)
    review = next(e for uid, e in events.items() if uid.startswith("review-"))
    assert str(review["SUMMARY"]) == "Executive review: Acme Polska"
    assert review.decoded("DTSTART") == day(12)


def test_unknown_and_revoked_tokens_are_not_found(member):
    _token, secret = tokens.calendar_token_create(user=member)
    assert feed(secret).status_code == 200
    assert feed("not-a-token").status_code == 404
    tokens.calendar_token_revoke(user=member)
    assert feed(secret).status_code == 404


def test_a_new_token_replaces_the_old_and_only_the_hash_is_kept(member):
    _first, old = tokens.calendar_token_create(user=member)
    _second, new = tokens.calendar_token_create(user=member)
    assert feed(old).status_code == 404
    assert feed(new).status_code == 200
    assert not CalendarToken.objects.filter(token_hash=new).exists()
    assert CalendarToken.objects.filter(token_hash=tokens.token_hash(new)).exists()


def test_the_settings_page_shows_the_address_once(client, member):
    client.force_login(member)
    response = client.post(reverse("planning:calendar-create"))
    html = response.content.decode()
    assert "/planning/ics/" in html
    again = client.get(reverse("planning:my-settings")).content.decode()
    assert "/planning/ics/" not in again
    assert "is active" in again
