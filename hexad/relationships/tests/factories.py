import datetime

import factory

from hexad.accounts.tests.factories import AccountFactory
from hexad.people.tests.factories import PersonFactory
from hexad.relationships.models import (
    Attitude,
    ConcernStatus,
    Interaction,
    InteractionKind,
    Relationship,
    RelationshipLevel,
    Severity,
    Stakeholder,
    StakeholderLevel,
    TechnicalConcern,
)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n:04d}")
    title = "Director"
    level = StakeholderLevel.MIDDLE
    attitude = Attitude.NEUTRAL
    influence = 3


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)
    current_level = RelationshipLevel.ACQUAINTED
    desired_level = RelationshipLevel.WORKING


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    occurred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    kind = InteractionKind.MEETING
    notes = ""

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.people.add(*extracted)

    @factory.post_generation
    def stakeholders(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.stakeholders.add(*extracted)


class TechnicalConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalConcern

    account = factory.SubFactory(AccountFactory)
    raised_by = factory.SubFactory(StakeholderFactory, account=factory.SelfAttribute("..account"))
    topic = factory.Sequence(lambda n: f"Concern {n}")
    severity = Severity.MEDIUM
    status = ConcernStatus.OPEN
