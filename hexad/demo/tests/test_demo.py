"""`hexad demo`: the small portfolio, its logins, determinism and refusing to mix data."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import AccountFactory, TierFactory
from hexad.core.management.commands.demo import SKIPPED
from hexad.coverage.models import AccountCoverage, RoleCoverageCell
from hexad.demo.generator import ACCOUNTS_EXIST, DEMO_PASSWORD, REFERENCE_DATE, demo_load
from hexad.demo.ratings import plan_ratings
from hexad.demo.shape import SIZES, DemoError, fit_total, split_by_shares
from hexad.demo.teams import Seat, cast_roles, plan_allocations
from hexad.people.models import AccessLevel, CompetencyRating, Department, Person, User
from hexad.people.tests.factories import UserFactory
from hexad.staffing.models import Conflict, RoleRestriction

SMALL = SIZES["small"]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> list[list[tuple]]:
    """Everything the demo writes, by natural keys (ids differ between loads)."""
    return [
        sorted(
            Person.objects.values_list(
                "full_name", "email", "job_title", "department__name", "capacity",
                "is_active", "external_id", "user__username",
            ),
            key=repr,
        ),
        sorted(
            Account.objects.values_list(
                "name", "tier__rank", "industry", "country", "currency", "lead__full_name",
                "parent__name", "external_id",
            ),
            key=repr,
        ),
        sorted(BusinessUnit.objects.values_list("account__name", "name"), key=repr),
        sorted(
            TeamMembership.objects.values_list(
                "account__name", "person__full_name", "start_date", "end_date", "allocation"
            ),
            key=repr,
        ),
        sorted(
            RoleAssignment.objects.values_list(
                "membership__account__name", "membership__person__full_name", "role__key",
                "degree",
            ),
            key=repr,
        ),
        sorted(
            CompetencyRating.objects.values_list(
                "person__full_name", "role__key", "source", "rating", "rated_on",
                "rated_by__username",
            ),
            key=repr,
        ),
        sorted(
            Conflict.objects.values_list("person__full_name", "account__name", "note"), key=repr
        ),
    ]  # fmt: skip


def wipe() -> None:
    RoleAssignment.objects.all().delete()
    TeamMembership.objects.all().delete()
    Account.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    Department.objects.all().delete()


@pytest.mark.django_db
def test_small_demo_has_the_small_shape():
    run_demo("--size", "small", "--seed", "7")

    assert Account.objects.count() == SMALL.accounts == 50
    assert Person.objects.count() == SMALL.people == 60
    assert TeamMembership.objects.count() == SMALL.memberships == 300
    assert RoleAssignment.objects.count() == SMALL.assignments == 750
    assert Department.objects.count() == 10
    assert 2 * 50 <= BusinessUnit.objects.count() <= 10 * 50
    # 20 % tier 1, 40 % tier 2, 40 % tier 3.
    assert Counter(Account.objects.values_list("tier__rank", flat=True)) == {1: 10, 2: 20, 3: 20}
    team_sizes = Account.objects.annotate(n=Count("memberships")).values_list("n", flat=True)
    assert min(team_sizes) >= 3
    assert max(team_sizes) <= 9
    assert Account.objects.filter(parent__isnull=False).exists()
    assert not Account.objects.filter(country="PL").exclude(currency="PLN").exists()
    assert not Account.objects.filter(country="GB").exclude(currency="GBP").exists()
    # Ratings exist for most roles people play, and coverage is stored for every account.
    assert 150 <= CompetencyRating.objects.count() <= 500
    assert AccountCoverage.objects.count() == 50
    statuses = set(RoleCoverageCell.objects.values_list("status", flat=True))
    assert statuses == {"missing", "weak", "covered"}
    # The team designer's exclusions: 1 % of 50 accounts, at least two, each with someone
    # active who is not on the team; Finance and Legal are kept out of a role each.
    assert Conflict.objects.count() == 2
    for conflict in Conflict.objects.select_related("person"):
        assert conflict.person.is_active and conflict.note
        assert not TeamMembership.objects.filter(
            account=conflict.account_id, person=conflict.person_id
        ).exists()
    assert set(RoleRestriction.objects.values_list("department__name", "role__key")) == {
        ("Finance", "results-driver"),
        ("Legal", "relationship-manager"),
    }


@pytest.mark.django_db
def test_every_lead_is_on_their_team_and_dates_are_in_the_past():
    demo_load(size="small", seed=3)
    today = datetime.date.today()
    active = TeamMembership.objects.active(today)

    assert active.filter(person=F("account__lead")).count() == 50
    assert not TeamMembership.objects.filter(start_date__gte=REFERENCE_DATE).exists()
    assert not TeamMembership.objects.filter(end_date__gte=REFERENCE_DATE).exists()
    ended = TeamMembership.objects.filter(end_date__isnull=False).count()
    assert 0 < ended < 300 * 0.25


@pytest.mark.django_db
def test_roles_are_played_on_most_accounts_with_gaps():
    demo_load(size="small", seed=5)
    active = TeamMembership.objects.active(datetime.date.today())
    pairs = RoleAssignment.objects.filter(membership__in=active).values_list(
        "role__key", "membership__account"
    )
    played = Counter(key for key, _account in set(pairs))

    assert played["relationship-manager"] == 50
    for key in ("results-driver", "technical-expert", "collaborator"):
        assert 30 <= played[key] < 50, key
    for key in ("innovator", "project-manager"):
        assert 25 <= played[key] <= 42, key
    experts = RoleAssignment.objects.filter(role__key="technical-expert")
    departments = set(experts.values_list("membership__person__department__name", flat=True))
    assert departments <= {"Engineering", "Product"}


@pytest.mark.django_db
def test_some_people_are_over_capacity():
    demo_load(size="small", seed=2026)
    load: Counter[int] = Counter()
    active = TeamMembership.objects.active(datetime.date.today())
    for person, allocation in active.values_list("person", "allocation"):
        load[person] += allocation
    capacity = dict(Person.objects.values_list("id", "capacity"))
    over = [person for person, total in load.items() if total > capacity[person]]

    assert 3 <= len(over) <= 8
    assert min(active.values_list("allocation", flat=True)) >= SMALL.min_allocation


@pytest.mark.django_db
def test_demo_logins_exist_and_can_sign_in(rf):
    output = run_demo("--size", "small")

    expected = {
        "admin": AccessLevel.ADMIN,
        "leader": AccessLevel.PROGRAMME_LEADER,
        "lead": AccessLevel.MEMBER,
        "member": AccessLevel.MEMBER,
        "viewer": AccessLevel.VIEWER,
    }
    for username, level in expected.items():
        user = User.objects.get(username=username)
        assert user.access_level == level
        assert user.person.full_name == f"{user.first_name} {user.last_name}"
        request = rf.post("/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD) == user
        assert username in output
    assert DEMO_PASSWORD in output
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    lead = Person.objects.get(user__username="lead")
    led = Account.objects.filter(lead=lead)
    assert led.count() == SMALL.lead_accounts
    assert set(lead.memberships.values_list("account", flat=True)) == set(
        led.values_list("id", flat=True)
    )
    member = Person.objects.get(user__username="member")
    assert member.memberships.count() == SMALL.member_teams
    assert not Person.objects.get(user__username="viewer").memberships.exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    demo_load(size="small", seed=11)
    first = fingerprint()
    wipe()
    demo_load(size="small", seed=11)
    again = fingerprint()
    wipe()
    demo_load(size="small", seed=12)
    other = fingerprint()

    assert again == first
    assert other[0] != first[0]
    assert other[1] != first[1]


@pytest.mark.django_db
def test_if_empty_does_nothing_the_second_time():
    run_demo("--size", "small", "--if-empty")
    rows = (Account.objects.count(), Person.objects.count(), User.objects.count())

    output = run_demo("--size", "small", "--if-empty")

    assert output.strip() == SKIPPED
    assert (Account.objects.count(), Person.objects.count(), User.objects.count()) == rows


@pytest.mark.django_db
def test_refuses_when_accounts_exist():
    AccountFactory(tier=TierFactory())

    with pytest.raises(CommandError, match=ACCOUNTS_EXIST):
        run_demo("--size", "small")
    assert Account.objects.count() == 1
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refuses_when_a_demo_username_is_taken():
    UserFactory(username="lead")

    with pytest.raises(CommandError, match="lead"):
        run_demo("--size", "small")
    assert not Account.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_quiet_prints_nothing():
    assert run_demo("--size", "small", "--quiet") == ""
    assert Account.objects.count() == 50


def test_fit_total_reaches_the_target_within_bounds():
    values = [3, 9, 5, 6]
    fit_total(values, [3] * 4, [9] * 4, 28, random.Random(1))

    assert sum(values) == 28
    assert all(3 <= value <= 9 for value in values)
    assert values[1] == 9


def test_fit_total_fails_when_the_target_is_out_of_reach():
    with pytest.raises(DemoError):
        fit_total([1, 1], [1, 1], [2, 2], 5, random.Random(1))


def test_split_by_shares_uses_largest_remainders():
    # 7 × (0.2, 0.4, 0.4) = 1.4, 2.8, 2.8 -> 1, 3, 3
    assert split_by_shares(7, [0.2, 0.4, 0.4]) == [1, 3, 3]
    assert split_by_shares(50, [0.2, 0.4, 0.4]) == [10, 20, 20]


def test_cast_roles_fills_quotas_and_covers_what_the_team_can_play():
    affinity = [
        {"relationship-manager": 5, "results-driver": 1.5},  # a key account manager
        {"technical-expert": 5, "innovator": 2},  # an engineer
        {"project-manager": 5},  # a delivery lead who has left the team
    ]
    seats = [
        Seat(
            person=0, is_lead=True, quota=2, candidates=("results-driver", "relationship-manager")
        ),
        Seat(person=1, quota=1, candidates=("innovator", "technical-expert")),
        Seat(person=2, ended=True, quota=1, candidates=("project-manager",)),
    ]
    present = ("results-driver", "relationship-manager", "technical-expert")

    cast = cast_roles(random.Random(4), present, seats, affinity)

    roles = sorted((seat, key) for seat, key, _leads in cast)
    assert roles == [
        (0, "relationship-manager"),
        (0, "results-driver"),
        (1, "technical-expert"),
        (2, "project-manager"),
    ]


def test_plan_allocations_books_a_fixed_target_within_capacity():
    teams = [[Seat(person=0, is_lead=True)], [Seat(person=0)], [Seat(person=1, ended=True)]]

    plan_allocations(random.Random(1), teams, capacity=[80, 100], targets={0: 0.75}, floor=5)

    # 75 % of 80 = 60, split 2 : w with the other weight in 0.5..1.5 -> 34..48 and 12..26.
    lead, other = teams[0][0].allocation, teams[1][0].allocation
    assert 59 <= lead + other <= 61
    assert 34 <= lead <= 48
    assert 5 <= teams[2][0].allocation <= 40


def test_planned_ratings_follow_how_well_a_department_fits_a_role():
    affinity = [{"technical-expert": 5, "relationship-manager": 0.5}]
    played = [(0, "technical-expert"), (0, "relationship-manager")]

    planned = [p for seed in range(40) for p in plan_ratings(random.Random(seed), played, affinity)]

    expert = {p.rating for p in planned if p.role == "technical-expert" and p.days_ago < 365}
    assert expert <= {3, 4, 5}
    assert min(p.rating for p in planned if p.role == "relationship-manager") <= 2
    assert {p.source for p in planned} == {"self", "manager"}
