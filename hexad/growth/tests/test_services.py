"""Growth services: bad input is refused naming the field and stores nothing; the
whitespace follows the pipeline; the derived rows (summary, adoption) are hand-checked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hexad.accounts.tests.factories import AccountFactory, BusinessUnitFactory
from hexad.growth import services
from hexad.growth.models import (
    AccountGrowth,
    FinancialPeriod,
    OfferingAdoption,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)
from hexad.growth.tests.factories import OfferingFactory
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def unit(account: Any) -> Any:
    return BusinessUnitFactory(account=account, name="Zakład Gliwice")


@pytest.fixture
def offering() -> Any:
    return OfferingFactory(
        name="Predictive maintenance", is_new=True, launch_date=datetime.date(2025, 1, 1)
    )


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (FinancialPeriod, WhitespaceCell, Opportunity, ValueInitiative)
    )


def refused(call: Any, field: str, message: str | None = None) -> ValidationError:
    """The call raises a ValidationError on `field` (with `message`) and stores nothing."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call()
    errors = caught.value.message_dict
    assert field in errors, errors
    if message is not None:
        assert message in errors[field], errors
    assert counts() == before
    return caught.value


def opportunity(account: Any, **changes: Any) -> Opportunity:
    data: dict[str, Any] = {
        "account": account,
        "name": "Pilot",
        "value": D("80000"),
        "expected_close": days(60),
    }
    return services.opportunity_create(**{**data, **changes})


# --- financials ------------------------------------------------------------------------


def test_a_quarter_is_stored_and_the_summary_follows(account):
    services.financial_add(
        account=account,
        year=2026,
        quarter=1,
        revenue=D("250000"),
        target=D("300000"),
        potential=D("1000000"),
        currency="PLN",
    )

    summary = AccountGrowth.objects.get(account=account)
    assert (summary.period_label, summary.revenue, summary.untapped, summary.share) == (
        "2026 Q1",
        D("250000.00"),
        D("750000.00"),
        D("0.2500"),
    )


@pytest.mark.parametrize("field", ["revenue", "target", "potential"])
def test_negative_amounts_are_refused(account, field):
    amounts = {"revenue": D("1"), "target": D("1"), "potential": D("5"), field: D("-1")}
    refused(
        lambda: services.financial_add(account=account, year=2026, quarter=1, **amounts),
        field,
        "Enter an amount of 0 or more.",
    )


def test_an_empty_period_is_refused(account):
    refused(
        lambda: services.financial_add(
            account=account, year=2026, quarter=1, revenue=None, target=None, potential=None
        ),
        "revenue",
        "Enter at least one of revenue, target and potential.",
    )


def test_potential_below_revenue_is_refused(account):
    refused(
        lambda: services.financial_add(
            account=account, year=2026, quarter=1, revenue=D("10"), target=None, potential=D("9")
        ),
        "potential",
    )


@pytest.mark.parametrize(
    ("currency", "message"),
    [
        ("XYZ", "XYZ is not a currency Hexad knows; use an ISO code such as PLN or EUR."),
        ("EUR", "The amounts of Acme Polska are kept in PLN; enter them in PLN."),
    ],
)
def test_amounts_in_an_unknown_or_another_currency_are_refused(account, currency, message):
    refused(
        lambda: services.financial_add(
            account=account,
            year=2026,
            quarter=1,
            revenue=D("1"),
            target=None,
            potential=None,
            currency=currency,
        ),
        "currency",
        message,
    )


def test_a_period_twice_or_a_year_mixed_with_its_quarters_is_refused(account):
    def add(quarter: int | None) -> Any:
        return services.financial_add(
            account=account, year=2025, quarter=quarter, revenue=D("1"), target=None,
            potential=None,
        )  # fmt: skip

    add(2)
    taken = "2025 Q2 already has figures; change them in its row instead."
    refused(lambda: add(2), "quarter", taken)
    refused(lambda: add(None), "quarter")  # the year already has quarters
    services.financial_add(
        account=account, year=2024, quarter=None, revenue=D("1"), target=None, potential=None
    )
    refused(lambda: services.financial_add(
        account=account, year=2024, quarter=3, revenue=D("1"), target=None, potential=None
    ), "quarter")  # fmt: skip


