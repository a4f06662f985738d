"""The role catalogue is read once, kept, and follows every saved change at once; role
choices in forms draw their options from it and still check the choice."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hexad.roles import services
from hexad.roles.forms import RoleChoiceField
from hexad.roles.models import Role
from hexad.roles.selectors import role_catalogue

pytestmark = pytest.mark.django_db


class PickRole(forms.Form):
    role = RoleChoiceField(label="Role", empty_label="Choose a role")


def test_the_catalogue_is_read_once_then_kept() -> None:
    keys = [role.key for role in Role.objects.order_by("order", "id")]
    assert [role.key for role in role_catalogue()] == keys
    with CaptureQueriesContext(connection) as queries:
        assert [role.key for role in role_catalogue()] == keys
    assert len(queries) == 0


def test_a_renamed_and_a_new_role_show_at_once() -> None:
    driver = Role.objects.get(key="results-driver")
    role_catalogue()
    services.role_update(role=driver, name_en="Growth Driver")
    assert role_catalogue()[0].name_en == "Growth Driver"
    services.role_create(
        key="sponsor", order=99, name_en="Sponsor", name_pl="Sponsor",
        purpose_en="Opens doors.", purpose_pl="Otwiera drzwi.",
    )  # fmt: skip
    assert role_catalogue()[-1].key == "sponsor"


def test_each_caller_gets_its_own_copies() -> None:
    role_catalogue()[0].name_en = "Changed by a caller"
    assert role_catalogue()[0].name_en != "Changed by a caller"


def test_a_role_choice_is_drawn_without_a_query_in_the_language_of_the_page() -> None:
    role_catalogue()
    with CaptureQueriesContext(connection) as queries, translation.override("pl"):
        html = str(PickRole()["role"])
    assert len(queries) == 0
    driver = Role.objects.get(key="results-driver")
    assert '<option value="">Choose a role</option>' in html
    assert f'<option value="{driver.pk}">{driver.name_pl}</option>' in html


def test_a_role_choice_is_checked_against_the_roles() -> None:
    driver = Role.objects.get(key="results-driver")
    assert PickRole({"role": driver.pk}).is_valid()
    form = PickRole({"role": 999_999})
    assert not form.is_valid()
    assert "role" in form.errors


def test_attached_roles_come_from_the_catalogue_and_a_new_one_loads_on_use() -> None:
    from hexad.accounts.models import RoleAssignment
    from hexad.accounts.tests.factories import RoleAssignmentFactory
    from hexad.roles.selectors import attach_roles

    driver = Role.objects.get(key="results-driver")
    RoleAssignmentFactory(role=driver)
    role_catalogue()
    # A role added since the catalogue was kept, as another server process would see it.
    newcomer = Role.objects.bulk_create(
        [Role(key="sponsor", order=99, name_en="Sponsor", name_pl="Sponsor")]
    )[0]
    RoleAssignmentFactory(role=newcomer)
    assignments = list(RoleAssignment.objects.order_by("id"))
    with CaptureQueriesContext(connection) as queries:
        attach_roles(assignments)
        assert assignments[0].role.name_en == driver.name_en
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert assignments[1].role.key == "sponsor"
    assert len(queries) == 1
