"""The accounts app's API: tiers, accounts (optimistic locking), business units, team
memberships and role assignments — each tried by the personas of /work/main/conftest.py."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hexad.accounts.models import Account, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


# --- tiers --------------------------------------------------------------------------------


def test_tiers_are_listed_by_rank_with_their_required_roles(member: Any) -> None:
    api = ApiClient(member)

    body = api.get("/tiers").json()

    assert body["count"] == 3
    first = body["results"][0]
    assert (first["name"], first["rank"], first["minimum_coverage"]) == (
        "Tier 1 — Strategic",
        1,
        60,
    )
    assert first["required_roles"] == list(Role.objects.order_by("id").values_list("id", flat=True))
    assert [tier["rank"] for tier in body["results"]] == [1, 2, 3]
    assert [t["rank"] for t in api.get("/tiers", {"sort": "-rank"}).json()["results"]] == [3, 2, 1]


def test_a_tier_is_read_by_all_and_written_by_administrators(
    member: Any, leader: Any, admin_user: Any
) -> None:
    tier = TierFactory(name="Tier 4", rank=4, minimum_coverage=30)
    api = ApiClient(member)

    assert api.get(f"/tiers/{tier.pk}").json() == {
        "id": tier.pk,
        "name": "Tier 4",
        "rank": 4,
        "minimum_coverage": 30,
        "required_roles": [],
        "check_in_days": 30,
        "quarterly_review_days": 90,
        "executive_review_days": 365,
    }
    assert api.get("/tiers/999999").status_code == 404
    assert ApiClient(leader).post("/tiers", {"name": "x"}).status_code == 403
    assert ApiClient(admin_user).post("/tiers", {"name": "Tier 5"}).status_code == 201
    assert ApiClient(admin_user).delete(f"/tiers/{tier.pk}").status_code == 204


def test_a_tier_with_accounts_is_not_deleted(admin_user: Any, account: Account) -> None:
    response = ApiClient(admin_user).delete(f"/tiers/{account.tier_id}")

    assert "accounts are in this tier" in errors_at(response)[("body",)]


# --- accounts: lists ----------------------------------------------------------------------------


def test_a_member_lists_only_the_accounts_they_may_see(
    member: Any, outsider: Any, leader: Any, account: Account
) -> None:
    hidden = AccountFactory(name="Hidden Sp. z o.o.")

    assert names(ApiClient(member).get("/accounts")) == ["Acme Polska"]
    assert names(ApiClient(outsider).get("/accounts")) == []
    assert names(ApiClient(leader).get("/accounts")) == ["Acme Polska", hidden.name]


def test_accounts_are_filtered_sorted_and_paged(leader: Any, tier: Any) -> None:
    other_tier = TierFactory(name="Tier 9", rank=9)
    for name, industry in [("Delta", "it"), ("Alfa", "it"), ("Charlie", "energy"), ("Bravo", "it")]:
        AccountFactory(name=name, industry=industry, tier=tier)
    AccountFactory(name="Echo", industry="it", tier=other_tier, external_id="CRM-42")
    api = ApiClient(leader)

    assert names(api.get("/accounts", {"industry": "it", "tier": tier.pk})) == [
        "Alfa",
        "Bravo",
        "Delta",
    ]
    assert names(api.get("/accounts", {"q": "crm-42"})) == ["Echo"]
    assert names(api.get("/accounts", {"q": "ar"})) == ["Charlie"]
    page = api.get("/accounts", {"sort": "-name", "limit": 2, "offset": 1}).json()
    assert (page["count"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [row["name"] for row in page["results"]] == ["Delta", "Charlie"]
    assert api.get("/accounts", {"offset": 10}).json()["results"] == []
    assert errors_at(api.get("/accounts", {"limit": 101})) == {
        ("query", "limit"): "Input should be less than or equal to 100"
    }


# --- accounts: one account -------------------------------------------------------------------


def test_an_account_reads_with_every_field_and_its_version(member: Any, account: Account) -> None:
    body = ApiClient(member).get(f"/accounts/{account.pk}").json()

    assert body == {
        "id": account.pk,
        "name": "Acme Polska",
        "tier": account.tier_id,
        "industry": "manufacturing",
        "country": "PL",
        "currency": "PLN",
        "lead": account.lead_id,
        "parent": None,
        "description": "",
        "external_id": "",
        "version": 1,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("viewer", 200)])
def test_who_reads_an_account(persona: str, status: int, account: Account, request: Any) -> None:
    api = ApiClient(request.getfixturevalue(persona))
    assert api.get(f"/accounts/{account.pk}").status_code == status


def test_a_programme_leader_creates_an_account(leader: Any, tier: Any, member: Any) -> None:
    parent = AccountFactory(name="Acme Group")

    response = ApiClient(leader).post(
        "/accounts",
        {
            "name": "  Nova Logistics  ",
            "tier": tier.pk,
            "industry": "logistics",
            "country": "DE",
            "currency": "EUR",
            "lead": member.person.pk,
            "parent": parent.pk,
            "external_id": "CRM-7",
        },
    )

    assert response.status_code == 201, response.content
    created = Account.objects.get(name="Nova Logistics")
    assert response.json()["id"] == created.pk
    assert (created.tier, created.currency, created.country.code) == (tier, "EUR", "DE")
    assert (created.lead, created.parent, created.version) == (member.person, parent, 1)


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_only_managers_create_accounts(persona: str, tier: Any, request: Any) -> None:
    response = ApiClient(request.getfixturevalue(persona)).post(
        "/accounts", {"name": "Nova", "tier": tier.pk}
    )

    assert response.status_code == 403
    assert not Account.objects.filter(name="Nova").exists()


def full_account(account: Account, **changes: Any) -> dict[str, Any]:
    data = {
        "name": account.name,
        "tier": account.tier_id,
        "industry": account.industry,
        "country": str(account.country),
        "currency": account.currency,
        "lead": account.lead_id,
        "parent": account.parent_id,
        "description": account.description,
        "external_id": account.external_id,
        "version": account.version,
    }
    return {**data, **changes}


def test_put_replaces_every_field_and_bumps_the_version(member: Any, account: Account) -> None:
    response = ApiClient(member).put(
        f"/accounts/{account.pk}", full_account(account, name="Acme SA", lead=None, currency="EUR")
    )

    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["version"]) == ("Acme SA", 2)
    account.refresh_from_db()
    assert (account.name, account.lead, account.currency, account.version) == (
        "Acme SA",
        None,
        "EUR",
        2,
    )


def test_put_needs_every_field(member: Any, account: Account) -> None:
    response = ApiClient(member).put(f"/accounts/{account.pk}", {"name": "Acme SA", "version": 1})

    assert set(errors_at(response)) == {
        ("body", field)
        for field in [
            "tier",
            "industry",
            "country",
            "currency",
            "lead",
            "parent",
            "description",
            "external_id",
        ]
    }
    account.refresh_from_db()
    assert (account.name, account.version) == ("Acme Polska", 1)


def test_patch_changes_only_what_it_sends(member: Any, account: Account) -> None:
    account.description = "Keep me"
    account.save()

    response = ApiClient(member).patch(f"/accounts/{account.pk}", {"name": "Acme SA", "version": 1})

    assert response.status_code == 200
    account.refresh_from_db()
    assert (account.name, account.description, account.version) == ("Acme SA", "Keep me", 2)


def test_patch_and_put_need_the_version(member: Any, account: Account) -> None:
    api = ApiClient(member)
    assert errors_at(api.patch(f"/accounts/{account.pk}", {"name": "Acme SA"})) == {
        ("body", "version"): "Field required"
    }
    assert errors_at(api.patch(f"/accounts/{account.pk}", {"name": None, "version": 1})) == {
        ("body", "name"): "Input should be a valid string"
    }


def test_a_stale_update_is_409_and_overwrites_nothing(
    member: Any, lead: Any, account: Account
) -> None:
    mine, theirs = ApiClient(member), ApiClient(lead)
    read_by_me = mine.get(f"/accounts/{account.pk}").json()
    read_by_them = theirs.get(f"/accounts/{account.pk}").json()
    assert read_by_me["version"] == read_by_them["version"] == 1

    saved = theirs.patch(
        f"/accounts/{account.pk}", {"description": "Their plan", "version": read_by_them["version"]}
    )
    assert saved.status_code == 200
    stale = mine.put(
        f"/accounts/{account.pk}",
        full_account(account, name="My name", currency="EUR", version=read_by_me["version"]),
    )
    stale_patch = mine.patch(
        f"/accounts/{account.pk}", {"name": "My name", "version": read_by_me["version"]}
    )

    for response in (stale, stale_patch):
        assert response.status_code == 409
        assert response.json() == {
            "detail": "Someone else changed this account while you were editing it. "
            "Reload the page to see their changes, then make yours again."
        }
    account.refresh_from_db()
    assert (account.name, account.currency, account.description, account.version) == (
        "Acme Polska",
        "PLN",
        "Their plan",
        2,
    )
    fresh = mine.get(f"/accounts/{account.pk}").json()
    retried = mine.patch(
        f"/accounts/{account.pk}", {"name": "My name", "version": fresh["version"]}
    )
    assert retried.status_code == 200
    assert retried.json()["version"] == 3


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("viewer", 403)])
def test_who_may_not_change_an_account(
    persona: str, status: int, account: Account, request: Any
) -> None:
    api = ApiClient(request.getfixturevalue(persona))

    for response in (
        api.patch(f"/accounts/{account.pk}", {"name": "Hacked", "version": 1}),
        api.put(f"/accounts/{account.pk}", full_account(account, name="Hacked")),
    ):
        assert response.status_code == status
    account.refresh_from_db()
    assert (account.name, account.version) == ("Acme Polska", 1)


def test_accounts_cannot_be_deleted(leader: Any, account: Account) -> None:
    assert ApiClient(leader).delete(f"/accounts/{account.pk}").status_code == 405
    assert Account.objects.filter(pk=account.pk).exists()


# --- business units ---------------------------------------------------------------------------


def test_business_units_of_an_account(member: Any, outsider: Any, account: Account) -> None:
    BusinessUnitFactory(account=account, name="Procurement")
    unit = BusinessUnitFactory(account=account, name="Engineering", external_id="BU-1")
    elsewhere = BusinessUnitFactory(name="Someone else's")
    api = ApiClient(member)

    assert names(api.get(f"/accounts/{account.pk}/business-units")) == [
        "Engineering",
        "Procurement",
    ]
    assert names(api.get(f"/accounts/{account.pk}/business-units", {"sort": "-name"})) == [
        "Procurement",
        "Engineering",
    ]
    assert api.get(f"/accounts/{account.pk}/business-units/{unit.pk}").json() == {
        "id": unit.pk,
        "account": account.pk,
        "name": "Engineering",
        "external_id": "BU-1",
    }
    assert api.get(f"/accounts/{account.pk}/business-units/{elsewhere.pk}").status_code == 404
    outsider_api = ApiClient(outsider)
    assert outsider_api.get(f"/accounts/{account.pk}/business-units").status_code == 404
    assert outsider_api.get(f"/accounts/{account.pk}/business-units/{unit.pk}").status_code == 404


# --- team memberships ------------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def test_the_team_is_listed_with_roles_and_filtered_by_status(
    member: Any, account: Account
) -> None:
    partner = TeamMembershipFactory(account=account, person__full_name="Paula Partner")
    RoleAssignmentFactory(membership=partner, role=role("innovator"), degree="lead")
    TeamMembershipFactory(
        account=account,
        person__full_name="Piotr Past",
        start_date=today() - datetime.timedelta(days=400),
        end_date=today() - datetime.timedelta(days=30),
    )
    TeamMembershipFactory(
        account=account,
        person__full_name="Fiona Future",
        start_date=today() + datetime.timedelta(days=7),
    )
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/memberships"

    def people(**params: Any) -> list[str]:
        return [row["person"]["name"] for row in api.get(url, params).json()["results"]]

    assert people() == ["Adam Lead", "Fiona Future", "Maria Member", "Paula Partner", "Piotr Past"]
    assert people(status="active") == ["Adam Lead", "Maria Member", "Paula Partner"]
    assert people(status="past") == ["Piotr Past"]
    assert people(status="planned") == ["Fiona Future"]
    assert people(sort="-allocation", status="active", limit=1) == ["Adam Lead"]
    row = api.get(f"{url}/{partner.pk}").json()
    assert row["assignments"] == [
        {
            "id": partner.assignments.get().pk,
            "role": {"id": role("innovator").pk, "key": "innovator", "name": "Innovator"},
            "degree": "lead",
        }
    ]
    assert (row["is_active"], row["allocation"], row["end_date"]) == (True, 20, None)


def test_a_member_adds_someone_to_the_team_with_roles(member: Any, account: Account) -> None:
    newcomer = PersonFactory(full_name="Nina Newcomer")

    response = ApiClient(member).post(
        f"/accounts/{account.pk}/memberships",
        {
            "person": newcomer.pk,
            "allocation": 25,
            "roles": [
                {"role": role("innovator").pk, "degree": "lead"},
                {"role": role("collaborator").pk},
            ],
        },
    )

    assert response.status_code == 201, response.content
    joined = TeamMembership.objects.get(account=account, person=newcomer)
    assert (joined.allocation, joined.start_date, joined.end_date) == (25, today(), None)
    assert {(a["role"]["key"], a["degree"]) for a in response.json()["assignments"]} == {
        ("innovator", "lead"),
        ("collaborator", "contributing"),
    }


def test_adding_someone_already_on_the_team_is_422_and_stores_nothing(
    member: Any, lead: Any, account: Account
) -> None:
    before = TeamMembership.objects.count()

    response = ApiClient(member).post(
        f"/accounts/{account.pk}/memberships",
        {"person": lead.person.pk, "roles": [{"role": role("innovator").pk}]},
    )

    assert errors_at(response) == {
        ("body", "person"): "Adam Lead is already on this account's team."
    }
    assert TeamMembership.objects.count() == before
    assert not RoleAssignment.objects.exists()


def test_adding_with_an_unknown_role_stores_nothing(member: Any, account: Account) -> None:
    newcomer = PersonFactory(full_name="Nina Newcomer")

    response = ApiClient(member).post(
        f"/accounts/{account.pk}/memberships",
        {"person": newcomer.pk, "roles": [{"role": 987654}]},
    )

    assert errors_at(response) == {("body", "roles"): "There is no role with id 987654."}
    assert not TeamMembership.objects.filter(person=newcomer).exists()


def test_a_membership_is_changed_with_put_and_patch(member: Any, account: Account) -> None:
    partner = TeamMembershipFactory(account=account, allocation=50)
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/memberships/{partner.pk}"
    start = partner.start_date.isoformat()

    put = api.put(url, {"allocation": 35, "start_date": start, "end_date": None, "notes": "Half"})
    assert put.status_code == 200, put.content
    patch = api.patch(url, {"notes": "Half-time from June"})
    assert patch.status_code == 200

    partner.refresh_from_db()
    assert (partner.allocation, partner.notes, partner.end_date) == (
        35,
        "Half-time from June",
        None,
    )
    assert patch.json()["allocation"] == 35


def test_a_membership_cannot_end_before_it_starts(member: Any, account: Account) -> None:
    partner = TeamMembershipFactory(account=account)
    url = f"/accounts/{account.pk}/memberships/{partner.pk}"

    response = ApiClient(member).patch(
        url, {"end_date": (partner.start_date - datetime.timedelta(days=1)).isoformat()}
    )

    assert errors_at(response) == {
        ("body", "end_date"): "The end date cannot be before the start date."
    }
    partner.refresh_from_db()
    assert partner.end_date is None


def test_deleting_a_membership_ends_it_and_keeps_the_history(member: Any, account: Account) -> None:
    partner = TeamMembershipFactory(account=account)
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/memberships/{partner.pk}"

    response = api.delete(url)

    assert response.status_code == 204
    assert response.content == b""
    partner.refresh_from_db()
    assert partner.end_date == today() - datetime.timedelta(days=1)
    assert api.get(url).json()["is_active"] is False
    assert errors_at(api.delete(url)) == {
        ("body", "person"): f"{partner.person.full_name} has already left this team."
    }


def test_a_membership_of_another_account_is_not_found_through_ones_own(
    member: Any, account: Account
) -> None:
    elsewhere = TeamMembershipFactory()
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/memberships/{elsewhere.pk}"

    for response in (
        api.get(url),
        api.patch(url, {"allocation": 5}),
        api.delete(url),
    ):
        assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert (elsewhere.allocation, elsewhere.end_date) == (20, None)


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("viewer", 403)])
def test_who_may_not_change_the_team(
    persona: str, status: int, account: Account, request: Any
) -> None:
    partner = TeamMembershipFactory(account=account)
    api = ApiClient(request.getfixturevalue(persona))
    url = f"/accounts/{account.pk}/memberships"

    assert api.post(url, {"person": PersonFactory().pk}).status_code == status
    assert api.patch(f"{url}/{partner.pk}", {"allocation": 5}).status_code == status
    assert api.delete(f"{url}/{partner.pk}").status_code == status
    partner.refresh_from_db()
    assert (partner.allocation, partner.end_date) == (20, None)
    assert TeamMembership.objects.filter(account=account).count() == 3


# --- role assignments ---------------------------------------------------------------------------


def test_a_role_is_given_changed_and_taken_away(member: Any, account: Account) -> None:
    partner = TeamMembershipFactory(account=account, person__full_name="Paula Partner")
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/assignments"

    given = api.post(url, {"membership": partner.pk, "role": role("innovator").pk})
    assert given.status_code == 201, given.content
    body = given.json()
    assert (body["person"]["name"], body["role"]["key"], body["degree"]) == (
        "Paula Partner",
        "innovator",
        "contributing",
    )
    again = api.post(
        url, {"membership": partner.pk, "role": role("innovator").pk, "degree": "lead"}
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    same = api.post(url, {"membership": partner.pk, "role": role("innovator").pk, "degree": "lead"})
    assert errors_at(same) == {
        ("body", "role"): "Paula Partner already plays Innovator on this account."
    }

    changed = api.patch(f"{url}/{body['id']}", {"degree": "contributing"})
    assert changed.json()["degree"] == "contributing"
    assert api.put(f"{url}/{body['id']}", {"degree": "contributing"}).status_code == 200

    assert [row["role"]["key"] for row in api.get(url).json()["results"]] == ["innovator"]
    assert api.get(url, {"role": role("collaborator").pk}).json()["count"] == 0
    assert api.delete(f"{url}/{body['id']}").status_code == 204
    assert not RoleAssignment.objects.filter(pk=body["id"]).exists()
    assert api.get(f"{url}/{body['id']}").status_code == 404


def test_a_role_cannot_go_to_a_member_of_another_account(member: Any, account: Account) -> None:
    elsewhere = TeamMembershipFactory()

    response = ApiClient(member).post(
        f"/accounts/{account.pk}/assignments",
        {"membership": elsewhere.pk, "role": role("innovator").pk},
    )

    assert errors_at(response) == {
        ("body", "membership"): f"There is no team membership with id {elsewhere.pk}."
    }
    assert not RoleAssignment.objects.exists()


def test_an_assignment_of_another_account_is_not_found_through_ones_own(
    member: Any, account: Account
) -> None:
    elsewhere = RoleAssignmentFactory()
    api = ApiClient(member)
    url = f"/accounts/{account.pk}/assignments/{elsewhere.pk}"

    assert api.get(url).status_code == 404
    assert api.patch(url, {"degree": "contributing"}).status_code == 404
    assert api.delete(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.degree == "lead"