def test_update_and_delete_keep_the_summary_in_step(account):
    period = services.financial_add(
        account=account, year=2026, quarter=2, revenue=D("100"), target=None, potential=D("400")
    )
    services.financial_update(financial=period, revenue=D("150"), target=None, potential=D("400"))
    assert AccountGrowth.objects.get(account=account).untapped == D("250.00")

    services.financial_delete(financial=period)
    assert AccountGrowth.objects.get(account=account).revenue is None


# --- whitespace -------------------------------------------------------------------------


def test_a_cell_is_stored_then_changed_and_remembers_when_it_became_ours(account, unit, offering):
    cell = services.cell_save(
        account=account,
        business_unit=unit,
        offering=offering,
        status="competitor",
        competitor="Siemens",
        potential=D("50000"),
    )
    assert (cell.status, cell.competitor, cell.ours_since) == ("competitor", "Siemens", None)

    cell = services.cell_save(
        account=account,
        business_unit=unit,
        offering=offering,
        status="ours",
        revenue=D("20000"),
        potential=D("50000"),
        on=datetime.date(2025, 3, 2),
    )
    assert cell.ours_since == datetime.date(2025, 3, 2)
    assert WhitespaceCell.objects.count() == 1
    adoption = OfferingAdoption.objects.get(account=account, offering=offering)
    assert (adoption.adopted_on, adoption.source, adoption.lag_days) == (
        datetime.date(2025, 3, 2),
        "whitespace",
        60,  # 1 January → 2 March 2025
    )
    summary = AccountGrowth.objects.get(account=account)
    assert (summary.market, summary.market_ours) == (D("50000.00"), D("20000.00"))


def test_a_business_unit_of_another_account_is_refused(account, offering):
    theirs = BusinessUnitFactory(account=AccountFactory(name="Other"))
    refused(
        lambda: services.cell_save(
            account=account, business_unit=theirs, offering=offering, status="open"
        ),
        "business_unit",
        "This business unit belongs to another account.",
    )
    refused(lambda: opportunity(account, business_unit=theirs), "business_unit")


def test_a_cell_with_more_revenue_than_potential_is_refused(account, unit, offering):
    refused(
        lambda: services.cell_save(
            account=account,
            business_unit=unit,
            offering=offering,
            status="ours",
            revenue=D("10"),
            potential=D("5"),
        ),
        "potential",
    )


# --- opportunities ----------------------------------------------------------------------


def test_a_new_opportunity_gets_its_stages_probability(account):
    assert opportunity(account, stage="propose").probability == 50
    assert opportunity(account, stage="qualify", probability=20).probability == 20


def test_won_is_certain_and_lost_is_nil_whatever_was_asked(account):
    """Decision: the stage decides. A won opportunity gets 100 % and a close date."""
    won = opportunity(account, stage="won", probability=60)
    assert (won.probability, won.closed_on) == (100, TODAY)
    lost = opportunity(account, stage="lost", probability=60)
    assert lost.probability == 0

    reopened = services.opportunity_update(opportunity=won, stage="negotiate", probability=70)
    assert (reopened.probability, reopened.closed_on) == (70, None)


def test_an_empty_probability_on_update_follows_the_stage_or_stays(account):
    deal = opportunity(account, stage="qualify", probability=20)
    assert services.opportunity_update(opportunity=deal, probability=None).probability == 20
    moved = services.opportunity_update(opportunity=deal, stage="negotiate", probability=None)
    assert moved.probability == 75


def test_a_probability_over_100_is_refused(account):
    refused(lambda: opportunity(account, probability=101), "probability",
            "Enter a probability from 0 to 100.")  # fmt: skip


