"""Reads of people: the directory, their teams and their load against capacity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from hexad.accounts.models import RoleAssignment, TeamMembership
from hexad.accounts.selectors import accounts_visible_to
from hexad.people.models import Person, User


@dataclass(frozen=True)
class PersonLoad:
    accounts: int
    allocation: int
    capacity: int

    @property
    def over_capacity(self) -> bool:
        return self.allocation > self.capacity

    @property
    def meter_width(self) -> int:
        return min(100, self.percent_of_capacity)

    @property
    def percent_of_capacity(self) -> int:
        return round(100 * self.allocation / self.capacity) if self.capacity else 0


def people_list(*, user: User, query: str = "", department: int | None = None) -> QuerySet[Person]:
    """Our people. Every signed-in user may see the directory; teams are scoped separately."""
    people = Person.objects.select_related("department")
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(job_title__icontains=query)
        )
    if department:
        people = people.filter(department_id=department)
    return people.order_by("-is_active", "full_name", "id")


def people_load(*, people: list[Person]) -> dict[int, PersonLoad]:
    """Active accounts and total allocation of each person, in one query."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        TeamMembership.objects.active()
        .filter(person_id__in=[p.pk for p in people])
        .values_list("person_id", "allocation")
    )
    for person_id, allocation in rows:
        totals[person_id][0] += 1
        totals[person_id][1] += allocation
    return {
        p.pk: PersonLoad(accounts=totals[p.pk][0], allocation=totals[p.pk][1], capacity=p.capacity)
        for p in people
    }


def person_get(*, user: User, pk: int) -> Person:
    person = Person.objects.select_related("department", "user").filter(pk=pk).first()
    if person is None or not user.is_authenticated:
        raise Http404("No such person.")
    return person


@dataclass(frozen=True)
class PersonTeams:
    active: list[TeamMembership]
    past: list[TeamMembership]
    hidden_active: int
    load: PersonLoad


def person_teams(*, user: User, person: Person) -> PersonTeams:
    """The person's teams on accounts `user` may see, and their load across all accounts."""
    visible = accounts_visible_to(user).values("id")
    memberships = list(
        person.memberships.filter(account_id__in=visible)
        .select_related("account", "account__tier")
        .prefetch_related(
            Prefetch("assignments", queryset=RoleAssignment.objects.select_related("role"))
        )
        .order_by("account__name", "start_date")
    )
    load = people_load(people=[person])[person.pk]
    active = [m for m in memberships if m.is_active()]
    past = [m for m in memberships if not m.is_active()]
    return PersonTeams(
        active=active, past=past, hidden_active=load.accounts - len(active), load=load
    )
