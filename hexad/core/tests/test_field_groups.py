"""`field_group` writes in Python what `as_field_group` draws through templates; the two
must stay the same for every field the pages draw with it (account, plan and person
pages)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.utils import translation

from hexad.accounts import forms as account_forms
from hexad.core.templatetags.field_groups import field_group
from hexad.people import forms as people_forms
from hexad.people.models import Person
from hexad.people.tests.factories import PersonFactory
from hexad.planning import forms as planning_forms
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

BAD = {
    "title": "<x>&\"'",
    "baseline": "abc",
    "allocation": "300",
    "goals": "a<b\n",
    "role": "",
    "due_date": "2026-13-01",
}


def forms_drawn(data: dict[str, str] | None) -> Iterator[forms.Form]:
    people = [PersonFactory(full_name=name) for name in ("Ada <A>", "Bea & Co", "Cyra")]
    roles = list(Role.objects.all())
    yield planning_forms.ObjectiveForm(
        data, initial={"due_date": datetime.date(2026, 12, 31)}, auto_id="objective-%s"
    )
    yield planning_forms.ActionForm(
        data,
        owners=people,
        roles=roles,
        objectives=[],
        auto_id="action-%s",
        initial={"due_date": datetime.date(2026, 1, 5), "owner": people[0].pk},
    )
    yield planning_forms.ResourceForm(data, auto_id="resource-%s")
    yield planning_forms.RiskForm(data, auto_id="risk-%s")
    yield planning_forms.PlanSectionsForm(data, initial={"goals": "x & y", "version": 3})
    yield account_forms.MembershipAddForm(
        data, people=Person.objects.filter(pk__in=[p.pk for p in people])
    )
    yield account_forms.AssignmentForm(data)
    yield people_forms.RatingForm(
        data and {**data, "rated_on": "2026-02-30", "note": "<b>"},
        sources=["self", "manager"],
        auto_id="rating-%s",
    )
    note_form = people_forms.DevelopmentNoteForm(
        data and {"text": "", "role": "x", "due_date": "soon"}, auto_id="note-%s"
    )
    note_form.show_roles(roles)
    yield note_form


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize("data", [None, BAD], ids=["empty", "refused"])
def test_field_group_writes_what_the_templates_draw(language: str, data: Any) -> None:
    with translation.override(language):
        for form in forms_drawn(data):
            for field in form:
                assert str(field_group(field)) == str(field.as_field_group()), (
                    type(form).__name__,
                    field.name,
                )
