import datetime

import factory

from hexad.accounts.tests.factories import AccountFactory
from hexad.planning.models import (
    AccountPlan,
    Action,
    ActionStatus,
    Blocker,
    Objective,
    ResourceRequest,
    Review,
    ReviewKind,
    Risk,
)


def days(offset: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=offset)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountPlan

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")
    period_start = factory.LazyFunction(lambda: days(-60))
    period_end = factory.LazyFunction(lambda: days(300))


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    metric = "Revenue (kPLN)"
    baseline = 100
    target = 150
    due_date = factory.LazyFunction(lambda: days(200))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    account = factory.SelfAttribute("plan.account")
    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyFunction(lambda: days(10))
    status = ActionStatus.OPEN


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    kind = ReviewKind.CHECK_IN
    held_on = factory.LazyFunction(lambda: days(-7))

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.people.add(*extracted)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceRequest

    plan = factory.SubFactory(PlanFactory)
    description = "A bid manager"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    plan = factory.SubFactory(PlanFactory)
    description = "Budget freeze"


class BlockerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blocker

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Blocker {n}")
