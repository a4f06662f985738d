"""Query counts of the list operations (QUALITY.md Q15; STYLE.md Tests).

Each list is read once with 3 rows and once with 30 and must run the same number of
queries, at most 12; the comment above each count names every query, in order. A request
with a token starts with the same two queries:
  lock     SELECT SUM(failures) FROM axes_accessattempt (is this address locked out?)
  token    SELECT api_apitoken joined with people_user and people_person
The first use of a token also stores its last-used time; each test makes one warm-up
request so that the measured one is an ordinary call.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.api.tests.conftest import ApiClient
from hexad.coverage.services import coverage_refresh
from hexad.people.models import CompetencyRating, RatingSource
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

ROWS = [pytest.param(3, id="3-rows"), pytest.param(30, id="30-rows")]
CEILING = 12


def measure(api: ApiClient, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
    api.get(path, params)  # warm-up: the token's last-used time is stored once a minute
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, {"limit": 100, **(params or {})})
    assert response.status_code == 200, response.content
    assert len(queries) <= CEILING, [query["sql"] for query in queries.captured_queries]
    return len(queries), response.json()


def roles() -> list[Role]:
    return list(Role.objects.order_by("order"))


def team(account: Account, rows: int) -> None:
    for _index in range(rows):
        membership = TeamMembershipFactory(account=account)
        RoleAssignmentFactory(membership=membership, role=roles()[0])
        RoleAssignmentFactory(membership=membership, role=roles()[1], degree="contributing")


@pytest.mark.parametrize("rows", ROWS)
def test_accounts(rows: int, member: Any, tier: Any) -> None:
    for _index in range(rows):
        account = AccountFactory(tier=tier, lead=PersonFactory())
        TeamMembershipFactory(account=account, person=member.person)
    api = ApiClient(member)
    # lock, token, COUNT of the visible accounts, the page (tier and lead joined)
    count, body = measure(api, "/accounts", {"industry": "manufacturing"})
    assert (count, body["count"]) == (4, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_coverage(rows: int, leader: Any, tier: Any) -> None:
    for _index in range(rows):
        team(AccountFactory(tier=tier), 1)
    coverage_refresh()
    # lock, token, COUNT of the accounts, the page (tier, lead, stored summary joined),
    # the page's stored cells (the role catalogue is kept since the refresh)
    count, body = measure(ApiClient(leader), "/coverage")
    assert (count, body["count"]) == (5, rows)
    assert all(len(row["cells"]) == 6 for row in body["results"])


@pytest.mark.parametrize("rows", ROWS)
def test_memberships(rows: int, member: Any, account: Account) -> None:
    team(account, rows)
    # lock, token, the account (visible to the member?), COUNT of its memberships,
    # the page (people joined), the page's role assignments (roles joined)
    count, body = measure(ApiClient(member), f"/accounts/{account.pk}/memberships")
    assert (count, body["count"]) == (6, rows + 2)
    assert sum(len(row["assignments"]) for row in body["results"]) == 2 * rows


@pytest.mark.parametrize("rows", ROWS)
def test_assignments(rows: int, member: Any, account: Account) -> None:
    team(account, rows)
    # lock, token, the account, COUNT of its assignments, the page (role, membership
    # and person joined)
    count, body = measure(ApiClient(member), f"/accounts/{account.pk}/assignments")
    assert (count, body["count"]) == (5, 2 * rows)


@pytest.mark.parametrize("rows", ROWS)
def test_business_units(rows: int, member: Any, account: Account) -> None:
    for _index in range(rows):
        BusinessUnitFactory(account=account)
    # lock, token, the account, COUNT of its units, the page
    count, body = measure(ApiClient(member), f"/accounts/{account.pk}/business-units")
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_people(rows: int, member: Any) -> None:
    for _index in range(rows):
        PersonFactory()
    # lock, token, COUNT of the people, the page (department joined)
    count, body = measure(ApiClient(member), "/people")
    assert (count, body["count"]) == (4, rows + 1)


@pytest.mark.parametrize("rows", ROWS)
def test_ratings(rows: int, lead: Any, account: Account) -> None:
    partner = TeamMembershipFactory(account=account).person
    for index in range(rows):
        CompetencyRating.objects.create(
            person=partner,
            role=roles()[index % 6],
            rating=3,
            source=RatingSource.MANAGER,
            rated_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=index),
            rated_by=lead,
        )
    # lock, token, the person, may the lead see them (the leads of the accounts they
    # share), COUNT of the ratings, the page (role, rater and rater's person joined)
    count, body = measure(ApiClient(lead), f"/people/{partner.pk}/ratings")
    assert (count, body["count"]) == (6, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_tiers(rows: int, member: Any) -> None:
    for index in range(rows):
        TierFactory(rank=10 + index).required_roles.set(roles()[:2])
    # lock, token, COUNT of the tiers, the page, the page's required roles
    count, body = measure(ApiClient(member), "/tiers")
    assert (count, body["count"]) == (5, rows + 3)


@pytest.mark.parametrize("rows", ROWS)
def test_roles(rows: int, member: Any) -> None:
    for index in range(rows):
        Role.objects.create(
            key=f"extra-{index}",
            name_en="Extra",
            name_pl="Dodatkowa",
            purpose_en="x",
            purpose_pl="x",
        )
    # lock, token, COUNT of the roles, the page
    count, body = measure(ApiClient(member), "/roles")
    assert (count, body["count"]) == (4, rows + 6)


def test_every_list_operation_has_a_query_count_test() -> None:
    from hexad.api.v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    lists = {
        op["operationId"]
        for ops in schema["paths"].values()
        for method, op in ops.items()
        if method == "get" and "Page_" in str(op["responses"])
    }
    tested = {
        "account_list": test_accounts,
        "coverage_list": test_coverage,
        "membership_list": test_memberships,
        "assignment_list": test_assignments,
        "business_unit_list": test_business_units,
        "person_list": test_people,
        "rating_list": test_ratings,
        "tier_list": test_tiers,
        "role_list": test_roles,
    }
    # The apps' own list tests (in hexad/<app>/tests/test_api.py), imported here so that
    # pytest collects them once, where they are written.
    from hexad.growth.tests.test_api import LIST_QUERY_TESTS as growth_lists
    from hexad.planning.tests.test_api import LIST_QUERY_TESTS as planning_lists
    from hexad.relationships.tests.test_api import LIST_QUERY_TESTS as relationship_lists
    from hexad.staffing.tests.test_api import LIST_QUERY_TESTS as staffing_lists

    tested |= growth_lists | planning_lists | relationship_lists | staffing_lists
    assert lists == set(tested), sorted(lists ^ set(tested))
