"""Query counts of the pages and partials (STYLE.md Tests; QUALITY.md Q15).

Each page is built once with 3 rows and once with 30, and must run the same number of
queries: a count that grows with the rows is an N+1 bug. The comment above each count
names every query, in order.

Every signed-in request starts with the same two queries:
  session   SELECT django_session (SessionMiddleware, when the request touches the session)
  user      SELECT people_user joined with people_person (AuthenticationMiddleware; the
            person is fetched with the user for the header's user menu)
The first request after signing in also stores the idle clock in the session (an UPDATE);
each test makes one warm-up request so that the measured one is an ordinary page view.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.people.models import CompetencyRating, DevelopmentNote, RatingSource
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

ROWS = [pytest.param(3, id="3-rows"), pytest.param(30, id="30-rows")]
HTMX_PORTFOLIO = {"HX-Request": "true", "HX-Target": "portfolio-results"}
HTMX_PEOPLE = {"HX-Request": "true", "HX-Target": "people-results"}
HTMX_TEAM = {"HX-Request": "true", "HX-Target": "team"}


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    return client


def roles() -> list[Role]:
    return list(Role.objects.order_by("order"))


def rate(person: Any, role: Role, rating: int, user: Any) -> None:
    CompetencyRating.objects.create(
        person=person,
        role=role,
        rating=rating,
        source=RatingSource.MANAGER,
        rated_on=day(-10),
        rated_by=user,
    )


def a_full_team(account: Account, rows: int, rater: Any) -> None:
    """`rows` members today (each with two roles, rated, in their own department), `rows`
    former members with a role, and `rows` business units."""
    six = roles()
    for n in range(rows):
        person = PersonFactory(department=DepartmentFactory(name=f"Team dept {n}"))
        membership = TeamMembershipFactory(account=account, person=person, allocation=10)
        for role in (six[n % 6], six[(n + 1) % 6]):
            RoleAssignmentFactory(membership=membership, role=role, degree="contributing")
            rate(person, role, 1 + n % 5, rater)
        former = TeamMembershipFactory(
            account=account, start_date=day(-300), end_date=day(-100), allocation=10
        )
        RoleAssignmentFactory(membership=former, role=six[n % 6])
        BusinessUnitFactory(account=account, name=f"Unit {n}")


# --- the portfolio ------------------------------------------------------------------------------


@pytest.fixture
def portfolio(member: Any, tier: Any, request: Any) -> None:
    """`rows` accounts on `member`'s teams, each with its own lead and two more members with
    a role each; as many accounts `member` may not see."""
    rows = request.node.callspec.params["rows"]
    six = roles()
    for n in range(rows):
        account = AccountFactory(tier=tier, lead=PersonFactory())
        TeamMembershipFactory(account=account, person=member.person)
        for k in range(2):
            membership = TeamMembershipFactory(account=account)
            RoleAssignmentFactory(membership=membership, role=six[(n + k) % 6])
        TeamMembershipFactory(account=AccountFactory(tier=tier))


# session, user,
# count       SELECT COUNT(*) of the visible accounts (the paginator)
# roles       SELECT roles_role (the role columns)
# accounts    SELECT the page of accounts with tier and lead
# teams       SELECT memberships active today with their roles, for the page's accounts
# required    SELECT the tiers' required roles
# leads       SELECT people who lead an account (the lead filter's choices)
# tiers       SELECT accounts_tier (the tier filter's choices)
PORTFOLIO_QUERIES = 8
# The partial: the same without the filter form's choices.
PORTFOLIO_PARTIAL_QUERIES = 7


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_queries(
    rows: int, portfolio: None, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        response = as_member.get(reverse("accounts:portfolio"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_partial_queries(
    rows: int, portfolio: None, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PORTFOLIO_PARTIAL_QUERIES):
        response = as_member.get(
            reverse("accounts:portfolio"), {"sort": "-lead"}, headers=HTMX_PORTFOLIO
        )
    assert len(response.context["rows"]) == min(rows, 25)


# --- an account and its team ------------------------------------------------------------------


@pytest.fixture
def team(account: Account, leader: Any, request: Any) -> Account:
    a_full_team(account, request.node.callspec.params["rows"], leader)
    return account


# session, user,
# account      SELECT the account (visible to the user) with tier, lead and parent
# roles        SELECT roles_role (the role catalogue: the panel and the add form's role
#              choices; kept between requests, so asked for only on a cold cache)
# tiers        SELECT the tiers with their required roles (the tier catalogue, kept too)
# members      SELECT the memberships with person and department
# assignments  SELECT their role assignments with the role (prefetch)
# coverage, from the team already loaded:
#   ratings    SELECT the competency ratings of today's members
#   loads      SELECT each member's allocations across accounts, with capacity
# units        SELECT accounts_businessunit
# people       SELECT the active people (the add form's choices; kept too)
# With warm caches the page runs 8 queries.
ACCOUNT_DETAIL_QUERIES = 11


@pytest.mark.parametrize("rows", ROWS)
def test_account_detail_queries(
    rows: int, team: Account, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(ACCOUNT_DETAIL_QUERIES):
        response = as_member.get(reverse("accounts:detail", args=[team.pk]))
    assert len(response.context["team"].active) == rows + 2  # with the lead and member


# session, user,
# account, can edit (for_edit)       SELECT the account, SELECT 1
# person, role                        SELECT the chosen person and role (form choices)
# SAVEPOINT (membership_add)
#   overlap                           SELECT 1 of the person's spells on the team
#   account, person                   SELECT 1 each (foreign keys, full_clean)
#   SAVEPOINT, check, RELEASE ×2      the two check constraints (full_clean)
#   INSERT teammembership
#   SAVEPOINT (assignment_add)
#     existing                        SELECT the person's assignment of that role
#     membership, role                SELECT 1 each (foreign keys)
#     unique                          SELECT 1 (membership, role) (full_clean)
#     INSERT roleassignment
#   accounts                          SELECT the accounts the person is on today
#   SAVEPOINT  coverage refresh once: 6 reads (the role catalogue one of them),
#              DELETE ×2, INSERT ×2  RELEASE
# RELEASE
# then the team section, as on the detail page: tiers, members, assignments, the
# coverage's 2 reads, units, people (the role catalogue is kept by then)
# history: INSERT the entries of the new membership and of its role assignment
TEAM_PARTIAL_AFTER_ADD_QUERIES = 45


@pytest.mark.parametrize("rows", ROWS)
def test_team_partial_after_an_htmx_add_queries(
    rows: int, team: Account, as_member: Client, django_assert_num_queries: Any
) -> None:
    newcomer = PersonFactory(full_name="Nina Newcomer")
    innovator = Role.objects.get(key="innovator")

    with django_assert_num_queries(TEAM_PARTIAL_AFTER_ADD_QUERIES):
        response = as_member.post(
            reverse("accounts:member-add", args=[team.pk]),
            {"person": newcomer.pk, "allocation": 10, "role": innovator.pk, "degree": "lead"},
            headers=HTMX_TEAM,
        )
    assert response.status_code == 200
    assert "Nina Newcomer joined the team." in response.content.decode()


# --- people --------------------------------------------------------------------------------------


@pytest.fixture
def people(tier: Any, request: Any) -> None:
    """`rows` people, each in their own department and on two teams."""
    for n in range(request.node.callspec.params["rows"]):
        person = PersonFactory(department=DepartmentFactory(name=f"People dept {n}"))
        TeamMembershipFactory(person=person, account__tier=tier)
        TeamMembershipFactory(person=person, account__tier=tier)


# session, user,
# count        SELECT COUNT(*) of people (the paginator)
# people       SELECT the page of people with their department
# loads        SELECT today's allocations of the page's people
# departments  SELECT people_department (the filter's choices)
PEOPLE_LIST_QUERIES = 6
PEOPLE_PARTIAL_QUERIES = 5  # without the filter's choices


@pytest.mark.parametrize("rows", ROWS)
def test_people_list_queries(
    rows: int, people: None, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PEOPLE_LIST_QUERIES):
        response = as_member.get(reverse("people:list"))
    assert len(response.context["rows"]) == min(rows + 1, 25)  # and `member` themself


@pytest.mark.parametrize("rows", ROWS)
def test_people_partial_queries(
    rows: int, people: None, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PEOPLE_PARTIAL_QUERIES):
        response = as_member.get(reverse("people:list"), {"q": "Person"}, headers=HTMX_PEOPLE)
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.fixture
def colleague(member: Any, leader: Any, tier: Any, request: Any) -> Any:
    """A person on `rows` teams (half of them `member`'s), with `rows` ratings and notes."""
    rows = request.node.callspec.params["rows"]
    six = roles()
    person = PersonFactory(full_name="Kasia Koleżanka")
    for n in range(rows):
        account = AccountFactory(tier=tier)
        membership = TeamMembershipFactory(account=account, person=person, allocation=5)
        RoleAssignmentFactory(membership=membership, role=six[n % 6])
        if n % 2:
            TeamMembershipFactory(account=account, person=member.person)
        rate(person, six[n % 6], 1 + n % 5, leader)
        DevelopmentNote.objects.create(
            person=person, role=six[n % 6], text=f"Step {n}", author=leader
        )
    return person


# session, user,
# person        SELECT the person with department and user
# memberships   SELECT their memberships on accounts the user may see, with account and tier
# assignments   SELECT those memberships' role assignments with the role (prefetch)
# load          SELECT their allocations today
# rights        SELECT the leads of the accounts the person is on (may the user rate them?)
# competencies: roles, ratings, notes (three SELECTs)
PERSON_DETAIL_QUERIES = 10


@pytest.mark.parametrize("rows", ROWS)
def test_person_detail_queries(
    rows: int, colleague: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(PERSON_DETAIL_QUERIES):
        response = as_member.get(reverse("people:detail", args=[colleague.pk]))
    assert len(response.context["teams"].active) == rows // 2


# --- the role guide ---------------------------------------------------------------------


@pytest.fixture
def more_roles(request: Any) -> None:
    """`rows` roles beyond the six, each required in a tier of its own."""
    for n in range(request.node.callspec.params["rows"]):
        role = Role.objects.create(
            key=f"extra-{n}",
            order=10 + n,
            name_en=f"Extra {n}",
            name_pl=f"Dodatkowa {n}",
            purpose_en="Purpose",
            purpose_pl="Cel",
        )
        AccountFactory(tier__name=f"Extra tier {n}").tier.required_roles.add(role)


# session, user,
# roles   SELECT roles_role
# tiers   SELECT the tiers requiring each role (prefetch)
ROLE_GUIDE_QUERIES = 4


@pytest.mark.parametrize("rows", ROWS)
def test_role_guide_queries(
    rows: int, more_roles: None, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(ROLE_GUIDE_QUERIES):
        response = as_member.get(reverse("roles:guide"))
    assert len(response.context["roles"]) == 6 + rows


# --- the Q15 bar: at most 12 queries for a page or partial ------------------------------------


@pytest.mark.parametrize(
    ("page", "count"),
    [
        ("portfolio", PORTFOLIO_QUERIES),
        ("portfolio partial", PORTFOLIO_PARTIAL_QUERIES),
        ("account detail", ACCOUNT_DETAIL_QUERIES),
        ("people list", PEOPLE_LIST_QUERIES),
        ("people partial", PEOPLE_PARTIAL_QUERIES),
        ("person detail", PERSON_DETAIL_QUERIES),
        ("role guide", ROLE_GUIDE_QUERIES),
    ],
)
def test_pages_stay_within_twelve_queries(page: str, count: int) -> None:
    assert count <= 12, f"{page} runs {count} queries; QUALITY.md Q15 allows 12"
