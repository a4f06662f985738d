"""Reads of accounts and teams: who sees what, and the figures shown, worked out by hand.

Roles are the six of the catalogue, in its order: Results Driver (RD), Relationship
Manager (RM), Innovator (IN), Collaborator (CO), Technical Expert (TE), Project Manager
(PM). The seeded tiers require: Tier 1 all six, Tier 2 RD RM TE PM, Tier 3 RD RM.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from hexad.accounts import selectors
from hexad.accounts.models import Account, Tier
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.core.exceptions import AccessDenied
from hexad.people.models import AccessLevel
from hexad.people.selectors import people_list, people_load, person_teams
from hexad.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

KEYS = {
    "RD": "results-driver",
    "RM": "relationship-manager",
    "IN": "innovator",
    "CO": "collaborator",
    "TE": "technical-expert",
    "PM": "project-manager",
}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def role(short: str) -> Role:
    return Role.objects.get(key=KEYS[short])


def tier(rank: int) -> Tier:
    return Tier.objects.get(rank=rank)


def shorts(roles: list[Role]) -> list[str]:
    by_key = {key: short for short, key in KEYS.items()}
    return [by_key[r.key] for r in roles]


def names(accounts: Any) -> list[str]:
    return sorted(account.name for account in accounts)


# --- accounts_visible_to --------------------------------------------------------------------


@pytest.fixture
def portfolio(member: Any) -> SimpleNamespace:
    """Five accounts and `member`'s ties to each.

    on_team   member is on the team today
    led       member's person leads it, without being on the team
    left      member was on the team until yesterday
    planned   member joins the team tomorrow
    unrelated nobody we know
    """
    person = member.person
    on_team = AccountFactory(name="On team")
    TeamMembershipFactory(account=on_team, person=person, start_date=day(-30))
    led = AccountFactory(name="Led", lead=person)
    left = AccountFactory(name="Left")
    TeamMembershipFactory(account=left, person=person, start_date=day(-90), end_date=day(-1))
    planned = AccountFactory(name="Planned")
    TeamMembershipFactory(account=planned, person=person, start_date=day(1))
    unrelated = AccountFactory(name="Unrelated")
    TeamMembershipFactory(account=unrelated)
    return SimpleNamespace(
        on_team=on_team, led=led, left=left, planned=planned, unrelated=unrelated
    )


ALL_FIVE = ["Led", "Left", "On team", "Planned", "Unrelated"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_user", ALL_FIVE),
        ("leader", ALL_FIVE),
        ("viewer", ALL_FIVE),
        ("member", ["Led", "On team"]),
        ("outsider", []),
    ],
)
def test_accounts_visible_to_each_persona(
    persona: str, expected: list[str], portfolio: SimpleNamespace, request: Any
) -> None:
    user = request.getfixturevalue(persona)
    assert names(selectors.accounts_visible_to(user)) == expected


@pytest.mark.parametrize("persona", ["admin_user", "leader", "viewer", "member", "outsider"])
def test_one_account_is_visible_exactly_when_it_is_in_the_visible_list(
    persona: str, portfolio: SimpleNamespace, request: Any
) -> None:
    """`account_visible` (one account, by its own query) agrees with `accounts_visible_to`."""
    user = request.getfixturevalue(persona)
    listed = set(selectors.accounts_visible_to(user).values_list("pk", flat=True))
    for account in vars(portfolio).values():
        assert selectors.account_visible(user, account.pk).exists() == (account.pk in listed)


def test_an_ended_or_planned_membership_gives_no_access(
    member: Any, portfolio: SimpleNamespace
) -> None:
    visible = selectors.accounts_visible_to(member)
    assert portfolio.left not in visible
    assert portfolio.planned not in visible
    # …and the account's pages answer 404, as for an account they never were on.
    with pytest.raises(Http404):
        selectors.account_get(user=member, pk=portfolio.left.pk)


def test_anonymous_users_and_users_without_a_person_see_nothing(
    portfolio: SimpleNamespace,
) -> None:
    assert names(selectors.accounts_visible_to(AnonymousUser())) == []
    nobody = UserFactory(username="nobody", access_level=AccessLevel.MEMBER)
    assert names(selectors.accounts_visible_to(nobody)) == []
    for account in vars(portfolio).values():
        assert not selectors.account_visible(AnonymousUser(), account.pk).exists()
        assert not selectors.account_visible(nobody, account.pk).exists()


def test_a_superuser_sees_everything_whatever_their_access_level(
    portfolio: SimpleNamespace,
) -> None:
    root = UserFactory(username="root", access_level=AccessLevel.MEMBER, is_superuser=True)
    assert names(selectors.accounts_visible_to(root)) == ALL_FIVE


def test_being_on_the_team_and_leading_it_lists_the_account_once(member: Any) -> None:
    both = AccountFactory(name="Both", lead=member.person)
    TeamMembershipFactory(account=both, person=member.person)
    TeamMembershipFactory(
        account=both, person=member.person, start_date=day(-400), end_date=day(-300)
    )

    assert list(selectors.accounts_visible_to(member).values_list("name", flat=True)) == ["Both"]


def test_account_get_gives_404_to_those_who_may_not_see_and_403_to_those_who_may_not_edit(
    member: Any, viewer: Any, outsider: Any, portfolio: SimpleNamespace
) -> None:
    account = portfolio.on_team
    assert selectors.account_get(user=member, pk=account.pk, for_edit=True) == account
    assert selectors.account_get(user=viewer, pk=account.pk) == account
    with pytest.raises(AccessDenied):
        selectors.account_get(user=viewer, pk=account.pk, for_edit=True)
    with pytest.raises(Http404):
        selectors.account_get(user=outsider, pk=account.pk)
    with pytest.raises(Http404):
        selectors.account_get(user=member, pk=portfolio.unrelated.pk, for_edit=True)


@pytest.mark.parametrize(
    ("persona", "on_team", "unrelated"),
    [
        ("admin_user", True, True),
        ("leader", True, True),
        ("viewer", False, False),
        ("member", True, False),
        ("outsider", False, False),
    ],
)
def test_account_can_edit_each_persona(
    persona: str, on_team: bool, unrelated: bool, portfolio: SimpleNamespace, request: Any
) -> None:
    user = request.getfixturevalue(persona)
    assert selectors.account_can_edit(user=user, account=portfolio.on_team) is on_team
    assert selectors.account_can_edit(user=user, account=portfolio.unrelated) is unrelated


# --- portfolio_list -----------------------------------------------------------------------------


def test_portfolio_list_filters_by_name_or_exact_external_id_and_sorts(leader: Any) -> None:
    AccountFactory(name="Beta", tier=tier(2), external_id="CRM-7")
    AccountFactory(name="Alpha", tier=tier(3))
    AccountFactory(name="Alphabet", tier=tier(1))

    def listed(**filters: Any) -> list[str]:
        chosen = selectors.PortfolioFilters(**filters)
        return [a.name for a in selectors.portfolio_list(user=leader, filters=chosen)]

    assert listed() == ["Alpha", "Alphabet", "Beta"]
    assert listed(query="alpha") == ["Alpha", "Alphabet"]
    assert listed(query="crm-7") == ["Beta"]
    assert listed(query="CRM") == []  # the external id must match whole
    assert listed(sort="-name") == ["Beta", "Alphabet", "Alpha"]
    assert listed(sort="tier") == ["Alphabet", "Beta", "Alpha"]
    assert listed(tier=tier(2).pk) == ["Beta"]
    assert listed(sort="no-such-sort") == ["Alpha", "Alphabet", "Beta"]


def test_portfolio_list_is_scoped_to_the_user(member: Any, portfolio: SimpleNamespace) -> None:
    chosen = selectors.PortfolioFilters(query="e")  # every name but "On team" has an e
    assert [a.name for a in selectors.portfolio_list(user=member, filters=chosen)] == [
        "Led",
        "On team",
    ]


# --- portfolio_team_summaries -----------------------------------------------------------------


@pytest.fixture
def teams() -> SimpleNamespace:
    """Three accounts with hand-counted teams.

    X (Tier 2, needs RD RM TE PM)
      Anna    today      RD lead, RM contributing
      Bartek  today      RD contributing
      Cezary  today      no role
      Dorota  day -60..-1  TE lead        (left yesterday)
      Ewa     from day +7  PM lead        (planned)
    Y (Tier 3, needs RD RM): nobody
    Z (Tier 1, needs all six): Gosia plays all six
    """
    x = AccountFactory(name="X", tier=tier(2))
    y = AccountFactory(name="Y", tier=tier(3))
    z = AccountFactory(name="Z", tier=tier(1))

    def member_of(account: Account, name: str, start: int = -30, end: int | None = None) -> Any:
        return TeamMembershipFactory(
            account=account,
            person=PersonFactory(full_name=name),
            start_date=day(start),
            end_date=None if end is None else day(end),
        )

    anna = member_of(x, "Anna")
    RoleAssignmentFactory(membership=anna, role=role("RM"), degree="contributing")
    RoleAssignmentFactory(membership=anna, role=role("RD"), degree="lead")
    bartek = member_of(x, "Bartek")
    RoleAssignmentFactory(membership=bartek, role=role("RD"), degree="contributing")
    cezary = member_of(x, "Cezary")
    dorota = member_of(x, "Dorota", start=-60, end=-1)
    RoleAssignmentFactory(membership=dorota, role=role("TE"), degree="lead")
    ewa = member_of(x, "Ewa", start=7)
    RoleAssignmentFactory(membership=ewa, role=role("PM"), degree="lead")
    gosia = member_of(z, "Gosia")
    for short in KEYS:
        RoleAssignmentFactory(membership=gosia, role=role(short), degree="lead")
    return SimpleNamespace(
        x=x, y=y, z=z, anna=anna, bartek=bartek, cezary=cezary, dorota=dorota, ewa=ewa
    )


def test_portfolio_team_summaries_count_todays_team_and_the_required_roles_missing(
    teams: SimpleNamespace,
) -> None:
    roles = list(Role.objects.all())
    summaries = selectors.portfolio_team_summaries(
        accounts=[teams.x, teams.y, teams.z], roles=roles
    )

    x, y, z = summaries[teams.x.pk], summaries[teams.y.pk], summaries[teams.z.pk]
    assert x.team_size == 3  # Anna, Bartek, Cezary; not Dorota (left), not Ewa (planned)
    assert {r.key for r in roles if r.pk in x.roles_played} == {KEYS["RD"], KEYS["RM"]}
    assert shorts(x.required_missing) == ["TE", "PM"]
    assert (y.team_size, y.roles_played) == (0, set())
    assert shorts(y.required_missing) == ["RD", "RM"]
    assert (z.team_size, len(z.roles_played), z.required_missing) == (1, 6, [])


def test_portfolio_team_summaries_on_an_earlier_day(teams: SimpleNamespace) -> None:
    roles = list(Role.objects.all())
    summaries = selectors.portfolio_team_summaries(accounts=[teams.x], roles=roles, on=day(-3))

    x = summaries[teams.x.pk]
    assert x.team_size == 4  # Dorota was still on the team three days ago
    assert shorts(x.required_missing) == ["PM"]


def test_portfolio_team_summaries_of_no_accounts_is_empty() -> None:
    assert selectors.portfolio_team_summaries(accounts=[], roles=[]) == {}


# --- account_team: the team and the role panel ------------------------------------------------


def test_account_team_lists_todays_team_by_name_and_who_plays_each_role(
    teams: SimpleNamespace,
) -> None:
    team = selectors.account_team(account=teams.x)

    assert [m.person.full_name for m in team.active] == ["Anna", "Bartek", "Cezary"]
    panel = {shorts([entry.role])[0]: entry for entry in team.panel}
    assert list(panel) == ["RD", "RM", "IN", "CO", "TE", "PM"]
    assert [panel[s].required for s in panel] == [True, True, False, False, True, True]
    # RD: the lead first, then contributors.
    assert [(p.membership.person.full_name, p.is_lead) for p in panel["RD"].players] == [
        ("Anna", True),
        ("Bartek", False),
    ]
    assert (panel["RD"].is_played, panel["RD"].has_lead) == (True, True)
    assert (panel["RM"].is_played, panel["RM"].has_lead) == (True, False)
    # Dorota's TE ended with her membership; Ewa's PM starts with hers.
    assert panel["TE"].players == [] and panel["PM"].players == []
    assert team.roles_played == 2
    assert shorts(team.required_missing) == ["TE", "PM"]


def test_account_team_puts_a_contributing_player_after_a_later_lead(
    teams: SimpleNamespace,
) -> None:
    late_lead = TeamMembershipFactory(account=teams.x, person=PersonFactory(full_name="Adam"))
    RoleAssignmentFactory(membership=late_lead, role=role("RM"), degree="lead")

    team = selectors.account_team(account=teams.x)

    rm = next(entry for entry in team.panel if entry.role.key == KEYS["RM"])
    assert [p.membership.person.full_name for p in rm.players] == ["Adam", "Anna"]


def test_account_team_lists_former_members_apart(teams: SimpleNamespace) -> None:
    team = selectors.account_team(account=teams.x)

    assert "Dorota" in [m.person.full_name for m in team.past]


def test_account_team_does_not_call_a_planned_member_a_former_member(
    teams: SimpleNamespace,
) -> None:
    """BUG: `past` is "not active today", so Ewa, who joins in a week, is listed (and shown
    on the account page) among the former members."""
    team = selectors.account_team(account=teams.x)

    assert [m.person.full_name for m in team.past] == ["Dorota"]


def test_account_team_on_an_earlier_day(teams: SimpleNamespace) -> None:
    team = selectors.account_team(account=teams.x, on=day(-3))

    assert [m.person.full_name for m in team.active] == ["Anna", "Bartek", "Cezary", "Dorota"]
    assert shorts(team.required_missing) == ["PM"]


# --- people_load and person_teams -------------------------------------------------------------


def test_people_load_adds_up_todays_allocations_against_capacity(teams: SimpleNamespace) -> None:
    anna = teams.anna.person  # X 20 %
    TeamMembershipFactory(account=teams.z, person=anna, allocation=50)
    TeamMembershipFactory(
        account=teams.y, person=anna, allocation=40, start_date=day(-90), end_date=day(-1)
    )
    busy = PersonFactory(full_name="Bogna Busy", capacity=50)
    TeamMembershipFactory(account=teams.x, person=busy, allocation=40)
    TeamMembershipFactory(account=teams.y, person=busy, allocation=30)
    TeamMembershipFactory(account=teams.z, person=busy, allocation=10, start_date=day(3))
    idle = PersonFactory(full_name="Igor Idle", capacity=0)

    loads = people_load(people=[anna, busy, idle])

    a, b, i = loads[anna.pk], loads[busy.pk], loads[idle.pk]
    # Anna: 20 + 50 today (the Y spell ended yesterday) of 100.
    assert (a.accounts, a.allocation, a.capacity) == (2, 70, 100)
    assert (a.percent_of_capacity, a.meter_width, a.over_capacity) == (70, 70, False)
    # Bogna: 40 + 30 today (Z starts in three days) of 50: 140 %, the meter stops at 100.
    assert (b.accounts, b.allocation, b.capacity) == (2, 70, 50)
    assert (b.percent_of_capacity, b.meter_width, b.over_capacity) == (140, 100, True)
    # Igor: nothing of nothing.
    assert (i.accounts, i.allocation, i.percent_of_capacity, i.over_capacity) == (0, 0, 0, False)


def test_person_teams_shows_only_visible_accounts_and_counts_the_hidden_ones(
    teams: SimpleNamespace, member: Any
) -> None:
    anna = teams.anna.person
    TeamMembershipFactory(account=teams.z, person=anna, allocation=50)
    TeamMembershipFactory(account=teams.y, person=member.person)  # member sees Y only
    TeamMembershipFactory(
        account=teams.y, person=anna, allocation=10, start_date=day(-90), end_date=day(-10)
    )

    seen = person_teams(user=member, person=anna)

    assert seen.active == []
    assert [m.account.name for m in seen.past] == ["Y"]
    assert seen.hidden_active == 2  # X and Z
    assert (seen.load.accounts, seen.load.allocation) == (2, 70)


# --- lookups for forms ----------------------------------------------------------------------------


def test_account_leads_lists_each_lead_once_by_name() -> None:
    zofia, adam = PersonFactory(full_name="Zofia"), PersonFactory(full_name="Adam")
    AccountFactory(lead=zofia)
    AccountFactory(lead=zofia)
    AccountFactory(lead=adam)
    PersonFactory(full_name="Not a lead")

    assert [p.full_name for p in selectors.account_leads()] == ["Adam", "Zofia"]


def test_people_available_for_leaves_out_todays_team_and_inactive_people(
    teams: SimpleNamespace,
) -> None:
    PersonFactory(full_name="Inactive", is_active=False)
    PersonFactory(full_name="Free")

    available = [p.full_name for p in selectors.people_available_for(account=teams.x)]

    # Dorota left, so she may join again; Gosia is on another team only.
    for name in ("Dorota", "Free", "Gosia"):
        assert name in available
    for name in ("Anna", "Bartek", "Cezary", "Inactive"):
        assert name not in available


def test_people_list_searches_name_email_and_job_title_and_lists_inactive_last(
    leader: Any,
) -> None:
    sales = DepartmentFactory(name="Sales")
    PersonFactory(full_name="Zenon Active", job_title="Engineer", department=sales)
    PersonFactory(full_name="Adam Gone", is_active=False, job_title="Engineer")
    PersonFactory(full_name="Basia", email="basia@engineering.example")

    assert [p.full_name for p in people_list(user=leader, query="engineer")] == [
        "Basia",
        "Zenon Active",
        "Adam Gone",
    ]
    assert [p.full_name for p in people_list(user=leader, department=sales.pk)] == ["Zenon Active"]
