import datetime

import factory

from hexad.accounts.models import (
    Account,
    BusinessUnit,
    Degree,
    Industry,
    RoleAssignment,
    TeamMembership,
    Tier,
)
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test tier {n}")
    rank = 5
    minimum_coverage = 60


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Account {n:04d}")
    tier = factory.SubFactory(TierFactory)
    industry = Industry.MANUFACTURING
    country = "PL"
    currency = "PLN"
    lead = None


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Business unit {n}")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    account = factory.SubFactory(AccountFactory)
    person = factory.SubFactory(PersonFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    end_date = None
    allocation = 20


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    membership = factory.SubFactory(TeamMembershipFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(key="results-driver"))
    degree = Degree.LEAD