def test_a_close_date_before_the_creation_date_is_refused(account):
    error = refused(
        lambda: opportunity(account, created_on=days(0), expected_close=days(-1)),
        "expected_close",
    )
    assert "cannot be before the day the opportunity was created" in str(error)


def test_a_negative_value_is_refused(account):
    refused(lambda: opportunity(account, value=D("-5")), "value")


def test_the_whitespace_follows_the_pipeline(account, unit, offering):
    services.cell_save(
        account=account, business_unit=unit, offering=offering, status="open",
        potential=D("100000"),
    )  # fmt: skip
    first = opportunity(account, business_unit=unit, offering=offering)
    cell = WhitespaceCell.objects.get(business_unit=unit, offering=offering)
    assert cell.status == "pipeline"  # an open opportunity puts the cell in the pipeline

    services.opportunity_update(opportunity=first, stage="lost", competitor="ABB")
    cell.refresh_from_db()
    assert (cell.status, cell.competitor) == ("competitor", "ABB")  # lost to ABB

    second = opportunity(account, business_unit=unit, offering=offering, name="Second try")
    cell.refresh_from_db()
    assert cell.status == "pipeline"
    services.opportunity_update(
        opportunity=second, stage="won", closed_on=datetime.date(2025, 4, 11)
    )
    cell.refresh_from_db()
    assert (cell.status, cell.ours_since) == ("ours", datetime.date(2025, 4, 11))
    adoption = OfferingAdoption.objects.get(account=account, offering=offering)
    assert (adoption.source, adoption.lag_days) == ("opportunity", 100)  # 1 Jan → 11 Apr


def test_an_opportunity_for_a_cell_never_stored_creates_it_in_the_pipeline(account, unit, offering):
    opportunity(account, business_unit=unit, offering=offering)
    cell = WhitespaceCell.objects.get(business_unit=unit, offering=offering)
    assert (cell.status, cell.account) == ("pipeline", account)


def test_an_ours_cell_stays_ours_with_an_upsell(account, unit, offering):
    services.cell_save(
        account=account, business_unit=unit, offering=offering, status="ours",
        revenue=D("1"), potential=D("2"),
    )  # fmt: skip
    opportunity(account, business_unit=unit, offering=offering, kind="upsell")
    assert WhitespaceCell.objects.get(business_unit=unit).status == "ours"


def test_weighted_pipeline_of_the_summary_by_hand(account):
    opportunity(account, value=D("80000"), stage="propose")  # 50 % → 40 000
    opportunity(account, value=D("10000"), stage="qualify", probability=15)  # 1 500
    opportunity(account, value=D("1234.57"), stage="develop", probability=33)  # 407.4081
    opportunity(account, value=D("99999"), stage="won")  # closed: not pipeline
    summary = AccountGrowth.objects.get(account=account)
    assert summary.open_opportunities == 3
    assert summary.pipeline == D("91234.57")
    assert summary.weighted_pipeline == D("41907.41")  # 40 000 + 1 500 + 407.41


# --- value initiatives ------------------------------------------------------------------


def test_dates_follow_the_status_and_adoption_counts(account, offering):
    idea = services.initiative_create(account=account, title="Joint roadmap", offering=offering)
    assert (idea.shared_on, idea.adopted_on) == (None, None)
    assert OfferingAdoption.objects.get(account=account, offering=offering).adopted_on is None

    adopted = services.initiative_update(initiative=idea, status="adopted")
    assert (adopted.shared_on, adopted.adopted_on) == (TODAY, TODAY)
    assert OfferingAdoption.objects.get(account=account, offering=offering).adopted_on == TODAY

    back = services.initiative_update(initiative=adopted, status="co_developing")
    assert back.adopted_on is None  # leaving "adopted" forgets the date
    assert OfferingAdoption.objects.get(account=account, offering=offering).adopted_on is None


def test_a_sponsor_of_another_account_is_refused(account):
    theirs = StakeholderFactory(account=AccountFactory(name="Elsewhere"))
    refused(
        lambda: services.initiative_create(account=account, title="x", sponsor=theirs),
        "sponsor",
        "Choose a stakeholder of this account.",
    )


