"""The role guide and the administrators' role editor, bad input included (QUALITY.md Q8)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hexad.roles.forms import RoleForm
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


def field_errors(html: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, f"no textarea named {name}"
    return unescape(found.group(1)).strip()


@pytest.fixture
def as_admin(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


def new_role(**changes: Any) -> dict[str, Any]:
    data = dict.fromkeys(RoleForm.Meta.fields, "")
    data.update(
        key="executive-sponsor",
        order="7",
        name_en="Executive Sponsor",
        name_pl="Sponsor zarządu",
        purpose_en="Opens doors at board level.",
        purpose_pl="Otwiera drzwi na poziomie zarządu.",
    )
    return {**data, **changes}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"key": "innovator"}, "key", "Role with this Key already exists."),
        (
            {"key": "Executive sponsor!"},
            "key",
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
        ({"name_en": ""}, "name_en", "This field is required."),
        ({"order": "first"}, "order", "Enter a whole number."),
    ],
    ids=["duplicate-key", "bad-key", "no-name", "order-text"],
)
def test_role_create_with_bad_input_names_the_field_and_stores_nothing(
    as_admin: Client, changes: dict[str, str], field: str, message: str
) -> None:
    before = list(Role.objects.values_list("key", "name_en"))
    data = new_role(**changes)

    response = as_admin.post(reverse("roles:create"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, field) == [message]
    assert input_value(html, "key") == data["key"]
    assert input_value(html, "name_pl") == "Sponsor zarządu"
    assert textarea(html, "purpose_en") == "Opens doors at board level."
    assert list(Role.objects.values_list("key", "name_en")) == before


def test_role_create_adds_a_role_after_the_six(as_admin: Client) -> None:
    response = as_admin.post(reverse("roles:create"), new_role())

    assert response.status_code == 302
    assert response["Location"] == reverse("roles:guide") + "#executive-sponsor"
    created = Role.objects.get(key="executive-sponsor")
    assert (created.name_en, created.order, created.is_builtin) == ("Executive Sponsor", 7, False)
    assert Role.objects.count() == 7


def test_the_key_of_one_of_the_six_cannot_be_changed(as_admin: Client) -> None:
    driver = Role.objects.get(key="results-driver")
    data = {name: getattr(driver, name) for name in RoleForm.Meta.fields}

    response = as_admin.post(
        reverse("roles:edit", args=["results-driver"]),
        {**data, "key": "growth-driver", "name_en": "Growth Driver"},
    )

    assert response.status_code == 302
    driver.refresh_from_db()
    assert (driver.key, driver.name_en) == ("results-driver", "Growth Driver")


def test_editing_a_role_with_an_empty_purpose_changes_nothing(as_admin: Client) -> None:
    driver = Role.objects.get(key="results-driver")
    data = {name: getattr(driver, name) for name in RoleForm.Meta.fields}

    response = as_admin.post(
        reverse("roles:edit", args=["results-driver"]),
        {**data, "purpose_en": "", "name_en": "Growth Driver"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, "purpose_en") == ["This field is required."]
    assert input_value(html, "name_en") == "Growth Driver"
    driver.refresh_from_db()
    assert driver.name_en == "Results Driver"


def test_editing_a_role_that_does_not_exist_is_404(as_admin: Client) -> None:
    assert as_admin.get(reverse("roles:edit", args=["no-such-role"])).status_code == 404


def test_the_guide_shows_the_six_roles_in_order_and_edit_links_to_administrators_only(
    client: Client, leader: Any, admin_user: Any
) -> None:
    client.force_login(leader)
    html = client.get(reverse("roles:guide")).content.decode()
    order = [
        html.index(f'id="{key}"')
        for key in (
            "results-driver",
            "relationship-manager",
            "innovator",
            "collaborator",
            "technical-expert",
            "project-manager",
        )
    ]
    assert order == sorted(order)
    assert reverse("roles:create") not in html

    client.force_login(admin_user)
    html = client.get(reverse("roles:guide")).content.decode()
    assert reverse("roles:create") in html
    assert reverse("roles:edit", args=["innovator"]) in html
