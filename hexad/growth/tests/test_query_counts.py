"""Query counts of the growth pages and partials (STYLE.md Tests; QUALITY.md Q15).

Each page is built once with 3 rows of everything and once with 30 (30 business units ×
30 offerings is 900 whitespace cells), and must run the same number of queries. The
comment above each count names every query, in order.

Every signed-in request starts with the same two queries:
  session   SELECT django_session
  user      SELECT people_user joined with people_person
and an account's page then looks the account up:
  account   SELECT the account (visible to the user) with tier, lead and parent
A write (or a form that writes) also asks whether the user may change it:
  can edit  SELECT 1 of the account among those the member is on
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hexad.accounts.models import Account, BusinessUnit
from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.growth import derived
from hexad.growth.models import FinancialPeriod, WhitespaceCell
from hexad.growth.tests.factories import (
    OfferingFactory,
    OpportunityFactory,
    ValueInitiativeFactory,
)
from hexad.people.tests.factories import PersonFactory
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

ROWS = [pytest.param(3, id="3-rows"), pytest.param(30, id="30-rows")]
HTMX = {"HX-Request": "true"}
D = Decimal


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    return client


def rows_of(request: Any) -> int:
    return request.node.callspec.params["rows"]


@pytest.fixture
def grown(account: Account, request: Any) -> Account:
    """`rows` business units and offerings (every other one new) with every cell stored,
    `rows` quarters of figures, opportunities, initiatives with a sponsor, and owners."""
    rows = rows_of(request)
    units = BusinessUnit.objects.bulk_create(
        BusinessUnit(account=account, name=f"Unit {n}") for n in range(rows)
    )
    offerings = [
        OfferingFactory(
            name=f"Offering {n}",
            family=f"Family {n % 3}",
            is_new=n % 2 == 0,
            launch_date=datetime.date(2024, 1, 1),
        )
        for n in range(rows)
    ]
    statuses = ["ours", "open", "competitor", "pipeline", "unknown", "in_house"]
    WhitespaceCell.objects.bulk_create(
        WhitespaceCell(
            account=account,
            business_unit=unit,
            offering=offering,
            status=statuses[(i + j) % len(statuses)],
            competitor="ABB" if (i + j) % 6 == 2 else "",
            revenue=D(100 * i),
            potential=D(1000 * (i + 1)),
            renewal_date=datetime.date(2027, 1, 1),
            ours_since=datetime.date(2025, 1, 1) if (i + j) % 6 == 0 else None,
        )
        for i, unit in enumerate(units)
        for j, offering in enumerate(offerings)
    )
    FinancialPeriod.objects.bulk_create(
        FinancialPeriod(
            account=account,
            year=2000 + n // 4,
            quarter=n % 4 + 1,
            revenue=D(100 + n),
            target=D(110 + n),
            potential=D(1000),
        )
        for n in range(rows)
    )
    stages = ["qualify", "develop", "propose", "negotiate", "won", "lost"]
    for n in range(rows):
        owner = PersonFactory(full_name=f"Owner {n}")
        TeamMembershipFactory(account=account, person=owner)
        stage = stages[n % len(stages)]
        OpportunityFactory(
            account=account,
            offering=offerings[n],
            business_unit=units[n],
            owner=owner,
            stage=stage,
            probability={"won": 100, "lost": 0}.get(stage, 40),
        )
        ValueInitiativeFactory(
            account=account,
            offering=offerings[n],
            sponsor=StakeholderFactory(account=account, name=f"Sponsor {n}", level=1),
        )
    derived.summary_refresh(account_ids=[account.pk])
    derived.adoption_refresh()
    return account


def url(name: str, *args: Any) -> str:
    return reverse(f"growth:{name}", args=args)


# --- an account's growth ----------------------------------------------------------------

# session, user, account,
# plan        SELECT the account's growth plan
# financials  SELECT its financial periods
# pipeline    SELECT opportunities grouped by stage (count, value, Σ value × probability)
# market      SELECT the sum of the whitespace cells' potential and revenue
# offerings   SELECT the new offerings
# adoptions   SELECT the account's stored adoptions of them
ACCOUNT_GROWTH_QUERIES = 9
# The summary on the account page: the same without the new offerings.
ACCOUNT_SUMMARY_QUERIES = 7


@pytest.mark.parametrize("rows", ROWS)
def test_account_growth_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(ACCOUNT_GROWTH_QUERIES):
        response = as_member.get(url("account", grown.pk))
    assert len(response.context["summary"].rows) == rows
    assert len(response.context["adoptions"]) == (rows + 1) // 2


@pytest.mark.parametrize("rows", ROWS)
def test_account_summary_partial_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(ACCOUNT_SUMMARY_QUERIES):
        response = as_member.get(url("account-summary", grown.pk), headers=HTMX)
    assert response.context["summary"].pipeline.open_count > 0


# --- the whitespace ---------------------------------------------------------------------

# session, user, account,
# units       SELECT the account's business units
# offerings   SELECT the offerings
# cells       SELECT the account's stored cells
# pipeline    SELECT opportunities grouped by stage
WHITESPACE_QUERIES = 7
WHITESPACE_PARTIAL_QUERIES = 7  # the same queries for the #matrix partial


@pytest.mark.parametrize("rows", ROWS)
def test_whitespace_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(WHITESPACE_QUERIES):
        response = as_member.get(url("whitespace", grown.pk))
    assert response.context["matrix"].size == rows * rows


@pytest.mark.parametrize("rows", ROWS)
def test_whitespace_partial_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(WHITESPACE_PARTIAL_QUERIES):
        response = as_member.get(url("whitespace", grown.pk), headers=HTMX)
    assert response.context["matrix"].size == rows * rows


# session, user, account, can edit,
# unit, offering, cell   SELECT the unit (of this account), the offering and their cell
CELL_POPOVER_QUERIES = 7


@pytest.mark.parametrize("rows", ROWS)
def test_cell_popover_queries(rows, grown, as_member, django_assert_num_queries):
    unit = BusinessUnit.objects.filter(account=grown).first()
    offering = WhitespaceCell.objects.filter(business_unit=unit).first().offering
    with django_assert_num_queries(CELL_POPOVER_QUERIES):
        response = as_member.get(url("cell-edit", grown.pk, unit.pk, offering.pk), headers=HTMX)
    assert response.status_code == 200


# A save is a write, outside the Q15 bar, but its count does not grow with the rows either:
# session, user, account, can edit, unit, offering, cell,
# SAVEPOINT
#   cell             SELECT … FOR UPDATE the cell
#   foreign keys     SELECT 1 of the account, the unit and the offering (full_clean)
#   UPDATE the cell
#   summary          SELECT financials, pipeline by account, market by account;
#                    DELETE and INSERT the account's growth row
#   adoption         SELECT won opportunities, adopted initiatives and cells beyond open for
#                    the (account, offering); the offering's launch; DELETE, INSERT
# RELEASE
# then the matrix: units, offerings, cells, pipeline
# history: SELECT the cell's stored values before its UPDATE, INSERT its entry
CELL_SAVE_QUERIES = 31


@pytest.mark.parametrize("rows", ROWS)
def test_cell_save_queries(rows, grown, as_member, django_assert_num_queries):
    unit = BusinessUnit.objects.filter(account=grown).first()
    offering = WhitespaceCell.objects.filter(business_unit=unit).first().offering
    with django_assert_num_queries(CELL_SAVE_QUERIES):
        response = as_member.post(
            url("cell-edit", grown.pk, unit.pk, offering.pk),
            {"status": "competitor", "competitor": "ABB", "potential": "5", "currency": "PLN"},
            headers=HTMX,
        )
    assert response.status_code == 200
    assert "ABB" in response.content.decode()


# --- opportunities and initiatives --------------------------------------------------------

# session, user, account,
# count      SELECT COUNT(*) of the open opportunities (the paginator)
# pipeline   SELECT opportunities grouped by stage (the figures, the chart and its table)
# page       SELECT the page with offering, business unit and owner
OPPORTUNITIES_QUERIES = 6
OPPORTUNITIES_PARTIAL_QUERIES = 6  # the partial shows the same figures' export links


@pytest.mark.parametrize("rows", ROWS)
def test_opportunities_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(OPPORTUNITIES_QUERIES):
        response = as_member.get(url("opportunities", grown.pk), {"stage": "all"})
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_opportunities_partial_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(OPPORTUNITIES_PARTIAL_QUERIES):
        response = as_member.get(
            url("opportunities", grown.pk),
            {"stage": "all", "sort": "-value"},
            headers={**HTMX, "HX-Target": "opportunity-results"},
        )
    assert len(response.context["rows"]) == min(rows, 25)


# session, user, account, can edit,
# offerings, units, people   SELECT the form's choices (the people on the team)
OPPORTUNITY_FORM_QUERIES = 7


@pytest.mark.parametrize("rows", ROWS)
def test_opportunity_form_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(OPPORTUNITY_FORM_QUERIES):
        response = as_member.get(url("opportunity-create", grown.pk))
    assert response.status_code == 200


# session, user, account,
# count    SELECT COUNT(*) of the initiatives (the paginator)
# counts   SELECT initiatives grouped by status
# page     SELECT the page with sponsor and offering
INITIATIVES_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_initiatives_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(INITIATIVES_QUERIES):
        response = as_member.get(url("initiatives", grown.pk))
    assert len(response.context["rows"]) == min(rows, 25)


# session, user, account, can edit,
# sponsors, offerings   SELECT the form's choices
INITIATIVE_FORM_QUERIES = 6


@pytest.mark.parametrize("rows", ROWS)
def test_initiative_form_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(INITIATIVE_FORM_QUERIES):
        response = as_member.get(url("initiative-create", grown.pk))
    assert response.status_code == 200


# --- the portfolio pages ------------------------------------------------------------------


@pytest.fixture
def portfolio(member: Any, tier: Any, request: Any) -> None:
    """`rows` accounts on `member`'s teams with stored growth figures, each with its own lead,
    a new offering adopted on every other one; as many accounts `member` may not see."""
    rows = rows_of(request)
    new = OfferingFactory(name="Digital twin", is_new=True, launch_date=datetime.date(2025, 1, 1))
    for n in range(rows):
        account = AccountFactory(tier=tier, lead=PersonFactory())
        TeamMembershipFactory(account=account, person=member.person)
        FinancialPeriod.objects.create(
            account=account, year=2026, quarter=1, revenue=D(n), potential=D(1000)
        )
        if n % 2:
            OpportunityFactory(account=account, offering=new, stage="won", probability=100,
                               closed_on=datetime.date(2025, 2, 1))  # fmt: skip
        AccountFactory(tier=tier)
    derived.summary_refresh()
    derived.adoption_refresh()


# session, user,
# count     SELECT COUNT(*) of the visible accounts (the paginator)
# page      SELECT the page of accounts with tier, lead and the stored growth row
# tiers     SELECT accounts_tier (the tier filter's choices)
# leads     SELECT people who lead an account (the lead filter's choices)
PORTFOLIO_QUERIES = 6
PORTFOLIO_PARTIAL_QUERIES = 4  # without the filter form's choices


@pytest.mark.parametrize("rows", ROWS)
def test_growth_portfolio_queries(rows, portfolio, as_member, django_assert_num_queries):
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        response = as_member.get(url("portfolio"))
    assert len(response.context["rows"]) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_growth_portfolio_partial_queries(rows, portfolio, as_member, django_assert_num_queries):
    with django_assert_num_queries(PORTFOLIO_PARTIAL_QUERIES):
        response = as_member.get(
            url("portfolio"), {"sort": "-share"}, headers={**HTMX, "HX-Target": "growth-results"}
        )
    assert len(response.context["rows"]) == min(rows, 25)


# session, user,
# offerings  SELECT the new offerings
# accounts   SELECT COUNT(*) of the visible accounts
# adoption   SELECT the stored adoptions of visible accounts grouped by offering
ADOPTION_QUERIES = 5


@pytest.mark.parametrize("rows", ROWS)
def test_adoption_queries(rows, portfolio, as_member, django_assert_num_queries):
    with django_assert_num_queries(ADOPTION_QUERIES):
        response = as_member.get(url("adoption"))
    assert response.context["overview"].rows[0].adopted == rows // 2


# session, user,
# offering   SELECT the offering
# count      SELECT COUNT(*) of the visible accounts not offered it (the paginator)
# page       SELECT the page with tier and lead
ADOPTION_ACCOUNTS_QUERIES = 5


@pytest.mark.parametrize("rows", ROWS)
def test_adoption_accounts_queries(rows, portfolio, as_member, django_assert_num_queries):
    from hexad.growth.models import Offering

    offering = Offering.objects.get(name="Digital twin")
    with django_assert_num_queries(ADOPTION_ACCOUNTS_QUERIES):
        response = as_member.get(url("adoption-offering", offering.pk))
    assert len(response.context["rows"]) == min(rows - rows // 2, 25)


# session, user,
# offerings  SELECT the catalogue
OFFERINGS_QUERIES = 3


@pytest.mark.parametrize("rows", ROWS)
def test_offerings_queries(rows, grown, as_member, django_assert_num_queries):
    with django_assert_num_queries(OFFERINGS_QUERIES):
        response = as_member.get(url("offerings"))
    assert len(response.context["rows"]) == rows


# --- the Q15 bar: at most 12 queries for a page or partial ------------------------------------


@pytest.mark.parametrize(
    ("page", "count"),
    [
        ("account growth", ACCOUNT_GROWTH_QUERIES),
        ("account summary", ACCOUNT_SUMMARY_QUERIES),
        ("whitespace", WHITESPACE_QUERIES),
        ("whitespace partial", WHITESPACE_PARTIAL_QUERIES),
        ("cell popover", CELL_POPOVER_QUERIES),
        ("opportunities", OPPORTUNITIES_QUERIES),
        ("opportunities partial", OPPORTUNITIES_PARTIAL_QUERIES),
        ("opportunity form", OPPORTUNITY_FORM_QUERIES),
        ("initiatives", INITIATIVES_QUERIES),
        ("initiative form", INITIATIVE_FORM_QUERIES),
        ("growth portfolio", PORTFOLIO_QUERIES),
        ("growth portfolio partial", PORTFOLIO_PARTIAL_QUERIES),
        ("adoption", ADOPTION_QUERIES),
        ("adoption accounts", ADOPTION_ACCOUNTS_QUERIES),
        ("offerings", OFFERINGS_QUERIES),
    ],
)
def test_pages_stay_within_twelve_queries(page: str, count: int) -> None:
    assert count <= 12, f"{page} runs {count} queries; QUALITY.md Q15 allows 12"
