"""The calendar feed (RFC 5545) of one user's work: all-day events for their actions' due
dates and for the reviews they attend. Written by hand: text is escaped and lines are
folded at 75 octets, as the standard asks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hexad.planning.models import Action, Review

PRODID = "-//Hexad//Plans and reviews//EN"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Splits a content line into 75-octet pieces joined by CRLF and a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    pieces = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode())
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _event(
    *, uid: str, day: datetime.date, summary: str, description: str, url: str, stamp: str
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(day)}",
        f"DTEND;VALUE=DATE:{_date(day + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(*, actions: Sequence[Action], reviews: Sequence[Review], base_url: str) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape(_("Hexad: my work")),
    ]
    for action in actions:
        if action.due_date is None:
            continue
        url = base_url + reverse(
            "planning:plan-detail", kwargs={"account_pk": action.account_id, "pk": action.plan_id}
        )
        lines += _event(
            uid=f"action-{action.pk}@hexad",
            day=action.due_date,
            summary=_("Due: %(title)s (%(account)s)")
            % {"title": action.title, "account": action.account.name},
            description=_("Action in %(plan)s, %(status)s.")
            % {"plan": action.plan.title, "status": action.get_status_display().lower()},
            url=f"{url}#action-{action.pk}",
            stamp=stamp,
        )
    for review in reviews:
        url = base_url + reverse(
            "planning:review-detail", kwargs={"account_pk": review.account_id, "pk": review.pk}
        )
        lines += _event(
            uid=f"review-{review.pk}@hexad",
            day=review.held_on,
            summary=_("%(kind)s: %(account)s")
            % {"kind": review.get_kind_display(), "account": review.account.name},
            description=review.agenda
            or _("Review of %(account)s") % {"account": review.account.name},
            url=url,
            stamp=stamp,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
