"""The growth part of `hexad demo` (hexad.demo.growth): its shape, rules the services keep
(the whitespace follows the pipeline, derived rows in step) and determinism."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from hexad.accounts.models import Account, BusinessUnit
from hexad.demo.generator import demo_load
from hexad.demo.shape import SIZES
from hexad.growth import derived
from hexad.growth.models import (
    OPEN_STAGES,
    AccountGrowth,
    AccountGrowthPlan,
    FinancialPeriod,
    Offering,
    OfferingAdoption,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fingerprint() -> list[list[tuple]]:
    """What the growth step writes, by natural keys."""
    return [
        sorted(Offering.objects.values_list("name", "family", "launch_date", "is_new")),
        sorted(
            FinancialPeriod.objects.values_list(
                "account__external_id", "year", "quarter", "revenue", "target", "potential"
            ),
            key=repr,
        ),
        sorted(
            WhitespaceCell.objects.values_list(
                "business_unit__account__external_id", "business_unit__name", "offering__name",
                "status", "competitor", "revenue", "potential", "renewal_date", "ours_since",
            ),
            key=repr,
        ),
        sorted(
            Opportunity.objects.values_list(
                "account__external_id", "name", "value", "stage", "probability",
                "expected_close", "kind", "competitor", "owner__full_name", "created_on",
                "closed_on",
            ),
            key=repr,
        ),
        sorted(
            ValueInitiative.objects.values_list(
                "account__external_id", "title", "sponsor__name", "status", "expected_value",
                "offering__name", "created_on", "shared_on", "adopted_on",
            ),
            key=repr,
        ),
    ]  # fmt: skip


def test_the_small_demo_has_growth_data_that_follows_the_rules_and_repeats():
    small = SIZES["small"]
    with transaction.atomic():
        demo_load(size="small", seed=11)
        first = fingerprint()
        transaction.set_rollback(True)
    demo_load(size="small", seed=11)

    assert fingerprint() == first  # the same seed on the same day gives the same data

    anchor = max(datetime.date(2026, 1, 1), timezone.localdate())
    offerings = list(Offering.objects.all())
    assert len(offerings) == 20
    new = [o for o in offerings if o.is_new]
    assert len(new) == 5
    assert all(anchor - o.launch_date <= datetime.timedelta(days=730) for o in new)

    # Eight quarters with revenue and the current quarter with a target, per account.
    per_account = Counter(FinancialPeriod.objects.values_list("account_id", flat=True))
    assert set(per_account.values()) == {small.growth_quarters + 1}
    assert FinancialPeriod.objects.filter(revenue__isnull=True).count() == small.accounts
    assert not FinancialPeriod.objects.filter(revenue__gt=F("potential")).exists()

    # Every business unit × offering has a cell.
    assert WhitespaceCell.objects.count() == BusinessUnit.objects.count() * 20
    assert Opportunity.objects.count() == small.opportunities
    assert ValueInitiative.objects.exists()
    assert AccountGrowthPlan.objects.exists()

    # The whitespace follows the pipeline: an open opportunity's cell is in the pipeline
    # (or already ours); a won one's cell is ours.
    cells = {(c.business_unit_id, c.offering_id): c.status for c in WhitespaceCell.objects.all()}
    for unit, offering, stage in Opportunity.objects.values_list(
        "business_unit_id", "offering_id", "stage"
    ):
        if stage in OPEN_STAGES:
            assert cells[(unit, offering)] in ("pipeline", "ours")
        elif stage == "won":
            assert cells[(unit, offering)] == "ours"

    # Derived rows: one summary per account, adoption as the services would compute it.
    assert AccountGrowth.objects.count() == Account.objects.count()
    stored = sorted(
        OfferingAdoption.objects.values_list("account_id", "offering_id", "adopted_on", "lag_days")
    )
    derived.adoption_refresh()
    assert (
        sorted(
            OfferingAdoption.objects.values_list(
                "account_id", "offering_id", "adopted_on", "lag_days"
            )
        )
        == stored
    )
    adopted = OfferingAdoption.objects.filter(offering__is_new=True, adopted_on__isnull=False)
    assert adopted.exists()
    assert not adopted.filter(lag_days__lt=0).exists()
    units = BusinessUnit.objects.values("account_id").annotate(n=Count("id"))
    assert min(row["n"] for row in units) >= small.business_units[0]
