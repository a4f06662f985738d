"""Query counts of the relationship pages and partials (STYLE.md Tests; QUALITY.md Q15).

Each page is built once with 3 rows of everything and once with 30, and must run the same
number of queries; the comment above each count names every query, in order. Pages are
read as `member` (on the account's team), who costs one query more than a programme
leader: "can edit", SELECT 1 (is the account visible to the user).

Every signed-in request starts with:
  session   SELECT django_session
  user      SELECT people_user
  account   SELECT the account visible to the user, with tier, lead and parent
Each test makes one warm-up request first, so the measured one is an ordinary page view.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import RoleAssignmentFactory, TeamMembershipFactory
from hexad.people.tests.factories import PersonFactory
from hexad.relationships.models import Relationship, Stakeholder, TechnicalConcern
from hexad.relationships.tests.factories import (
    InteractionFactory,
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

ROWS = [pytest.param(3, id="3-rows"), pytest.param(30, id="30-rows")]
MAX_QUERIES = 12  # QUALITY.md Q15


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    client.get(reverse("home"))
    return client


@pytest.fixture
def world(account: Any, member: Any, lead: Any, request: Any) -> dict[str, Any]:
    """A CEO and `rows` reports. Each report is known by two of our people, met in an
    interaction with the CEO, and a concern is raised by them or the CEO; `rows` team
    members play the paired roles, and each knows the CEO."""
    rows = request.node.callspec.params["rows"]
    roles = list(Role.objects.filter(key__in=["relationship-manager", "technical-expert"]))
    ceo = StakeholderFactory(account=account, name="Celina CEO", level=1, owner=lead.person)
    for n in range(rows):
        person = PersonFactory()
        membership = TeamMembershipFactory(account=account, person=person)
        RoleAssignmentFactory(membership=membership, role=roles[n % 2])
        report = StakeholderFactory(
            account=account, reports_to=ceo, is_technical_evaluator=True, owner=person,
            dotted_manager=None, business_unit=None,
        )  # fmt: skip
        RelationshipFactory(person=person, stakeholder=report, current_level=2)
        RelationshipFactory(person=member.person, stakeholder=report, current_level=1)
        RelationshipFactory(person=person, stakeholder=ceo, current_level=n % 5)
        InteractionFactory(
            account=account, people=[person, member.person], stakeholders=[ceo, report]
        )
        TechnicalConcernFactory(
            account=account, raised_by=ceo if n % 2 else report, owner=person,
            due_date=timezone.localdate() - datetime.timedelta(days=n - 10),
        )  # fmt: skip
    return {"ceo": ceo, "rows": rows}


def url(name: str, account: Any, *args: Any) -> str:
    return reverse(f"relationships:{name}", args=[account.pk, *args])


# session, user, account,
# stakeholders  SELECT the account's stakeholders as facts (owner, business unit joined)
# relationships SELECT the account's relationships as facts (person joined)
# concerns      SELECT COUNT(open), COUNT(overdue) of the account's concerns
# can edit
# people        SELECT the people the add form offers as owner (the team first)
BOARD_QUERIES = 8
# session, user, account, stakeholders, relationships, can edit (the empty-state text)
BOARD_RESULTS_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_relationships_page(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(BOARD_QUERIES):
        response = as_member.get(url("board", account))
    assert len(response.context["rows"]) == min(rows + 1, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_relationships_results_partial(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(BOARD_RESULTS_QUERIES):
        response = as_member.get(
            url("board", account),
            {"buying_role": "technical_evaluator"},
            headers={"HX-Request": "true", "HX-Target": "stakeholder-results"},
        )
    assert len(response.context["rows"]) == min(rows, 25)


# session, user, account,
# stakeholder   SELECT the stakeholder with business unit, owner, manager, dotted manager
# stakeholders  SELECT the account's stakeholders as facts (reports; move form choices)
# can edit
# relationships SELECT the stakeholder's relationships with our person
# interactions  SELECT the latest 20 interactions with the stakeholder
# their people  SELECT our people in those interactions (prefetch)
# concerns      SELECT the concerns they raised, with owner
# people        SELECT our active people (the add-relationship form's choices)
DETAIL_QUERIES = 11


@pytest.mark.parametrize("rows", ROWS)
def test_stakeholder_page(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(DETAIL_QUERIES):
        response = as_member.get(url("stakeholder", account, world["ceo"].pk))
    assert len(response.context["relationships"]) == rows
    assert len(response.context["reports"]) == rows


# session, user, account,
# relationships (partial after a level edit):
# can edit (for_edit)
# relationship  SELECT the relationship with person and stakeholder (within the account)
# the update    SELECT 1 person, SELECT 1 stakeholder (foreign keys), SELECT 1 (unique
#               pair), SAVEPOINT, check constraint, RELEASE, UPDATE
# history      SELECT the relationship's stored levels before the UPDATE, INSERT its entry
# stakeholder   SELECT the stakeholder again, with business unit, owner and managers
# the section   stakeholders, can edit, relationships, interactions, their people,
#               concerns, people (as on the stakeholder's page)
RELATIONSHIPS_PARTIAL_QUERIES = 22


@pytest.mark.parametrize("rows", ROWS)
def test_relationships_partial_after_an_edit(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    relationship = Relationship.objects.filter(stakeholder=world["ceo"]).first()
    assert relationship is not None
    with django_assert_num_queries(RELATIONSHIPS_PARTIAL_QUERIES):
        response = as_member.post(
            url("relationship-edit", account, relationship.pk),
            {"current_level": 2, "desired_level": 3},
            headers={"HX-Request": "true", "HX-Target": "our-relationships"},
        )
    assert response.status_code == 200
    assert "Relationship levels saved." in response.content.decode()


# session, user, account, stakeholders, relationships, can edit
ORG_CHART_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_org_chart_page(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(ORG_CHART_QUERIES):
        response = as_member.get(url("orgchart", account), {"depth": 2})
    assert len(response.context["chart"].nodes) == rows + 1


# session, user, account, stakeholders, relationships,
# players  SELECT today's team members playing the four paired roles
# roles    SELECT roles_role by key (the pairings' role names)
TWO_SIDED_QUERIES = 7


@pytest.mark.parametrize("rows", ROWS)
def test_two_sided_page(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(TWO_SIDED_QUERIES):
        response = as_member.get(url("two-sided", account))
    pairings = {p.role_key: p for _role, p in response.context["pairings"]}
    assert len(pairings["technical-expert"].rows) == rows


# session, user, account,
# count     SELECT COUNT(*) of the account's concerns with that status (the paginator)
# can edit
# default   SELECT the lead Technical Expert (the add form's default owner)
# concerns  SELECT the page of concerns with raised by and owner
# raisers   SELECT the account's active stakeholders (the add form's choices)
# people    SELECT our active people (the add form's owner choices)
CONCERNS_QUERIES = 9


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_concerns_page_and_partial(
    rows: int,
    htmx: bool,
    world: Any,
    account: Any,
    as_member: Client,
    django_assert_num_queries: Any,
) -> None:
    headers = {"HX-Request": "true", "HX-Target": "concerns"} if htmx else {}
    with django_assert_num_queries(CONCERNS_QUERIES):
        response = as_member.get(url("concerns", account), {"status": ""}, headers=headers)
    assert len(response.context["page"].object_list) == min(rows, 25)


# session, user, account,
# count         SELECT COUNT(*) of the account's interactions (the paginator)
# can edit
# interactions  SELECT the page of interactions
# our people    SELECT their people (prefetch)
# stakeholders  SELECT their stakeholders (prefetch)
INTERACTIONS_QUERIES = 8


@pytest.mark.parametrize("rows", ROWS)
def test_interactions_page(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(INTERACTIONS_QUERIES):
        response = as_member.get(url("interactions", account))
    assert len(response.context["page"].object_list) == min(rows, 25)


# session, user, account, can edit (for_edit),
# people        SELECT our active people, the team first (participants)
# stakeholders  SELECT the account's active stakeholders (participants)
INTERACTION_FORM_QUERIES = 6
# session, user, account, can edit (for_edit),
# stakeholder   SELECT the stakeholder with business unit, owner, managers
# stakeholders  SELECT the account's stakeholders as facts (manager choices)
# units         SELECT accounts_businessunit (choices)
# people        SELECT the people the form offers as owner (the team first)
STAKEHOLDER_FORM_QUERIES = 8
# session, user, account, can edit (for_edit),
# concern       SELECT the concern with raised by and owner
# raisers, people (the form's choices)
CONCERN_FORM_QUERIES = 7
# session, user, account, can edit (for_edit),
# relationship  SELECT the relationship with person and stakeholder
RELATIONSHIP_FORM_QUERIES = 5


@pytest.mark.parametrize("rows", ROWS)
def test_form_pages(
    rows: int, world: Any, account: Any, as_member: Client, django_assert_num_queries: Any
) -> None:
    ceo = world["ceo"]
    concern = TechnicalConcern.objects.filter(account=account).first()
    relationship = Relationship.objects.filter(stakeholder=ceo).first()
    assert concern is not None and relationship is not None
    pages = [
        (url("interaction-add", account) + f"?stakeholder={ceo.pk}", INTERACTION_FORM_QUERIES),
        (url("stakeholder-edit", account, ceo.pk), STAKEHOLDER_FORM_QUERIES),
        (url("concern-edit", account, concern.pk), CONCERN_FORM_QUERIES),
        (url("relationship-edit", account, relationship.pk), RELATIONSHIP_FORM_QUERIES),
    ]
    for page, count in pages:
        with django_assert_num_queries(count):
            response = as_member.get(page)
        assert response.status_code == 200, page
    assert Stakeholder.objects.filter(account=account).count() == rows + 1


@pytest.mark.parametrize(
    ("page", "count"),
    [
        ("relationships", BOARD_QUERIES),
        ("relationships results", BOARD_RESULTS_QUERIES),
        ("stakeholder", DETAIL_QUERIES),
        ("org chart", ORG_CHART_QUERIES),
        ("two-sided view", TWO_SIDED_QUERIES),
        ("concerns", CONCERNS_QUERIES),
        ("interactions", INTERACTIONS_QUERIES),
        ("interaction form", INTERACTION_FORM_QUERIES),
        ("stakeholder form", STAKEHOLDER_FORM_QUERIES),
        ("concern form", CONCERN_FORM_QUERIES),
        ("relationship form", RELATIONSHIP_FORM_QUERIES),
    ],
)
def test_pages_stay_within_twelve_queries(page: str, count: int) -> None:
    assert count <= MAX_QUERIES, f"{page} runs {count} queries; QUALITY.md Q15 allows 12"
