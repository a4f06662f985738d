"""The people app's API: `/me`, the directory (read by all, written by managers) and
competency ratings (the pages' rules: see, rate as self, rate as a manager)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import TeamMembershipFactory
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.people.models import CompetencyRating, Person, RatingSource
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


def test_me_names_the_user_and_their_access(leader: Any, viewer: Any) -> None:
    body = ApiClient(leader).get("/me").json()

    assert body == {
        "id": leader.pk,
        "username": "leader",
        "access_level": "leader",
        "language": "",
        "person": {"id": leader.person.pk, "name": "Lena Leader"},
        "manages_portfolio": True,
        "is_administrator": False,
    }
    assert ApiClient(viewer).get("/me").json()["manages_portfolio"] is False


def test_me_without_a_person(admin_user: Any) -> None:
    assert ApiClient(admin_user).get("/me").json()["person"] is None


# --- the directory --------------------------------------------------------------------------


def test_every_signed_in_user_reads_the_directory(outsider: Any, member: Any) -> None:
    sales = DepartmentFactory(name="Sales")
    PersonFactory(full_name="Zofia Zielińska", department=sales, job_title="Engineer")
    PersonFactory(full_name="Inactive Ida", is_active=False)
    api = ApiClient(outsider)

    everyone = api.get("/people").json()
    assert everyone["count"] == 4
    assert [row["full_name"] for row in everyone["results"]] == [
        "Inactive Ida",
        "Maria Member",
        "Olga Outsider",
        "Zofia Zielińska",
    ]

    def listed(**params: Any) -> list[str]:
        return [row["full_name"] for row in api.get("/people", params).json()["results"]]

    assert listed(department=sales.pk) == ["Zofia Zielińska"]
    assert listed(q="engineer") == ["Zofia Zielińska"]
    assert listed(is_active="false") == ["Inactive Ida"]
    assert listed(sort="-name", limit=2) == ["Zofia Zielińska", "Olga Outsider"]
    zofia = Person.objects.get(full_name="Zofia Zielińska")
    detail = api.get(f"/people/{zofia.pk}").json()
    assert detail["department"] == {"id": sales.pk, "name": "Sales"}
    assert (detail["capacity"], detail["is_active"], detail["job_title"]) == (100, True, "Engineer")
    assert api.get("/people/999999").status_code == 404


def test_a_programme_leader_adds_and_changes_people(leader: Any) -> None:
    sales = DepartmentFactory(name="Sales")
    api = ApiClient(leader)

    created = api.post(
        "/people",
        {
            "full_name": "Ewa Nowicka",
            "email": "ewa.nowicka@example.com",
            "department": sales.pk,
            "capacity": 80,
        },
    )
    assert created.status_code == 201, created.content
    person = Person.objects.get(full_name="Ewa Nowicka")
    assert (person.email, person.capacity, person.department, person.is_active) == (
        "ewa.nowicka@example.com",
        80,
        sales,
        True,
    )

    patched = api.patch(f"/people/{person.pk}", {"capacity": 60, "department": None})
    assert patched.status_code == 200
    put = api.put(
        f"/people/{person.pk}",
        {
            "full_name": "Ewa Nowicka-Kowalska",
            "email": "",
            "job_title": "KAM",
            "department": sales.pk,
            "capacity": 50,
            "is_active": False,
        },
    )
    assert put.status_code == 200
    person.refresh_from_db()
    assert (person.full_name, person.capacity, person.is_active, person.job_title) == (
        "Ewa Nowicka-Kowalska",
        50,
        False,
        "KAM",
    )


def test_a_bad_email_is_422_on_its_field(leader: Any) -> None:
    response = ApiClient(leader).post("/people", {"full_name": "Ewa", "email": "not-an-email"})

    assert errors_at(response) == {("body", "email"): "Enter a valid email address."}
    assert not Person.objects.filter(full_name="Ewa").exists()


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_only_managers_write_people(persona: str, member: Any, request: Any) -> None:
    api = ApiClient(request.getfixturevalue(persona))

    assert api.post("/people", {"full_name": "Ewa"}).status_code == 403
    assert api.patch(f"/people/{member.person.pk}", {"capacity": 1}).status_code == 403
    member.person.refresh_from_db()
    assert member.person.capacity == 100
    assert not Person.objects.filter(full_name="Ewa").exists()


def test_people_cannot_be_deleted(leader: Any, member: Any) -> None:
    assert ApiClient(leader).delete(f"/people/{member.person.pk}").status_code == 405


# --- competency ratings ---------------------------------------------------------------------


@pytest.fixture
def partner(account: Account) -> Person:
    """A teammate of `member` on `account`, led by `lead`."""
    return TeamMembershipFactory(account=account, person__full_name="Paula Partner").person


def innovator() -> Role:
    return Role.objects.get(key="innovator")


def rate(person: Person, value: int, source: str, day: datetime.date, **extra: Any) -> Any:
    return CompetencyRating.objects.create(
        person=person, role=innovator(), rating=value, source=source, rated_on=day, **extra
    )


def test_ratings_are_listed_newest_first(member: Any, partner: Person) -> None:
    older = rate(partner, 2, RatingSource.SELF, datetime.date(2026, 1, 5))
    newer = rate(partner, 4, RatingSource.MANAGER, datetime.date(2026, 3, 5), rated_by=member)
    api = ApiClient(member)
    url = f"/people/{partner.pk}/ratings"

    body = api.get(url).json()

    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert body["results"][0] == {
        "id": newer.pk,
        "person": partner.pk,
        "role": {"id": innovator().pk, "key": "innovator", "name": "Innovator"},
        "rating": 4,
        "source": "manager",
        "rated_on": "2026-03-05",
        "rated_by": {"id": member.pk, "name": "Maria Member"},
        "note": "",
        "created_at": body["results"][0]["created_at"],
    }
    assert [r["id"] for r in api.get(url, {"sort": "rated_on"}).json()["results"]] == [
        older.pk,
        newer.pk,
    ]
    assert api.get(url, {"source": "self"}).json()["count"] == 1
    assert api.get(f"{url}/{older.pk}").json()["rating"] == 2


def test_an_outsider_does_not_see_someone_elses_competencies(
    outsider: Any, partner: Person
) -> None:
    rating = rate(partner, 3, RatingSource.SELF, datetime.date(2026, 1, 5))
    api = ApiClient(outsider)
    url = f"/people/{partner.pk}/ratings"

    assert api.get(url).status_code == 404
    assert api.get(f"{url}/{rating.pk}").status_code == 404
    assert api.post(url, {"role": innovator().pk, "rating": 5}).status_code == 404
    assert CompetencyRating.objects.count() == 1


def test_a_teammate_sees_but_does_not_rate(member: Any, partner: Person) -> None:
    response = ApiClient(member).post(
        f"/people/{partner.pk}/ratings", {"role": innovator().pk, "rating": 5}
    )

    assert response.status_code == 403
    assert not CompetencyRating.objects.exists()


def test_the_account_lead_rates_as_a_manager(lead: Any, partner: Person) -> None:
    response = ApiClient(lead).post(
        f"/people/{partner.pk}/ratings", {"role": innovator().pk, "rating": 4, "note": "Workshops"}
    )

    assert response.status_code == 201, response.content
    rating = CompetencyRating.objects.get()
    assert (rating.person, rating.rating, rating.source, rating.rated_by, rating.rated_on) == (
        partner,
        4,
        "manager",
        lead,
        timezone.localdate(),
    )
    refused = ApiClient(lead).post(
        f"/people/{partner.pk}/ratings", {"role": innovator().pk, "rating": 4, "source": "self"}
    )
    assert errors_at(refused) == {
        ("body", "source"): "Choose a self rating or a manager rating you may give."
    }


def test_one_rates_oneself_with_a_self_rating(member: Any) -> None:
    response = ApiClient(member).post(
        f"/people/{member.person.pk}/ratings", {"role": innovator().pk, "rating": 3}
    )

    assert response.status_code == 201
    assert response.json()["source"] == "self"


def test_a_rating_in_the_future_or_out_of_range_is_422(lead: Any, partner: Person) -> None:
    url = f"/people/{partner.pk}/ratings"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    api = ApiClient(lead)

    assert errors_at(
        api.post(url, {"role": innovator().pk, "rating": 4, "rated_on": tomorrow})
    ) == {("body", "rated_on"): "A rating cannot be dated in the future."}
    assert set(errors_at(api.post(url, {"role": innovator().pk, "rating": 6}))) == {
        ("body", "rating")
    }
    assert not CompetencyRating.objects.exists()


def test_a_programme_leader_rates_anyone_and_must_say_how(leader: Any) -> None:
    stranger = PersonFactory(full_name="Sam Stranger")
    api = ApiClient(leader)
    url = f"/people/{leader.person.pk}/ratings"

    both = api.post(url, {"role": innovator().pk, "rating": 4})
    assert errors_at(both) == {
        ("body", "source"): "Choose a self rating or a manager rating you may give."
    }
    assert api.post(url, {"role": innovator().pk, "rating": 4, "source": "self"}).status_code == 201
    other = api.post(f"/people/{stranger.pk}/ratings", {"role": innovator().pk, "rating": 2})
    assert other.json()["source"] == "manager"
