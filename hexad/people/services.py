"""Writes to people and users."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.core.hooks import people_changed
from hexad.people.models import CompetencyRating, DevelopmentNote, Person, RatingSource, User
from hexad.roles.models import Role

PERSON_FIELDS = ("full_name", "email", "job_title", "department", "capacity", "is_active", "user")
UNKNOWN_LANGUAGE = _("Choose one of the offered languages.")


def person_create(**fields: Any) -> Person:
    person = Person(**{name: fields[name] for name in PERSON_FIELDS if name in fields})
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(person, name, fields[name])
    person.full_clean()
    person.save()
    people_changed([person.pk])
    return person


RATING_IN_FUTURE = _("A rating cannot be dated in the future.")


@transaction.atomic
def rating_add(
    *,
    person: Person,
    role: Role,
    rating: int,
    source: str,
    rated_by: User | None,
    rated_on: datetime.date | None = None,
    note: str = "",
) -> CompetencyRating:
    """Records a self or manager rating; earlier ones stay as history."""
    day = rated_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"rated_on": RATING_IN_FUTURE})
    if source not in RatingSource.values:
        raise ValidationError({"source": _("Choose a self or a manager rating.")})
    record = CompetencyRating(
        person=person,
        role=role,
        rating=rating,
        source=source,
        rated_by=rated_by,
        rated_on=day,
        note=note,
    )
    record.full_clean()
    record.save()
    people_changed([person.pk])
    return record


def development_note_add(
    *,
    person: Person,
    role: Role,
    text: str,
    author: User | None,
    due_date: datetime.date | None = None,
) -> DevelopmentNote:
    note = DevelopmentNote(person=person, role=role, text=text, author=author, due_date=due_date)
    note.full_clean()
    note.save()
    return note


def development_note_set_done(*, note: DevelopmentNote, done: bool) -> DevelopmentNote:
    note.is_done = done
    note.save(update_fields=["is_done", "updated_at"])
    return note


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": UNKNOWN_LANGUAGE})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