def test_a_sponsor_of_the_account_is_kept(account):
    sponsor = StakeholderFactory(account=account, name="Celina Prezes", level=1)
    initiative = services.initiative_create(account=account, title="x", sponsor=sponsor)
    assert initiative.sponsor == sponsor


def test_shared_before_created_and_adopted_before_shared_are_refused(account):
    refused(
        lambda: services.initiative_create(
            account=account, title="x", status="shared", created_on=days(0), shared_on=days(-3)
        ),
        "shared_on",
    )
    refused(
        lambda: services.initiative_create(
            account=account, title="x", status="adopted", created_on=days(-30),
            shared_on=days(-10), adopted_on=days(-20),
        ),
        "adopted_on",
    )  # fmt: skip


def test_a_negative_expected_value_is_refused(account):
    refused(
        lambda: services.initiative_create(account=account, title="x", expected_value=D("-1")),
        "expected_value",
    )


# --- adoption: offered or not -------------------------------------------------------------


def test_an_offering_counts_as_offered_once_beyond_open_or_unknown(account, unit, offering):
    services.cell_save(account=account, business_unit=unit, offering=offering, status="open")
    assert not OfferingAdoption.objects.exists()  # open: not yet offered
    services.cell_save(account=account, business_unit=unit, offering=offering, status="competitor")
    adoption = OfferingAdoption.objects.get()
    assert (adoption.adopted_on, adoption.lag_days) == (None, None)  # offered, not adopted


def test_changing_the_launch_date_recomputes_the_lags(account, unit, offering):
    services.cell_save(
        account=account, business_unit=unit, offering=offering, status="ours",
        on=datetime.date(2025, 3, 2),
    )  # fmt: skip
    services.offering_update(offering=offering, launch_date=datetime.date(2025, 3, 1))
    assert OfferingAdoption.objects.get().lag_days == 1


def test_offering_names_are_unique_whatever_the_case(offering):
    with pytest.raises(ValidationError) as caught:
        services.offering_create(name="predictive MAINTENANCE", family="Digital")
    assert "name" in caught.value.message_dict


def test_the_ambition_is_set_then_changed(account):
    services.growth_plan_set(account=account, ambition_multiple=D("2"), baseline_year=2025)
    plan = services.growth_plan_set(
        account=account, ambition_multiple=D("3"), baseline_year=2025, ambition_year=2028
    )
    assert (plan.ambition_multiple, plan.ambition_year) == (D("3"), 2028)
    with pytest.raises(ValidationError) as caught:
        services.growth_plan_set(account=account, ambition_multiple=D("12"), baseline_year=2025)
    assert "ambition_multiple" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.growth_plan_set(
            account=account, ambition_multiple=D("2"), baseline_year=2025, ambition_year=2024
        )
    assert "ambition_year" in caught.value.message_dict


def test_summed_amounts_are_stored_to_the_cent(account) -> None:
    """SQLite adds decimals as floats; the stored sums are rounded to the cent, so a
    backup, an export or a restore finds the same value the pages show."""
    import random

    from django.db import connection

    from hexad.growth import derived
    from hexad.growth.models import AccountGrowth, WhitespaceCell
    from hexad.growth.tests.factories import OfferingFactory

    rng = random.Random(1)
    unit = BusinessUnitFactory(account=account)
    potentials = [Decimal(f"{rng.uniform(1e6, 9e6):.2f}") for _ in range(200)]
    WhitespaceCell.objects.bulk_create(
        WhitespaceCell(account=account, business_unit=unit, offering=OfferingFactory(),
                       potential=potential, revenue=Decimal(0))
        for potential in potentials
    )  # fmt: skip
    derived.summary_refresh(account_ids=[account.pk])

    table = AccountGrowth._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(market AS TEXT) FROM {table} WHERE account_id = %s",
            [account.pk],
        )
        stored = cursor.fetchone()[0]
    assert Decimal(stored) == sum(potentials)
