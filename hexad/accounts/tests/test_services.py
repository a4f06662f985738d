"""Writes to accounts and teams, with figures worked out by hand on small teams.

Dates are fixed relative to `TODAY` (the real local date, because the services read it);
"day -90" means ninety days before today.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hexad.accounts import services
from hexad.accounts.models import Account, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.core.exceptions import StaleEdit
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages are compared in English, whatever an earlier test left active.
    with translation.override("en"):
        yield


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


@pytest.fixture
def acme(tier: Any) -> Account:
    return AccountFactory(name="Acme Polska", tier=tier)


@pytest.fixture
def anna() -> Any:
    return PersonFactory(full_name="Anna Nowak")


# --- membership_add: who may join, and when ---------------------------------------------------


def test_membership_add_puts_a_person_on_the_team_from_today(acme: Account, anna: Any) -> None:
    membership = services.membership_add(account=acme, person=anna, allocation=30)

    stored = TeamMembership.objects.get(pk=membership.pk)
    assert (stored.account, stored.person, stored.allocation) == (acme, anna, 30)
    assert (stored.start_date, stored.end_date) == (day(0), None)
    assert stored.assignments.count() == 0


def test_membership_add_gives_the_roles_asked_for_with_their_degrees(
    acme: Account, anna: Any
) -> None:
    membership = services.membership_add(
        account=acme,
        person=anna,
        allocation=50,
        roles=[(role("results-driver"), "lead"), (role("innovator"), "contributing")],
    )

    assert sorted(membership.assignments.values_list("role__key", "degree")) == [
        ("innovator", "contributing"),
        ("results-driver", "lead"),
    ]


def test_membership_add_refuses_someone_already_on_the_team(acme: Account, anna: Any) -> None:
    TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))

    with pytest.raises(ValidationError) as error:
        services.membership_add(account=acme, person=anna, allocation=10)

    assert messages_of(error) == {"person": ["Anna Nowak is already on this account's team."]}
    assert TeamMembership.objects.filter(person=anna).count() == 1


def test_membership_add_refuses_a_start_inside_an_earlier_spell_on_the_team(
    acme: Account, anna: Any
) -> None:
    # Day -90 to day -10 on the team; starting again on day -20 would overlap days -20..-10.
    TeamMembershipFactory(account=acme, person=anna, start_date=day(-90), end_date=day(-10))

    with pytest.raises(ValidationError, match="already on this account's team"):
        services.membership_add(account=acme, person=anna, allocation=10, start_date=day(-20))


def test_membership_add_refuses_an_open_start_before_a_planned_spell(
    acme: Account, anna: Any
) -> None:
    # Planned from day +30; an open-ended membership from today would cover it.
    TeamMembershipFactory(account=acme, person=anna, start_date=day(30))

    with pytest.raises(ValidationError, match="already on this account's team"):
        services.membership_add(account=acme, person=anna, allocation=10)


def test_membership_add_refuses_a_start_on_the_last_day_of_an_earlier_spell(
    acme: Account, anna: Any
) -> None:
    # The end date is a day on the team: ending today and starting today overlap.
    TeamMembershipFactory(account=acme, person=anna, start_date=day(-90), end_date=day(0))

    with pytest.raises(ValidationError, match="already on this account's team"):
        services.membership_add(account=acme, person=anna, allocation=10)


def test_membership_add_lets_someone_rejoin_the_day_after_they_left(
    acme: Account, anna: Any
) -> None:
    TeamMembershipFactory(account=acme, person=anna, start_date=day(-90), end_date=day(-1))

    services.membership_add(account=acme, person=anna, allocation=10)

    spells = TeamMembership.objects.filter(account=acme, person=anna).order_by("start_date")
    assert [(m.start_date, m.end_date) for m in spells] == [(day(-90), day(-1)), (day(0), None)]


def test_membership_add_is_not_blocked_by_another_account(acme: Account, anna: Any) -> None:
    TeamMembershipFactory(person=anna, start_date=day(-90))

    services.membership_add(account=acme, person=anna, allocation=10)

    assert TeamMembership.objects.filter(person=anna).count() == 2


def test_membership_add_refuses_an_inactive_person(acme: Account) -> None:
    gone = PersonFactory(full_name="Jan Odszedł", is_active=False)

    with pytest.raises(ValidationError) as error:
        services.membership_add(account=acme, person=gone, allocation=10)

    assert messages_of(error) == {
        "person": ["Jan Odszedł is no longer active and cannot join a team."]
    }
    assert not TeamMembership.objects.filter(person=gone).exists()


@pytest.mark.parametrize("allocation", [0, 101])
def test_membership_add_refuses_an_allocation_outside_1_to_100(
    acme: Account, anna: Any, allocation: int
) -> None:
    with pytest.raises(ValidationError) as error:
        services.membership_add(account=acme, person=anna, allocation=allocation)

    assert set(messages_of(error)) == {"allocation"}
    assert not TeamMembership.objects.exists()


def test_membership_add_stores_nothing_when_a_role_cannot_be_given(
    acme: Account, anna: Any
) -> None:
    with pytest.raises(ValidationError, match="Choose lead or contributing"):
        services.membership_add(
            account=acme, person=anna, allocation=10, roles=[(role("innovator"), "boss")]
        )

    assert not TeamMembership.objects.exists()
    assert not RoleAssignment.objects.exists()


# --- membership_update -------------------------------------------------------------------------


def test_membership_update_changes_allocation_dates_and_notes(acme: Account, anna: Any) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))

    services.membership_update(
        membership=membership,
        allocation=60,
        start_date=day(-60),
        end_date=day(30),
        notes="Covers the tender",
    )

    membership.refresh_from_db()
    assert (membership.allocation, membership.start_date, membership.end_date) == (
        60,
        day(-60),
        day(30),
    )
    assert membership.notes == "Covers the tender"


def test_membership_update_refuses_an_end_before_the_start(acme: Account, anna: Any) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))

    with pytest.raises(ValidationError) as error:
        services.membership_update(
            membership=membership, allocation=20, start_date=day(-90), end_date=day(-91)
        )

    assert messages_of(error) == {"end_date": ["The end date cannot be before the start date."]}
    membership.refresh_from_db()
    assert membership.end_date is None


def test_membership_update_refuses_to_overlap_another_spell(acme: Account, anna: Any) -> None:
    TeamMembershipFactory(account=acme, person=anna, start_date=day(-200), end_date=day(-100))
    later = TeamMembershipFactory(account=acme, person=anna, start_date=day(-50))

    # Moving the later spell's start to day -120 would overlap days -120..-100.
    with pytest.raises(ValidationError) as error:
        services.membership_update(
            membership=later, allocation=20, start_date=day(-120), end_date=None
        )

    assert messages_of(error) == {
        "start_date": ["Anna Nowak is already on this team for part of that period."]
    }
    later.refresh_from_db()
    assert later.start_date == day(-50)


# --- membership_end: history kept, or a spell that never happened removed -----------------------


def test_membership_end_keeps_history_with_yesterday_as_the_last_day(
    acme: Account, anna: Any
) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))
    RoleAssignmentFactory(membership=membership)

    kept = services.membership_end(membership=membership)

    assert kept is True
    membership.refresh_from_db()
    assert (membership.start_date, membership.end_date) == (day(-90), day(-1))
    assert membership.assignments.count() == 1  # the roles they played stay in the history
    assert not membership.is_active()


def test_membership_end_of_someone_who_joined_yesterday_keeps_one_day(
    acme: Account, anna: Any
) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(-1))

    assert services.membership_end(membership=membership) is True

    membership.refresh_from_db()
    assert (membership.start_date, membership.end_date) == (day(-1), day(-1))


def test_membership_end_deletes_a_membership_that_started_today(acme: Account, anna: Any) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(0))
    RoleAssignmentFactory(membership=membership)

    assert services.membership_end(membership=membership) is False

    assert not TeamMembership.objects.filter(person=anna).exists()
    assert not RoleAssignment.objects.exists()


def test_membership_end_deletes_a_planned_membership(acme: Account, anna: Any) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(14))

    assert services.membership_end(membership=membership) is False
    assert not TeamMembership.objects.exists()


def test_membership_end_on_a_given_day(acme: Account, anna: Any) -> None:
    membership = TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))

    services.membership_end(membership=membership, on=day(-30))

    membership.refresh_from_db()
    assert membership.end_date == day(-31)


def test_membership_end_leaves_the_history_of_an_ended_membership_alone(
    acme: Account, anna: Any
) -> None:
    """Ending a spell that ended a month ago is refused and must not stretch it to
    yesterday (the remove button's URL takes any membership of the account)."""
    membership = TeamMembershipFactory(
        account=acme, person=anna, start_date=day(-200), end_date=day(-30)
    )

    with pytest.raises(ValidationError) as refused:
        services.membership_end(membership=membership)

    assert refused.value.message_dict == {"person": [f"{anna} has already left this team."]}
    membership.refresh_from_db()
    assert membership.end_date == day(-30)


# --- assignment_add -----------------------------------------------------------------------------


@pytest.fixture
def anna_on_acme(acme: Account, anna: Any) -> TeamMembership:
    return TeamMembershipFactory(account=acme, person=anna, start_date=day(-90))


def test_assignment_add_gives_a_role(anna_on_acme: TeamMembership) -> None:
    given = services.assignment_add(
        membership=anna_on_acme, role=role("technical-expert"), degree="contributing"
    )

    assert RoleAssignment.objects.get(pk=given.pk).degree == "contributing"
    assert anna_on_acme.assignments.count() == 1


def test_assignment_add_changes_the_degree_of_a_role_already_played(
    anna_on_acme: TeamMembership,
) -> None:
    first = services.assignment_add(
        membership=anna_on_acme, role=role("innovator"), degree="contributing"
    )

    changed = services.assignment_add(
        membership=anna_on_acme, role=role("innovator"), degree="lead"
    )

    assert changed.pk == first.pk
    assert list(anna_on_acme.assignments.values_list("role__key", "degree")) == [
        ("innovator", "lead")
    ]


def test_assignment_add_refuses_the_same_role_with_the_same_degree(
    anna_on_acme: TeamMembership,
) -> None:
    services.assignment_add(membership=anna_on_acme, role=role("innovator"), degree="lead")

    with pytest.raises(ValidationError) as error:
        services.assignment_add(membership=anna_on_acme, role=role("innovator"), degree="lead")

    assert messages_of(error) == {"role": ["Anna Nowak already plays Innovator on this account."]}
    assert anna_on_acme.assignments.count() == 1


def test_assignment_add_refuses_an_unknown_degree(anna_on_acme: TeamMembership) -> None:
    with pytest.raises(ValidationError) as error:
        services.assignment_add(membership=anna_on_acme, role=role("innovator"), degree="boss")

    assert messages_of(error) == {"degree": ["Choose lead or contributing."]}
    assert not RoleAssignment.objects.exists()


def test_assignment_add_refuses_a_member_who_has_left(acme: Account, anna: Any) -> None:
    former = TeamMembershipFactory(account=acme, person=anna, start_date=day(-90), end_date=day(-1))

    with pytest.raises(ValidationError) as error:
        services.assignment_add(membership=former, role=role("innovator"), degree="lead")

    assert messages_of(error) == {
        "role": ["Anna Nowak has left the team; add them again to give them a role."]
    }
    assert not RoleAssignment.objects.exists()


def test_assignment_add_accepts_a_member_who_joins_later(acme: Account, anna: Any) -> None:
    planned = TeamMembershipFactory(account=acme, person=anna, start_date=day(7))

    services.assignment_add(membership=planned, role=role("collaborator"), degree="lead")

    assert planned.assignments.get().role.key == "collaborator"


def test_assignment_remove_deletes_only_that_assignment(anna_on_acme: TeamMembership) -> None:
    kept = RoleAssignmentFactory(membership=anna_on_acme, role=role("innovator"))
    removed = RoleAssignmentFactory(membership=anna_on_acme, role=role("collaborator"))

    services.assignment_remove(assignment=removed)

    assert list(RoleAssignment.objects.values_list("pk", flat=True)) == [kept.pk]


# --- accounts: create, update, optimistic locking, parent cycles --------------------------------


def test_account_create_validates_before_storing(tier: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.account_create(name="", tier=tier, currency="XYZ", industry="it")

    assert set(messages_of(error)) == {"name", "currency"}
    assert not Account.objects.exists()


def test_account_create_refuses_an_external_id_already_used(tier: Any) -> None:
    AccountFactory(external_id="CRM-1")

    with pytest.raises(ValidationError):
        services.account_create(name="Copy", tier=tier, external_id="CRM-1")

    assert Account.objects.count() == 1


def test_account_update_counts_versions(acme: Account) -> None:
    services.account_update(account=acme, expected_version=1, name="Acme Polska SA")
    services.account_update(account=acme, expected_version=2, currency="EUR")

    acme.refresh_from_db()
    assert (acme.name, acme.currency, acme.version) == ("Acme Polska SA", "EUR", 3)


def test_a_stale_edit_raises_and_overwrites_nothing(acme: Account) -> None:
    # Two people open the edit page at version 1; the first one saves.
    theirs = Account.objects.get(pk=acme.pk)
    mine = Account.objects.get(pk=acme.pk)
    services.account_update(account=theirs, expected_version=1, name="Acme (theirs)")

    with pytest.raises(StaleEdit, match="Someone else changed this account"):
        services.account_update(account=mine, expected_version=1, name="Acme (mine)")

    acme.refresh_from_db()
    assert (acme.name, acme.version) == ("Acme (theirs)", 2)


def test_account_update_refuses_a_parent_cycle(acme: Account, tier: Any) -> None:
    child = AccountFactory(name="Acme Czechia", tier=tier, parent=acme)

    with pytest.raises(ValidationError) as error:
        services.account_update(account=acme, parent=child)

    assert messages_of(error) == {
        "parent": ["An account cannot be its own parent, even indirectly."]
    }
    acme.refresh_from_db()
    assert (acme.parent_id, acme.version) == (None, 1)


def test_account_update_refuses_a_cycle_three_accounts_long(acme: Account, tier: Any) -> None:
    child = AccountFactory(name="Child", tier=tier, parent=acme)
    grandchild = AccountFactory(name="Grandchild", tier=tier, parent=child)

    with pytest.raises(ValidationError, match="even indirectly"):
        services.account_update(account=acme, parent=grandchild)

    acme.refresh_from_db()
    assert acme.parent_id is None


def test_account_update_accepts_a_parent_that_closes_no_cycle(acme: Account, tier: Any) -> None:
    group = AccountFactory(name="Acme Group", tier=tier)

    services.account_update(account=acme, parent=group)

    acme.refresh_from_db()
    assert acme.parent == group
