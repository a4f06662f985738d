import factory

from hexad.accounts.tests.factories import AccountFactory
from hexad.people.tests.factories import PersonFactory
from hexad.staffing.models import Conflict


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    person = factory.SubFactory(PersonFactory)
    account = factory.SubFactory(AccountFactory)
    note = "Former employee of the client"
