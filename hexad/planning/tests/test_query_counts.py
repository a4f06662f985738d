"""Query counts of the planning pages and partials (STYLE.md Tests; QUALITY.md Q15).

Each page is built once with 3 rows and once with 30 (objectives, actions, reviews,
blockers, accounts …) and must run the same number of queries. The comment above each
count names every query, in order.

Every signed-in request starts with the same two queries:
  session   SELECT django_session
  user      SELECT people_user joined with people_person
Each test makes one warm-up request first, so that the measured one is an ordinary view.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.coverage.services import coverage_refresh
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.planning import services, tokens
from hexad.planning.summary import summaries_refresh
from hexad.planning.tests.factories import (
    ActionFactory,
    BlockerFactory,
    ObjectiveFactory,
    PlanFactory,
    ResourceFactory,
    ReviewFactory,
    RiskFactory,
)
from hexad.relationships.tests.factories import RelationshipFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

ROWS = [pytest.param(3, id="3-rows"), pytest.param(30, id="30-rows")]


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    return client


@pytest.fixture
def full_plan(account, member, leader, request):
    """A current plan with `rows` objectives (each with two actions), `rows` plan-wide
    actions, resources (decided and not), risks, team members in their own departments,
    `rows` reviews, and an earlier plan."""
    rows = request.node.callspec.params["rows"]
    PlanFactory(account=account, period_start=day(-800), period_end=day(-400))
    plan = PlanFactory(account=account, period_start=day(-60), period_end=day(300))
    for n in range(rows):
        person = PersonFactory(department=DepartmentFactory(name=f"Dept {n}"))
        TeamMembershipFactory(account=account, person=person)
        objective = ObjectiveFactory(plan=plan, current_value=n)
        for k in range(2):
            ActionFactory(plan=plan, objective=objective, owner=person, due_date=day(k * 9 - 3))
        ActionFactory(plan=plan, owner=member.person, due_date=day(n))
        ResourceFactory(plan=plan, status="approved" if n % 2 else "requested", decided_by=leader)
        RiskFactory(plan=plan, likelihood=1 + n % 3)
        ReviewFactory(account=account, held_on=day(-n * 10), people=[member.person])
        ReviewFactory(account=account, kind="quarterly", held_on=day(n + 1), people=[person])
    return plan


# session, user,
# account      SELECT the account (visible to the user) with tier, lead and parent
# plans        SELECT the account's plans (the page's plan and the links to the others)
# objectives   SELECT the plan's objectives
# actions      SELECT the plan's actions with owner and role
# resources    SELECT the plan's resource requests with who requested and decided
# risks        SELECT the plan's risks
# reviews      SELECT the latest held and next planned review per kind (one GROUP BY)
# team         SELECT today's memberships with person and department
# roles        SELECT roles_role (the role catalogue, kept between requests: asked for here
#              because each test starts with an empty cache)
PLAN_PAGE_QUERIES = 11


@pytest.mark.parametrize("rows", ROWS)
def test_plan_page_queries(rows, full_plan, as_member, django_assert_num_queries):
    url = reverse(
        "planning:plan-detail", kwargs={"account_pk": full_plan.account_id, "pk": full_plan.pk}
    )
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = as_member.get(url)
    assert len(response.context["page"].objectives) == rows


# The team partial (department filter): the same reads.
@pytest.mark.parametrize("rows", ROWS)
def test_plan_team_partial_queries(rows, full_plan, as_member, django_assert_num_queries):
    url = reverse(
        "planning:plan-detail", kwargs={"account_pk": full_plan.account_id, "pk": full_plan.pk}
    )
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        as_member.get(
            url, {"department": "Dept 1"}, headers={"HX-Request": "true", "HX-Target": "plan-team"}
        )


# session, user,
# account      SELECT the account with tier, lead and parent
# summary      SELECT the stored planning summary with its plan
ACCOUNT_SUMMARY_QUERIES = 4


@pytest.mark.parametrize("rows", ROWS)
def test_account_summary_partial_queries(rows, full_plan, as_member, django_assert_num_queries):
    summaries_refresh(account_ids=[full_plan.account_id])
    with django_assert_num_queries(ACCOUNT_SUMMARY_QUERIES):
        response = as_member.get(reverse("planning:account-summary", args=[full_plan.account_id]))
    assert response.context["summary"].plan == full_plan


# session, user,
# account      SELECT the account
# count        SELECT COUNT(*) of the account's reviews (the paginator)
# reviews      SELECT the page of reviews
# people       SELECT their attendees of ours (prefetch)
# theirs       SELECT their attendees of theirs (prefetch)
# dates        SELECT the latest held and next planned review per kind
REVIEW_LIST_QUERIES = 8


@pytest.mark.parametrize("rows", ROWS)
def test_review_list_queries(rows, full_plan, as_member, django_assert_num_queries):
    with django_assert_num_queries(REVIEW_LIST_QUERIES):
        response = as_member.get(reverse("planning:reviews", args=[full_plan.account_id]))
    assert len(response.context["page"].object_list) == min(2 * rows, 25)


# session, user,
# account      SELECT the account
# review       SELECT the review
# people       SELECT its attendees of ours (prefetch)
# theirs       SELECT its attendees of theirs (prefetch)
# decisions    SELECT the actions decided at it, with owner and plan
# plan         SELECT the account's current plan (the decision form)
# team         SELECT today's memberships with person and department (owner choices)
# roles        SELECT roles_role (role choices: the role catalogue, on an empty cache)
# objectives   SELECT the current plan's objectives (objective choices)
REVIEW_DETAIL_QUERIES = 11


@pytest.mark.parametrize("rows", ROWS)
def test_review_detail_queries(rows, full_plan, member, as_member, django_assert_num_queries):
    review = ReviewFactory(account=full_plan.account, held_on=day(-1), people=[member.person])
    for _ in range(rows):
        ActionFactory(plan=full_plan, review=review, owner=member.person)
    url = reverse(
        "planning:review-detail", kwargs={"account_pk": full_plan.account_id, "pk": review.pk}
    )
    with django_assert_num_queries(REVIEW_DETAIL_QUERIES):
        response = as_member.get(url)
    assert len(response.context["decisions"]) == rows


# session, user,
# account        SELECT the account
# reviews        SELECT the account's reviews with their snapshots
# actions        SELECT actions done since and open actions overdue, with owner
# objectives     SELECT the current plan's objectives
# stakeholders   SELECT stakeholders new since
# relationships  SELECT relationships with person and stakeholder
# coverage       SELECT the stored coverage cells with their roles
# (with the growth app installed: opportunities changed since)
REPORT_QUERIES = 9


@pytest.fixture
def report_data(full_plan, member, request):
    rows = request.node.callspec.params["rows"]
    services.review_record(
        account=full_plan.account, kind="check_in", held_on=day(-2), people=[member.person]
    )
    for _ in range(rows):
        stakeholder = StakeholderFactory(account=full_plan.account, first_engaged=day(0))
        RelationshipFactory(stakeholder=stakeholder, current_level=2)
    coverage_refresh(account_ids=[full_plan.account_id])
    return full_plan


def _growth_queries() -> int:
    from django.apps import apps

    return 1 if apps.is_installed("hexad.growth") else 0


@pytest.mark.parametrize("rows", ROWS)
def test_report_queries(rows, report_data, as_member, django_assert_num_queries):
    with django_assert_num_queries(REPORT_QUERIES + _growth_queries()):
        response = as_member.get(reverse("planning:report", args=[report_data.account_id]))
    assert len(response.context["report"].new_stakeholders) == rows


# session, user,
# count      SELECT COUNT(*) of the visible accounts
# accounts   SELECT the page of accounts with tier, lead, summary and its plan
# tiers      SELECT accounts_tier (the filter's choices)
PORTFOLIO_QUERIES = 5
PORTFOLIO_PARTIAL_QUERIES = 4  # without the filter's choices


@pytest.fixture
def portfolio(member, tier, request):
    for n in range(request.node.callspec.params["rows"]):
        account = AccountFactory(tier=tier, lead=PersonFactory())
        TeamMembershipFactory(account=account, person=member.person)
        PlanFactory(account=account)
        ReviewFactory(account=account, held_on=day(-n))
    summaries_refresh()


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_queries(rows, portfolio, as_member, django_assert_num_queries):
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        response = as_member.get(reverse("planning:portfolio"))
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_partial_queries(rows, portfolio, as_member, django_assert_num_queries):
    headers = {"HX-Request": "true", "HX-Target": "planning-results"}
    with django_assert_num_queries(PORTFOLIO_PARTIAL_QUERIES):
        as_member.get(reverse("planning:portfolio"), {"sort": "-completeness"}, headers=headers)


# session, user,
# actions    SELECT my open actions on accounts I see, with account and plan
# upcoming   SELECT reviews I attend from today on, with account
# recent     SELECT reviews I attended before today, with account
# blockers   SELECT blockers I own or was escalated, with account and people
MY_WORK_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_my_work_queries(rows, full_plan, member, as_member, django_assert_num_queries):
    for _ in range(rows):
        BlockerFactory(account=full_plan.account, owner=member.person)
    with django_assert_num_queries(MY_WORK_QUERIES):
        response = as_member.get(reverse("planning:my-work"))
    assert len(response.context["work"].blockers) == rows


# session, user,
# account    SELECT the account
# count      SELECT COUNT(*) of the account's blockers in the filter
# blockers   SELECT the page of blockers with owner and escalated to
# team       SELECT today's memberships with person and department (owner choices)
BLOCKERS_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_blockers_queries(rows, full_plan, member, as_member, django_assert_num_queries):
    for _ in range(rows):
        BlockerFactory(account=full_plan.account, owner=member.person, escalated_to=member.person)
    with django_assert_num_queries(BLOCKERS_QUERIES):
        response = as_member.get(reverse("planning:blockers", args=[full_plan.account_id]))
    assert len(response.context["page"].object_list) == min(rows, 25)


# No session: the token opens the feed.
# token     SELECT the token's user (with the person)
# actions   SELECT the user's open actions with a due date, with account and plan
# reviews   SELECT the reviews they attend from 90 days ago on, with account
ICS_QUERIES = 3


@pytest.mark.parametrize("rows", ROWS)
def test_calendar_feed_queries(rows, full_plan, member, django_assert_num_queries):
    _token, secret = tokens.calendar_token_create(user=member)
    with django_assert_num_queries(ICS_QUERIES):
        response = Client().get(reverse("planning:ics-feed", args=[secret]))
    assert response.content.count(b"UID:action-") == rows  # the member's plan-wide actions


@pytest.mark.parametrize(
    ("page", "count"),
    [
        ("plan page", PLAN_PAGE_QUERIES),
        ("account summary", ACCOUNT_SUMMARY_QUERIES),
        ("review list", REVIEW_LIST_QUERIES),
        ("review detail", REVIEW_DETAIL_QUERIES),
        ("progress report", REPORT_QUERIES + 1),
        ("portfolio", PORTFOLIO_QUERIES),
        ("portfolio partial", PORTFOLIO_PARTIAL_QUERIES),
        ("my work", MY_WORK_QUERIES),
        ("blockers", BLOCKERS_QUERIES),
        ("calendar feed", ICS_QUERIES),
    ],
)
def test_pages_stay_within_twelve_queries(page, count):
    assert count <= 12, f"{page} runs {count} queries; QUALITY.md Q15 allows 12"
