"""People pages: the directory, a person's page, and the person form answering bad input.

A rejected form answers 400, shows the message under the field it is about
(`<ul class="errorlist" id="id_<field>_error">`, tied to the field's label), keeps what was
typed, and stores nothing (QUALITY.md Q8).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.people.models import Person
from hexad.people.tests.factories import DepartmentFactory, PersonFactory

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


def selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*\bname="{name}".*?</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(0))


@pytest.fixture
def as_leader(client: Client, leader: Any) -> Client:
    client.force_login(leader)
    return client


@pytest.fixture
def sales() -> Any:
    return DepartmentFactory(name="Sales")


def person_data(dept: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Ewa Nowicka",
        "email": "ewa.nowicka@example.com",
        "job_title": "Key Account Manager",
        "department": dept.pk,
        "capacity": "80",
        "is_active": "on",
    }
    return {**data, **changes}


# --- person create and edit: bad input ------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "150"}, "capacity", "Ensure this value is less than or equal to 100."),
        ({"capacity": "-5"}, "capacity", "Ensure this value is greater than or equal to 0."),
        ({"capacity": "most"}, "capacity", "Enter a whole number."),
        ({"email": "ewa-at-example"}, "email", "Enter a valid email address."),
        ({"full_name": ""}, "full_name", "This field is required."),
        (
            {"department": "999999"},
            "department",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
    ids=["capacity-150", "capacity-negative", "capacity-text", "email", "name", "department"],
)
def test_person_create_with_bad_input_names_the_field_and_stores_nothing(
    as_leader: Client, sales: Any, changes: dict[str, str], field: str, message: str
) -> None:
    before = Person.objects.count()
    data = person_data(sales, **changes)

    response = as_leader.post(reverse("people:create"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, field) == [message]
    for name in ("full_name", "email", "job_title", "capacity"):
        assert input_value(html, name) == (data[name] or None), name
    if field != "department":
        assert selected(html, "department") == [str(sales.pk)]
    assert Person.objects.count() == before


def test_person_create_stores_the_person(as_leader: Client, sales: Any) -> None:
    response = as_leader.post(reverse("people:create"), person_data(sales))

    created = Person.objects.get(full_name="Ewa Nowicka")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[created.pk])
    assert (created.capacity, created.department, created.is_active) == (80, sales, True)


def test_person_edit_with_bad_input_changes_nothing(as_leader: Client, sales: Any) -> None:
    person = PersonFactory(full_name="Olek Stary", capacity=60, department=sales)

    response = as_leader.post(
        reverse("people:edit", args=[person.pk]),
        person_data(sales, full_name="Olek Nowy", capacity="150"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, "capacity") == ["Ensure this value is less than or equal to 100."]
    assert input_value(html, "full_name") == "Olek Nowy"
    person.refresh_from_db()
    assert (person.full_name, person.capacity) == ("Olek Stary", 60)


def test_person_edit_of_a_missing_person_is_404(as_leader: Client, sales: Any) -> None:
    response = as_leader.post(reverse("people:edit", args=[999_999]), person_data(sales))
    assert response.status_code == 404
    assert not Person.objects.filter(full_name="Ewa Nowicka").exists()


# --- the directory ------------------------------------------------------------------------------


def test_people_list_searches_and_filters(client: Client, member: Any, sales: Any) -> None:
    PersonFactory(full_name="Zenon Zieliński", department=sales)
    PersonFactory(full_name="Adam Abacki", job_title="Engineer")
    client.force_login(member)

    html = client.get(reverse("people:list"), {"q": "zieli"}).content.decode()
    assert "Zenon Zieliński" in html and "Adam Abacki" not in html

    html = client.get(reverse("people:list"), {"department": sales.pk}).content.decode()
    assert "Zenon Zieliński" in html and "Adam Abacki" not in html


def test_people_list_partial_is_only_the_results(client: Client, member: Any) -> None:
    client.force_login(member)

    response = client.get(
        reverse("people:list"),
        {"q": "maria"},
        headers={"HX-Request": "true", "HX-Target": "people-results"},
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="people-results">')
    assert "<html" not in html
    assert "Maria Member" in html


def test_people_list_ignores_an_unreadable_department(client: Client, member: Any) -> None:
    client.force_login(member)
    response = client.get(reverse("people:list"), {"department": "x", "page": "-3"})
    assert response.status_code == 200


def test_people_list_shows_each_persons_load(client: Client, viewer: Any) -> None:
    busy = PersonFactory(full_name="Bogna Busy", capacity=50)
    TeamMembershipFactory(person=busy, allocation=40)
    TeamMembershipFactory(person=busy, allocation=30)
    client.force_login(viewer)

    html = client.get(reverse("people:list"), {"q": "Bogna"}).content.decode()

    row = re.search(r"Bogna Busy.*?</tr>", html, re.S)
    assert row
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0)))
    assert " 2 " in text  # accounts
    assert "70% of 50%" in text
    assert "over capacity" in text


# --- a person's page --------------------------------------------------------------------------


def test_person_detail_shows_the_teams_the_reader_may_see(
    client: Client, member: Any, account: Any
) -> None:
    colleague = PersonFactory(full_name="Kasia Koleżanka")
    TeamMembershipFactory(account=account, person=colleague, allocation=25)
    TeamMembershipFactory(
        account=AccountFactory(name="Tajne Sp. z o.o."), person=colleague, allocation=30
    )
    client.force_login(member)

    html = client.get(reverse("people:detail", args=[colleague.pk])).content.decode()

    assert "Acme Polska" in html
    assert "Tajne Sp. z o.o." not in html
    assert "1 of them is not visible to you." in html
    assert "55% of 100%" in html  # load counts every account, seen or not


def test_person_detail_of_a_missing_person_is_404(client: Client, member: Any) -> None:
    client.force_login(member)
    assert client.get(reverse("people:detail", args=[999_999])).status_code == 404
