"""The role catalogue's API (read by all, written by administrators) and the coverage API
(stored results, scoped like the portfolio)."""

from __future__ import annotations

from typing import Any

import pytest

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.coverage import engine
from hexad.coverage.services import coverage_refresh
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


# --- roles ----------------------------------------------------------------------------------


def test_the_six_roles_in_catalogue_order(member: Any) -> None:
    body = ApiClient(member).get("/roles").json()

    assert body["count"] == 6
    assert [row["key"] for row in body["results"]] == [
        "results-driver",
        "relationship-manager",
        "innovator",
        "collaborator",
        "technical-expert",
        "project-manager",
    ]
    first = body["results"][0]
    assert (first["name"], first["name_pl"], first["is_builtin"]) == (
        "Results Driver",
        "Motor wyników",
        True,
    )


def test_a_role_name_follows_the_users_language(member: Any) -> None:
    member.language = "pl"
    member.save()
    driver = Role.objects.get(key="results-driver")

    assert ApiClient(member).get(f"/roles/{driver.pk}").json()["name"] == "Motor wyników"


def role_body(**changes: Any) -> dict[str, Any]:
    data = {
        "key": "executive-sponsor",
        "order": 7,
        "name_en": "Executive Sponsor",
        "name_pl": "Sponsor",
        "purpose_en": "Opens doors at the top.",
        "purpose_pl": "Otwiera drzwi na górze.",
    }
    return {**data, **changes}


def test_an_administrator_adds_and_edits_a_role(admin_user: Any) -> None:
    api = ApiClient(admin_user)

    created = api.post("/roles", role_body())
    assert created.status_code == 201, created.content
    role = Role.objects.get(key="executive-sponsor")
    assert (role.name_en, role.is_builtin, role.order) == ("Executive Sponsor", False, 7)

    assert api.patch(f"/roles/{role.pk}", {"name_en": "Sponsor"}).status_code == 200
    texts = {
        field: value for field, value in created.json().items() if field[-3:] in ("_en", "_pl")
    }
    put = api.put(
        f"/roles/{role.pk}",
        {**texts, "key": "sponsor", "order": 8, "name_en": "Exec Sponsor"},
    )
    assert put.status_code == 200, put.content
    role.refresh_from_db()
    assert (role.key, role.order, role.name_en) == ("sponsor", 8, "Exec Sponsor")


def test_the_key_of_one_of_the_six_stays(admin_user: Any) -> None:
    driver = Role.objects.get(key="results-driver")

    response = ApiClient(admin_user).patch(
        f"/roles/{driver.pk}", {"key": "growth", "name_en": "Growth Driver"}
    )

    assert response.status_code == 200
    assert (response.json()["key"], response.json()["name_en"]) == (
        "results-driver",
        "Growth Driver",
    )


def test_a_duplicate_key_is_422(admin_user: Any) -> None:
    response = ApiClient(admin_user).post("/roles", role_body(key="innovator"))

    assert errors_at(response) == {("body", "key"): "Role with this Key already exists."}
    assert Role.objects.count() == 6


@pytest.mark.parametrize("persona", ["leader", "member", "viewer"])
def test_only_administrators_write_roles(persona: str, request: Any) -> None:
    api = ApiClient(request.getfixturevalue(persona))
    driver = Role.objects.get(key="results-driver")

    assert api.post("/roles", role_body()).status_code == 403
    assert api.patch(f"/roles/{driver.pk}", {"name_en": "X"}).status_code == 403
    driver.refresh_from_db()
    assert driver.name_en == "Results Driver"
    assert Role.objects.count() == 6


# --- coverage -------------------------------------------------------------------------------


def covered_world(account: Account) -> Account:
    """`account` (tier 1 needs all six roles) gets a lead Results Driver; another account
    the member does not see is computed too."""
    membership = account.memberships.get(person__full_name="Adam Lead")
    RoleAssignmentFactory(membership=membership, role=Role.objects.get(key="results-driver"))
    hidden = AccountFactory(name="Hidden", tier=account.tier)
    TeamMembershipFactory(account=hidden)
    coverage_refresh()
    return hidden


def test_an_accounts_coverage_has_a_cell_per_role(member: Any, account: Account) -> None:
    tier_one = TierFactory(name="Tier 1 — Strategic")
    tier_one.required_roles.set(Role.objects.all())
    covered_world(account)

    body = ApiClient(member).get(f"/accounts/{account.pk}/coverage").json()

    assert body["account"] == {"id": account.pk, "name": "Acme Polska"}
    assert [cell["role_key"] for cell in body["cells"]] == [
        "results-driver",
        "relationship-manager",
        "innovator",
        "collaborator",
        "technical-expert",
        "project-manager",
    ]
    driver = body["cells"][0]
    assert (driver["status"], driver["required"]) == ("covered", True)
    assert driver["score"] > 0
    assert {cell["status"] for cell in body["cells"][1:]} == {"missing"}
    assert (body["gaps"], body["missing"], body["weak"]) == (5, 5, 0)
    assert (body["formula_version"], body["is_current"]) == (engine.FORMULA_VERSION, True)


def test_coverage_never_computed_is_null(member: Any, account: Account) -> None:
    body = ApiClient(member).get(f"/accounts/{account.pk}/coverage").json()

    assert (body["gaps"], body["computed_at"], body["is_current"], body["cells"]) == (
        None,
        None,
        False,
        [],
    )


def test_the_coverage_list_is_scoped_like_the_portfolio(
    member: Any, leader: Any, outsider: Any, account: Account
) -> None:
    hidden = covered_world(account)

    def listed(user: Any, **params: Any) -> list[str]:
        rows = ApiClient(user).get("/coverage", params).json()["results"]
        return [row["account"]["name"] for row in rows]

    assert listed(member) == ["Acme Polska"]
    assert listed(outsider) == []
    assert sorted(listed(leader)) == ["Acme Polska", "Hidden"]
    assert listed(leader, q="hid") == ["Hidden"]
    assert ApiClient(outsider).get(f"/accounts/{account.pk}/coverage").status_code == 404
    assert ApiClient(member).get(f"/accounts/{hidden.pk}/coverage").status_code == 404
