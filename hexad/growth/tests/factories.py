import datetime
from decimal import Decimal

import factory

from hexad.accounts.tests.factories import AccountFactory, BusinessUnitFactory
from hexad.growth.models import (
    FinancialPeriod,
    InitiativeStatus,
    Offering,
    Opportunity,
    OpportunityStage,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Offering {n:03d}")
    family = "Services"
    launch_date = datetime.date(2020, 1, 1)
    is_new = False


class FinancialPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialPeriod

    account = factory.SubFactory(AccountFactory)
    year = 2025
    quarter = 1
    revenue = Decimal("100000.00")
    target = Decimal("120000.00")
    potential = Decimal("400000.00")


class WhitespaceCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WhitespaceCell

    business_unit = factory.SubFactory(BusinessUnitFactory)
    account = factory.LazyAttribute(lambda cell: cell.business_unit.account)
    offering = factory.SubFactory(OfferingFactory)
    status = WhitespaceStatus.OPEN
    revenue = Decimal(0)
    potential = Decimal("50000.00")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Opportunity {n:04d}")
    value = Decimal("10000.00")
    stage = OpportunityStage.QUALIFY
    probability = 10
    created_on = factory.LazyFunction(datetime.date.today)
    expected_close = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(60))


class ValueInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueInitiative

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Initiative {n:04d}")
    status = InitiativeStatus.IDEA
    created_on = factory.LazyFunction(datetime.date.today)
