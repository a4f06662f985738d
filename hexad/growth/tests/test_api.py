"""The growth API: offerings, financials, the growth ambition, whitespace cells,
opportunities and value initiatives (docs/api.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import BusinessUnitFactory
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.api.tests.test_query_counts import ROWS, measure
from hexad.growth.models import AccountGrowth, AccountGrowthPlan, Offering, WhitespaceCell
from hexad.growth.tests.factories import (
    FinancialPeriodFactory,
    OfferingFactory,
    OpportunityFactory,
    ValueInitiativeFactory,
    WhitespaceCellFactory,
)
from hexad.people.tests.factories import PersonFactory
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def url(account: Account, rest: str) -> str:
    return f"/accounts/{account.pk}{rest}"


def test_only_administrators_write_offerings(admin_user: Any, leader: Any) -> None:
    body = {"name": "Edge AI", "family": "Data", "is_new": True}

    refused = ApiClient(leader).post("/offerings", body)
    created = ApiClient(admin_user).post("/offerings", body)
    again = ApiClient(admin_user).post("/offerings", {**body, "name": "edge ai"})

    assert refused.status_code == 403
    assert created.status_code == 201
    assert "already exists" in errors_at(again)[("body", "name")]


def test_an_offering_in_use_is_not_removed(admin_user: Any, account: Account) -> None:
    offering = OfferingFactory()
    OpportunityFactory(account=account, offering=offering)

    response = ApiClient(admin_user).delete(f"/offerings/{offering.pk}")

    assert "cannot be removed" in errors_at(response)[("body",)]
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_financials_refresh_the_growth_summary(member: Any, account: Account) -> None:
    response = ApiClient(member).post(
        url(account, "/financials"),
        {"year": 2025, "quarter": None, "revenue": "300.50", "potential": 1000},
    )

    assert response.status_code == 201, response.content
    assert response.json()["revenue"] in ("300.50", 300.5)
    assert AccountGrowth.objects.get(account=account).revenue == Decimal("300.50")


def test_a_period_stored_twice_is_a_422(member: Any, account: Account) -> None:
    FinancialPeriodFactory(account=account, year=2025, quarter=1)

    response = ApiClient(member).post(
        url(account, "/financials"), {"year": 2025, "quarter": 1, "revenue": 5}
    )

    assert ("body", "quarter") in errors_at(response)


def test_amounts_in_another_currency_are_refused(member: Any, account: Account) -> None:
    other = "EUR" if account.currency != "EUR" else "PLN"

    response = ApiClient(member).post(
        url(account, "/financials"), {"year": 2024, "revenue": 5, "currency": other}
    )

    assert ("body", "currency") in errors_at(response)


def test_a_won_opportunity_makes_its_cell_ours(member: Any, account: Account) -> None:
    unit = BusinessUnitFactory(account=account)
    offering = OfferingFactory()
    api = ApiClient(member)
    created = api.post(
        url(account, "/opportunities"),
        {
            "name": "Platform",
            "value": 1000,
            "expected_close": "2030-01-01",
            "business_unit": unit.pk,
            "offering": offering.pk,
        },
    )
    assert created.status_code == 201, created.content
    assert WhitespaceCell.objects.get(business_unit=unit, offering=offering).status == "pipeline"

    won = api.patch(url(account, f"/opportunities/{created.json()['id']}"), {"stage": "won"})

    assert (won.json()["probability"], won.json()["weighted_value"]) == (100, "1000.00")
    assert WhitespaceCell.objects.get(business_unit=unit, offering=offering).status == "ours"


def test_a_cell_posted_twice_is_replaced(member: Any, account: Account) -> None:
    unit = BusinessUnitFactory(account=account)
    offering = OfferingFactory()
    body = {"business_unit": unit.pk, "offering": offering.pk, "status": "open"}
    api = ApiClient(member)

    first = api.post(url(account, "/whitespace"), body)
    second = api.post(url(account, "/whitespace"), {**body, "status": "competitor"})

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


def test_a_business_unit_of_another_account_is_a_422(member: Any, account: Account) -> None:
    response = ApiClient(member).post(
        url(account, "/whitespace"),
        {"business_unit": BusinessUnitFactory().pk, "offering": OfferingFactory().pk},
    )

    assert ("body", "business_unit") in errors_at(response)


def test_a_sponsor_of_another_account_is_a_422(member: Any, account: Account) -> None:
    response = ApiClient(member).post(
        url(account, "/initiatives"), {"title": "Lab", "sponsor": StakeholderFactory().pk}
    )

    assert ("body", "sponsor") in errors_at(response)


def test_an_outsider_sees_nothing(outsider: Any, account: Account) -> None:
    opportunity = OpportunityFactory(account=account)
    api = ApiClient(outsider)

    assert api.get(url(account, "/opportunities")).status_code == 404
    assert api.get(url(account, f"/opportunities/{opportunity.pk}")).status_code == 404
    assert api.delete(url(account, f"/opportunities/{opportunity.pk}")).status_code == 404


# --- query counts (the lists; see hexad/api/tests/test_query_counts.py) ---------------------


@pytest.mark.parametrize("rows", ROWS)
def test_offering_list_queries(rows: int, member: Any) -> None:
    for _index in range(rows):
        OfferingFactory()
    # lock, token, COUNT of the offerings, the page
    count, body = measure(ApiClient(member), "/offerings")
    assert (count, body["count"]) == (4, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_financial_list_queries(rows: int, member: Any, account: Account) -> None:
    for index in range(rows):
        FinancialPeriodFactory(account=account, year=2000 + index, quarter=None)
    # lock, token, the account, COUNT of its periods, the page
    count, body = measure(ApiClient(member), url(account, "/financials"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_cell_list_queries(rows: int, member: Any, account: Account) -> None:
    unit = BusinessUnitFactory(account=account)
    for _index in range(rows):
        WhitespaceCellFactory(business_unit=unit)
    # lock, token, the account, COUNT of its cells, the page (unit and offering joined)
    count, body = measure(ApiClient(member), url(account, "/whitespace"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_opportunity_list_queries(rows: int, member: Any, account: Account) -> None:
    unit = BusinessUnitFactory(account=account)
    for _index in range(rows):
        OpportunityFactory(
            account=account, offering=OfferingFactory(), business_unit=unit, owner=PersonFactory()
        )
    # lock, token, the account, COUNT of the open ones, the page (offering, unit and
    # owner joined)
    count, body = measure(ApiClient(member), url(account, "/opportunities"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_initiative_list_queries(rows: int, member: Any, account: Account) -> None:
    for _index in range(rows):
        ValueInitiativeFactory(
            account=account, sponsor=StakeholderFactory(account=account), offering=OfferingFactory()
        )
    # lock, token, the account, COUNT of the initiatives, the page (sponsor and offering
    # joined)
    count, body = measure(ApiClient(member), url(account, "/initiatives"))
    assert (count, body["count"]) == (5, rows)


# --- the growth ambition (one per account) ---------------------------------------------------


def test_the_ambition_is_set_read_and_changed(member: Any, account: Account) -> None:
    FinancialPeriodFactory(account=account, year=2024, quarter=None, revenue=Decimal(1000))
    FinancialPeriodFactory(account=account, year=2025, quarter=None, revenue=Decimal(1500))
    api = ApiClient(member)
    path = url(account, "/ambition")

    before = api.get(path)
    unset = api.patch(path, {"ambition_multiple": 3})
    created = api.put(
        path, {"ambition_multiple": "2", "baseline_year": 2024, "ambition_year": None}
    )
    replaced = api.put(path, {"ambition_multiple": 3, "baseline_year": 2024, "ambition_year": 2028})
    patched = api.patch(path, {"ambition_year": None})
    read = api.get(path)

    assert (before.status_code, unset.status_code) == (404, 404)
    assert (created.status_code, replaced.status_code, patched.status_code) == (201, 200, 200)
    body = read.json()
    assert {key: body[key] for key in body if key != "updated_at"} == {
        "account": account.pk,
        "ambition_multiple": "3.0",
        "baseline_year": 2024,
        "ambition_year": None,
        "baseline_revenue": "1000.00",
        "target_revenue": "3000.00",
        "current_revenue": "1500.00",
        "progress": "0.2500",
    }
    assert AccountGrowthPlan.objects.get(account=account).ambition_multiple == Decimal(3)


def test_the_ambition_follows_the_rules_of_the_page(member: Any, account: Account) -> None:
    api = ApiClient(member)
    path = url(account, "/ambition")

    early = api.put(path, {"ambition_multiple": 2, "baseline_year": 2025, "ambition_year": 2025})
    small = api.put(path, {"ambition_multiple": 1, "baseline_year": 2025, "ambition_year": None})
    partial = api.put(path, {"ambition_multiple": 2})

    assert "after the baseline year" in errors_at(early)[("body", "ambition_year")]
    assert ("body", "ambition_multiple") in errors_at(small)
    assert {("body", "baseline_year"), ("body", "ambition_year")} <= set(errors_at(partial))
    assert not AccountGrowthPlan.objects.exists()


def test_the_ambition_without_figures_and_who_may_set_it(
    member: Any, viewer: Any, outsider: Any, account: Account
) -> None:
    body = {"ambition_multiple": 2, "baseline_year": 2024, "ambition_year": 2027}

    hidden = ApiClient(outsider).put(url(account, "/ambition"), body)
    refused = ApiClient(viewer).put(url(account, "/ambition"), body)
    created = ApiClient(member).put(url(account, "/ambition"), body)
    seen = ApiClient(viewer).get(url(account, "/ambition"))
    unseen = ApiClient(outsider).get(url(account, "/ambition"))

    assert (hidden.status_code, refused.status_code, created.status_code) == (404, 403, 201)
    assert (seen.status_code, unseen.status_code) == (200, 404)
    figures = ("baseline_revenue", "target_revenue", "current_revenue", "progress")
    assert [seen.json()[key] for key in figures] == [None, None, None, None]
    assert ApiClient(member).delete(url(account, "/ambition")).status_code == 405


LIST_QUERY_TESTS = {
    "offering_list": test_offering_list_queries,
    "financial_list": test_financial_list_queries,
    "cell_list": test_cell_list_queries,
    "opportunity_list": test_opportunity_list_queries,
    "initiative_list": test_initiative_list_queries,
}
