"""Writes to people and users."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hexad.people.models import Person, User

PERSON_FIELDS = ("full_name", "email", "job_title", "department", "capacity", "is_active", "user")
UNKNOWN_LANGUAGE = _("Choose one of the offered languages.")


def person_create(**fields: Any) -> Person:
    person = Person(**{name: fields[name] for name in PERSON_FIELDS if name in fields})
    person.full_clean()
    person.save()
    return person


def person_update(*, person: Person, **fields: Any) -> Person:
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(person, name, fields[name])
    person.full_clean()
    person.save()
    return person


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": UNKNOWN_LANGUAGE})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
