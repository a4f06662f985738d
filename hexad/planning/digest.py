"""The daily e-mail of each user's work: overdue actions, actions due this week, reviews
coming up and blockers they hold. One e-mail a day at most per user (the day it went out
is stored first, the e-mail leaves when that is committed), in the user's language, and
only to users who have work and have not turned it off."""

from __future__ import annotations

import datetime
import functools
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hexad.people.models import User
from hexad.planning.models import DigestState
from hexad.planning.selectors import MyWork, my_work

logger = logging.getLogger(__name__)


def digest_candidates(*, today: datetime.date) -> QuerySet[User]:
    """Active users with an e-mail address and a person, not turned off, not sent today."""
    return (
        User.objects.filter(is_active=True, person__isnull=False)
        .exclude(email="")
        .exclude(digest__enabled=False)
        .exclude(digest__last_sent_on__gte=today)
        .select_related("person")
        .order_by("id")
    )


def digest_message(*, user: User, work: MyWork) -> EmailMultiAlternatives:
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "work": work,
            "base_url": settings.HEXAD_BASE_URL,
            "language": language,
        }
        subject = _("Your work in Hexad for %(date)s") % {"date": work.today.strftime("%d.%m.%Y")}
        text = render_to_string("planning/email/digest.txt", context)
        html = render_to_string("planning/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def digests_send(*, today: datetime.date | None = None) -> int:
    """Sends today's digest to every user with work who has not had it; returns how many."""
    day = today or timezone.localdate()
    sent = 0
    for user in digest_candidates(today=day):
        work = my_work(user=user, today=day)
        if not work.has_work:
            continue
        with transaction.atomic():
            state, _created = DigestState.objects.select_for_update().get_or_create(user=user)
            if not state.enabled or (state.last_sent_on is not None and state.last_sent_on >= day):
                continue
            state.last_sent_on = day
            state.save(update_fields=["last_sent_on"])
            message = digest_message(user=user, work=work)
            transaction.on_commit(functools.partial(_send, message))
        sent += 1
    return sent


def _send(message: EmailMultiAlternatives) -> None:
    try:
        message.send()
    except Exception:  # a mail server hiccup must not stop the other users' digests
        logger.exception("Could not send the daily digest to %s", message.to)
