"""The demo portfolio: a deterministic, realistic data set for trying Hexad out.

`DemoBuilder` loads one kind of data per step. Every step draws from its own random
stream derived from the seed, so a step added later (stakeholders, plans...) leaves the
data of the earlier steps unchanged. Dates are relative to `REFERENCE_DATE`, not to
today, so the same seed always gives the same data.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from time import perf_counter

from django.db import transaction
from django.utils import timezone

from hexad.accounts.models import (
    Account,
    BusinessUnit,
    Degree,
    RoleAssignment,
    TeamMembership,
    Tier,
)
from hexad.core.db import refresh_statistics
from hexad.core.hooks import accounts_changed
from hexad.coverage.models import SnapshotKind
from hexad.coverage.services import snapshot_take
from hexad.demo import vocabulary as v
from hexad.demo.growth import GrowthShape, load_growth
from hexad.demo.names import CompanyNamer, PersonNamer, email_local_part
from hexad.demo.planning import PlanningShape, load_planning
from hexad.demo.ratings import MANAGER, plan_ratings
from hexad.demo.shape import SIZES, DemoError, fit_total, split_by_shares
from hexad.demo.stakeholders import ClientSideShape, load_client_side
from hexad.demo.teams import Seat, cast_roles, pick_balanced, plan_allocations
from hexad.growth.models import (
    FinancialPeriod,
    Offering,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)
from hexad.people.models import (
    AccessLevel,
    CompetencyRating,
    Department,
    Person,
    RatingSource,
    User,
)
from hexad.planning.models import AccountPlan, Blocker, Review
from hexad.planning.models import Action as PlanAction
from hexad.relationships.models import Interaction, Relationship, Stakeholder
from hexad.roles.models import Role
from hexad.staffing.models import Conflict, RoleRestriction

REFERENCE_DATE = datetime.date(2026, 1, 1)
DEMO_PASSWORD = "hexad-demo-2026"
DEFAULT_SEED = 2026
EMAIL_DOMAIN = "example.com"
BATCH_SIZE = 2000
TIER_SHARES = (0.2, 0.4, 0.4)
SUBSIDIARY_SHARE = 0.05
ENDED_SHARE = 0.12
INACTIVE_SHARE = 0.03
CONFLICT_SHARE = 0.01  # accounts with a person the team designer may not propose
CONFLICT_NOTES = (  # (English, Polish): Polish accounts get Polish text
    ("Former employee of the client", "Były pracownik klienta"),
    ("A close relative works in the client's procurement",
     "Bliski krewny pracuje w dziale zakupów klienta"),
    ("Advised a competitor in a tender against this client",
     "Doradzał konkurentowi w przetargu przeciwko temu klientowi"),
    ("Holds shares in the client", "Ma udziały w firmie klienta"),
    ("Left the client's board last year", "W zeszłym roku odszedł z zarządu klienta"),
)  # fmt: skip
# Departments whose people the team designer never proposes for a role.
ROLE_RESTRICTIONS = ((v.FINANCE, "results-driver"), (v.LEGAL, "relationship-manager"))
MAX_ROLES_PER_MEMBER = 4


@dataclass(frozen=True)
class DemoUser:
    username: str
    access_level: str
    department: str
    job_title: str
    description: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", AccessLevel.ADMIN, v.SALES_OPERATIONS, "CRM Administrator", "Administrator"),
    DemoUser(
        "leader",
        AccessLevel.PROGRAMME_LEADER,
        v.KAM,
        "Head of Strategic Accounts",
        "Programme leader",
    ),
    DemoUser("lead", AccessLevel.MEMBER, v.KAM, "Senior Key Account Manager", "Account lead"),
    DemoUser("member", AccessLevel.MEMBER, v.ENGINEERING, "Solution Architect", "Team member"),
    DemoUser("viewer", AccessLevel.VIEWER, v.FINANCE, "Financial Controller", "Viewer"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str
    full_name: str
    note: str = ""


@dataclass(frozen=True)
class DemoResult:
    size: str
    seed: int
    seconds: float
    counts: dict[str, int]
    logins: list[DemoLogin]
    timings: dict[str, float] = field(default_factory=dict)


class DemoNotEmpty(DemoError):
    """The database already holds data the demo portfolio would mix with."""


ACCOUNTS_EXIST = "The database already holds accounts; the demo loads only into an empty one."
USERNAMES_TAKEN = "These usernames are taken, so the demo logins cannot be created: {names}."


class DemoBuilder:
    """Loads the demo portfolio of one size and seed, one step per kind of data."""

    def __init__(
        self,
        *,
        size: str,
        seed: int = DEFAULT_SEED,
        progress: Callable[[str, int, float], None] | None = None,
    ) -> None:
        if size not in SIZES:
            raise DemoError(f"Unknown demo size {size!r}; choose one of {', '.join(SIZES)}.")
        self.size = size
        self.shape = SIZES[size]
        self.seed = seed
        self.day = REFERENCE_DATE
        self.progress = progress
        self.tiers: list[Tier] = []
        self.roles: dict[str, Role] = {}
        self.departments: dict[str, Department] = {}
        self.people: list[Person] = []
        self.person_spec: list[v.DepartmentSpec] = []
        self.demo_people: dict[str, int] = {}
        self.accounts: list[Account] = []
        self.account_rank: list[int] = []
        self.account_lead: list[int] = []
        self.present: list[tuple[str, ...]] = []
        self.seats: list[list[Seat]] = []
        self.memberships: list[list[TeamMembership]] = []
        self.played: dict[tuple[int, str], None] = {}  # (person, role key), in order played
        self.logins: list[DemoLogin] = []

    def steps(self) -> list[tuple[str, Callable[[random.Random], int]]]:
        """The steps in load order; each returns how many rows (or accounts) it handled."""
        return [
            ("people", self.step_people),
            ("accounts", self.step_accounts),
            ("business units", self.step_business_units),
            ("team memberships", self.step_teams),
            ("role assignments", self.step_assignments),
            ("competency ratings", self.step_ratings),
            ("coverage", self.step_coverage),
            ("coverage snapshots", self.step_snapshots),
            ("stakeholders", self.step_stakeholders),
            ("growth", self.step_growth),
            ("plans and reviews", self.step_planning),
            ("team designer exclusions", self.step_exclusions),
        ]

    def rng(self, step: str) -> random.Random:
        return random.Random(f"hexad-demo/{self.seed}/{step}")  # noqa: S311 reproducible, not secret

    def build(self) -> DemoResult:
        started = perf_counter()
        timings: dict[str, float] = {}
        with transaction.atomic():
            self.check_empty()
            self.load_catalogue()
            for name, step in self.steps():
                step_started = perf_counter()
                rows = step(self.rng(name))
                timings[name] = perf_counter() - step_started
                if self.progress:
                    self.progress(name, rows, timings[name])
        refresh_statistics()
        return DemoResult(
            size=self.size,
            seed=self.seed,
            seconds=perf_counter() - started,
            counts=demo_counts(),
            logins=self.logins,
            timings=timings,
        )

    # --- preconditions ------------------------------------------------------------------

    def check_empty(self) -> None:
        if Account.objects.exists():
            raise DemoNotEmpty(ACCOUNTS_EXIST)
        taken = User.objects.filter(username__in=[u.username for u in DEMO_USERS])
        names = sorted(taken.values_list("username", flat=True))
        if names:
            raise DemoNotEmpty(USERNAMES_TAKEN.format(names=", ".join(names)))

    def load_catalogue(self) -> None:
        self.tiers = list(Tier.objects.order_by("rank", "name")[: len(TIER_SHARES)])
        if not self.tiers:
            raise DemoError("No account tiers exist; run `hexad migrate` first.")
        self.roles = {role.key: role for role in Role.objects.filter(key__in=v.ROLE_KEYS)}
        missing = [key for key in v.ROLE_KEYS if key not in self.roles]
        if missing:
            raise DemoError(f"The role catalogue lacks {', '.join(missing)}.")

    # --- people ---------------------------------------------------------------------------

    def step_people(self, rng: random.Random) -> int:
        """Departments, people with job titles and capacity, and the demo logins."""
        for spec in v.DEPARTMENTS:
            self.departments[spec.name], _ = Department.objects.get_or_create(name=spec.name)
        namer = PersonNamer(rng)
        emails: set[str] = set()

        def person(spec: v.DepartmentSpec, title: str) -> tuple[Person, str, str]:
            first, last = namer.name()
            local = email_local_part(first, last)
            while local in emails:
                local += str(rng.randint(1, 9))
            emails.add(local)
            record = Person(
                full_name=f"{first} {last}",
                email=f"{local}@{EMAIL_DOMAIN}",
                job_title=title,
                department=self.departments[spec.name],
                capacity=100 if rng.random() < 0.82 else rng.choice((50, 60, 70, 80)),
            )
            self.people.append(record)
            self.person_spec.append(spec)
            return record, first, last

        # The demo logins come first, so every size of one seed has the same ones.
        users: list[User] = []
        for demo in DEMO_USERS:
            record, first, last = person(v.DEPARTMENT_BY_NAME[demo.department], demo.job_title)
            record.capacity = 100
            record.user = User(
                username=demo.username,
                first_name=first,
                last_name=last,
                email=record.email,
                access_level=demo.access_level,
                is_staff=demo.access_level == AccessLevel.ADMIN,
                is_superuser=demo.access_level == AccessLevel.ADMIN,
            )
            users.append(record.user)
            self.demo_people[demo.username] = len(self.people) - 1
        # Password hashing is slow on purpose; the hashes are computed side by side.
        with ThreadPoolExecutor() as pool:
            list(pool.map(lambda user: user.set_password(DEMO_PASSWORD), users))
        for user in users:
            user.save()

        staff = self.shape.people - len(DEMO_USERS)
        counts = split_by_shares(staff, [spec.share for spec in v.DEPARTMENTS])
        specs = [spec for spec, n in zip(v.DEPARTMENTS, counts, strict=True) for _ in range(n)]
        rng.shuffle(specs)
        for spec in specs:
            record, _, _ = person(spec, rng.choice(spec.titles))
            record.is_active = rng.random() >= INACTIVE_SHARE
        numbers = rng.sample(range(10_000, 100_000), len(self.people))
        for record, number in zip(self.people, numbers, strict=True):
            record.external_id = f"HR-{number}"
        Person.objects.bulk_create(self.people, batch_size=BATCH_SIZE)
        return len(self.people)

    # --- accounts -----------------------------------------------------------------------

    def step_accounts(self, rng: random.Random) -> int:
        """Accounts by tier, industry and country, with leads and a few groups."""
        namer = CompanyNamer(rng)
        total = self.shape.accounts
        children = round(total * SUBSIDIARY_SHARE)
        groups: list[int] = []
        while sum(groups) < children:
            groups.append(min(children - sum(groups), rng.randint(2, 4)))
        standalone = total - children - len(groups)
        shares = TIER_SHARES[: len(self.tiers)]
        ranks = [
            rank for rank, n in enumerate(split_by_shares(total, shares), start=1) for _ in range(n)
        ]
        rng.shuffle(ranks)
        # A group is at least as strategic as its best company: accounts are laid out as
        # group heads, then standalone accounts, then the groups' companies.
        first = len(groups) + standalone
        for head, size in enumerate(groups):
            best = min(range(first, first + size), key=lambda i: (ranks[i], i))
            if ranks[best] < ranks[head]:
                ranks[best], ranks[head] = ranks[head], ranks[best]
            first += size
        external = rng.sample(range(100_000, 10_000_000), total)
        industries = list(v.INDUSTRIES)
        industry_weights = [v.INDUSTRIES[key][0] for key in industries]
        countries = list(v.COUNTRIES)
        country_weights = [v.COUNTRIES[code][0] for code in countries]
        abroad = [code for code in countries if code != "PL"]
        abroad_weights = [v.COUNTRIES[code][0] for code in abroad]
        leads = [
            i
            for i, spec in enumerate(self.person_spec)
            if spec.name in (v.KAM, v.SALES)
            and self.people[i].is_active
            and i not in self.demo_people.values()
        ]
        lead_weights = [3 if self.person_spec[i].name == v.KAM else 1 for i in leads]

        def account(name: str, industry: str, country: str, parent: Account | None) -> Account:
            index = len(self.accounts)
            lead = rng.choices(leads, lead_weights)[0]
            record = Account(
                name=name,
                tier=self.tiers[ranks[index] - 1],
                industry=industry,
                country=country,
                currency=v.COUNTRIES[country][1],
                lead=self.people[lead],
                parent=parent,
                external_id=f"SF-{external[index]:07d}",
            )
            self.accounts.append(record)
            self.account_rank.append(ranks[index])
            self.account_lead.append(lead)
            return record

        planned_groups = []
        for _ in groups:
            country = "PL" if rng.random() < 0.8 else rng.choices(abroad, abroad_weights)[0]
            industry = rng.choices(industries, industry_weights)[0]
            brand, name = namer.group(country=country)
            planned_groups.append((brand, industry, account(name, industry, country, None)))
        for _ in range(standalone):
            industry = rng.choices(industries, industry_weights)[0]
            country = rng.choices(countries, country_weights)[0]
            account(namer.account(country=country, industry=industry), industry, country, None)
        Account.objects.bulk_create(self.accounts, batch_size=BATCH_SIZE)

        first_child = len(self.accounts)
        for size, (brand, group_industry, parent) in zip(groups, planned_groups, strict=True):
            for _ in range(size):
                country = "PL" if rng.random() < 0.5 else rng.choices(abroad, abroad_weights)[0]
                industry = (
                    group_industry
                    if rng.random() < 0.7
                    else rng.choices(industries, industry_weights)[0]
                )
                name = namer.subsidiary(brand=brand, country=country, industry=industry)
                account(name, industry, country, parent)
        Account.objects.bulk_create(self.accounts[first_child:], batch_size=BATCH_SIZE)

        # The demo account lead leads a handful of tier 1 and tier 2 accounts.
        lead = self.demo_people["lead"]
        preferred = [i for i, rank in enumerate(self.account_rank) if rank <= 2]
        chosen = rng.sample(preferred or list(range(total)), self.shape.lead_accounts)
        for i in chosen:
            self.accounts[i].lead = self.people[lead]
            self.account_lead[i] = lead
        Account.objects.bulk_update([self.accounts[i] for i in chosen], ["lead"])
        return len(self.accounts)

    def step_business_units(self, rng: random.Random) -> int:
        namer = CompanyNamer(rng)
        low, high = self.shape.business_units
        units = [
            BusinessUnit(account=account, name=name)
            for account in self.accounts
            for name in namer.business_units(
                country=str(account.country),
                industry=account.industry,
                count=rng.randint(low, high),
            )
        ]
        BusinessUnit.objects.bulk_create(units, batch_size=BATCH_SIZE)
        return len(units)

    # --- teams ----------------------------------------------------------------------------

    def step_teams(self, rng: random.Random) -> int:
        """Team memberships: who is on which team, since when, with what share of time."""
        low, high = self.shape.team_size
        sizes = [rng.randint(low, high) for _ in self.accounts]
        fit_total(sizes, [low] * len(sizes), [high] * len(sizes), self.shape.memberships, rng)

        demo = set(self.demo_people.values())
        active_pool: dict[str, list[int]] = {spec.name: [] for spec in v.DEPARTMENTS}
        ended_pool: dict[str, list[int]] = {spec.name: [] for spec in v.DEPARTMENTS}
        for i, spec in enumerate(self.person_spec):
            if i in demo:
                continue
            ended_pool[spec.name].append(i)
            if self.people[i].is_active:
                active_pool[spec.name].append(i)
        departments = [spec.name for spec in v.DEPARTMENTS if active_pool[spec.name]]
        weights = [v.DEPARTMENT_BY_NAME[name].team_weight for name in departments]

        lead = self.demo_people["lead"]
        led = [i for i, person in enumerate(self.account_lead) if person == lead]
        others = [i for i, rank in enumerate(self.account_rank) if rank <= 2 and i not in led]
        half = self.shape.member_teams // 2
        member_accounts = set(rng.sample(led, min(half, len(led))))
        member_accounts |= set(rng.sample(others, self.shape.member_teams - len(member_accounts)))

        load = [0] * len(self.people)
        for person in self.account_lead:
            load[person] += 1
        for i in range(len(self.accounts)):
            rank = min(self.account_rank[i], 3)
            wanted = [key for key in v.ROLE_KEYS if rng.random() < v.ROLE_PRESENCE[key][rank - 1]]
            seats = [Seat(person=self.account_lead[i], is_lead=True)]
            if i in member_accounts:
                seats.append(Seat(person=self.demo_people["member"]))
            # A team that needs technical depth has an engineer; many have a delivery lead.
            if v.TECHNICAL_EXPERT in wanted and i not in member_accounts:
                seats.append(Seat(person=pick_balanced(rng, active_pool[v.ENGINEERING], load)))
            if v.PROJECT_MANAGER in wanted and sizes[i] >= 4 and rng.random() < 0.6:
                seats.append(Seat(person=pick_balanced(rng, active_pool[v.DELIVERY], load)))
            seats = seats[: sizes[i]]
            for seat in seats[1:]:
                load[seat.person] += 1
            taken = {s.person for s in seats}
            attempts = 0
            while len(seats) < sizes[i]:
                attempts += 1
                if attempts > 1000:
                    raise DemoError("Too few people for the demo teams.")
                ended = rng.random() < ENDED_SHARE
                pool = (ended_pool if ended else active_pool)[rng.choices(departments, weights)[0]]
                person = pick_balanced(rng, pool, load)
                if person in taken:
                    continue
                taken.add(person)
                load[person] += 1
                seats.append(Seat(person=person, ended=ended))
            active = [s for s in seats if not s.ended]
            present = tuple(
                key
                for key in wanted
                if any(self.person_spec[s.person].affinity.get(key, 0) for s in active)
            )
            for seat in seats:
                affinity = self.person_spec[seat.person].affinity
                roles = v.ROLE_KEYS if seat.ended else present
                seat.candidates = tuple(key for key in roles if affinity.get(key, 0) > 0)
            self.present.append(present)
            self.seats.append(seats)

        plan_allocations(
            rng,
            self.seats,
            capacity=[person.capacity for person in self.people],
            targets={self.demo_people["lead"]: 0.8, self.demo_people["member"]: 0.7},
            floor=self.shape.min_allocation,
        )
        all_seats = [seat for seats in self.seats for seat in seats]
        highs = [min(MAX_ROLES_PER_MEMBER, len(s.candidates)) for s in all_seats]
        lows = [min(1, h) for h in highs]
        quotas = [
            min(max(rng.choices((1, 2, 3, 4), (35, 30, 20, 15))[0], lo), hi)
            for lo, hi in zip(lows, highs, strict=True)
        ]
        fit_total(quotas, lows, highs, self.shape.assignments, rng)
        for seat, quota in zip(all_seats, quotas, strict=True):
            seat.quota = quota

        rows: list[TeamMembership] = []
        for account, seats in zip(self.accounts, self.seats, strict=True):
            team = [
                TeamMembership(
                    account=account,
                    person=self.people[seat.person],
                    allocation=seat.allocation,
                    **self._dates(rng, seat),
                )
                for seat in seats
            ]
            self.memberships.append(team)
            rows.extend(team)
        TeamMembership.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

    def _dates(self, rng: random.Random, seat: Seat) -> dict[str, datetime.date | None]:
        day = self.day
        if seat.ended:
            start = day - datetime.timedelta(days=rng.randint(400, 6 * 365))
            longest = (day - start).days - 14
            return {
                "start_date": start,
                "end_date": start + datetime.timedelta(days=rng.randint(90, longest)),
            }
        oldest = 6 * 365 if seat.is_lead else 4 * 365
        start = day - datetime.timedelta(days=rng.randint(30, oldest))
        return {"start_date": start, "end_date": None}

    # --- roles ----------------------------------------------------------------------------

    def step_assignments(self, rng: random.Random) -> int:
        """Who plays which role on each team, as lead or contributor, with realistic gaps."""
        affinity = [spec.affinity for spec in self.person_spec]
        rows: list[RoleAssignment] = []
        for present, seats, team in zip(self.present, self.seats, self.memberships, strict=True):
            for i, key, leads in cast_roles(rng, present, seats, affinity):
                degree = Degree.LEAD if leads else Degree.CONTRIBUTING
                rows.append(RoleAssignment(membership=team[i], role=self.roles[key], degree=degree))
                self.played.setdefault((seats[i].person, key), None)
        RoleAssignment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self._note_logins()
        return len(rows)

    def step_ratings(self, rng: random.Random) -> int:
        """Self and manager ratings of how well people play their roles."""
        affinity = [spec.affinity for spec in self.person_spec]
        leader = self.people[self.demo_people["leader"]].user
        rows = [
            CompetencyRating(
                person=self.people[planned.person],
                role=self.roles[planned.role],
                rating=planned.rating,
                source=RatingSource.MANAGER if planned.source == MANAGER else RatingSource.SELF,
                rated_on=self.day - datetime.timedelta(days=planned.days_ago),
                rated_by=leader if planned.source == MANAGER else self.people[planned.person].user,
            )
            for planned in plan_ratings(rng, list(self.played), affinity)
        ]
        CompetencyRating.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

    def step_coverage(self, rng: random.Random) -> int:
        """Derived data (role coverage and the like) for every demo account."""
        accounts_changed(account.pk for account in self.accounts)
        return len(self.accounts)

    def step_snapshots(self, rng: random.Random) -> int:
        """Weekly coverage snapshots of the weeks before the reference day, and today's,
        so the trend chart has a history from the start."""
        weeks = self.shape.snapshot_weeks
        for week in range(weeks, 0, -1):
            snapshot_take(kind=SnapshotKind.SCHEDULED, on=self.day - datetime.timedelta(weeks=week))
        snapshot_take(kind=SnapshotKind.SCHEDULED)
        return weeks + 1

    def step_stakeholders(self, rng: random.Random) -> int:
        """The client side: stakeholder hierarchies, our relationships with them, a year of
        interactions and a few technical concerns (hexad.demo.stakeholders)."""
        written = load_client_side(
            rng=rng,
            accounts=self.accounts,
            teams=self.memberships,
            shape=ClientSideShape(
                stakeholders=self.shape.stakeholders,
                relationships=self.shape.relationships,
                interactions=self.shape.interactions,
                per_account=self.shape.stakeholders_per_account,
                concerns=self.shape.concerns_per_account,
            ),
            day=self.day,
        )
        return sum(written.values())

    def step_growth(self, rng: random.Random) -> int:
        """Offerings, financials, the whitespace of every business unit × offering,
        opportunities and value initiatives, then the derived growth rows
        (hexad.demo.growth)."""
        written = load_growth(
            rng=rng,
            accounts=self.accounts,
            ranks=self.account_rank,
            teams=self.memberships,
            shape=GrowthShape(
                quarters=self.shape.growth_quarters,
                opportunities=self.shape.opportunities,
                initiatives_per_account=self.shape.initiatives_per_account,
                units_per_account=self.shape.growth_units_per_account,
            ),
            day=self.day,
        )
        return sum(written.values())

    def step_planning(self, rng: random.Random) -> int:
        """Account plans with objectives, actions, resources and risks; a year of reviews;
        internal blockers; the planning summaries (hexad.demo.planning)."""
        written = load_planning(
            rng=rng,
            accounts=self.accounts,
            teams=self.memberships,
            shape=PlanningShape(actions=self.shape.plan_actions),
            day=self.day,
            leader=self.people[self.demo_people["leader"]].user,
        )
        return sum(written.values())

    def step_exclusions(self, rng: random.Random) -> int:
        """A few conflicts (about 1 % of accounts: someone of ours not on the team who may
        not be proposed for it) and the departments kept out of a role."""
        demo = set(self.demo_people.values())
        count = max(2, round(len(self.accounts) * CONFLICT_SHARE))
        conflicts = []
        for i in sorted(rng.sample(range(len(self.accounts)), count)):
            taken = {seat.person for seat in self.seats[i]} | demo
            pool = [
                p for p, person in enumerate(self.people) if person.is_active and p not in taken
            ]
            conflicts.append(
                Conflict(
                    person=self.people[rng.choice(pool)],
                    account=self.accounts[i],
                    note=rng.choice(CONFLICT_NOTES)[str(self.accounts[i].country) == "PL"],
                )
            )
        Conflict.objects.bulk_create(conflicts)
        restrictions = [
            RoleRestriction(department=self.departments[department], role=self.roles[role])
            for department, role in ROLE_RESTRICTIONS
        ]
        RoleRestriction.objects.bulk_create(restrictions)
        return len(conflicts) + len(restrictions)

    def _note_logins(self) -> None:
        led = self.account_lead.count(self.demo_people["lead"])
        member = self.demo_people["member"]
        teams = sum(1 for seats in self.seats for seat in seats if seat.person == member)
        notes = {"lead": f"leads {led} accounts", "member": f"on {teams} teams"}
        self.logins = [
            DemoLogin(
                username=demo.username,
                password=DEMO_PASSWORD,
                description=demo.description,
                full_name=self.people[self.demo_people[demo.username]].full_name,
                note=notes.get(demo.username, ""),
            )
            for demo in DEMO_USERS
        ]


def demo_counts() -> dict[str, int]:
    """Rows of each kind the demo portfolio touches, as they stand in the database."""
    today = timezone.localdate()
    return {
        "departments": Department.objects.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
        "accounts": Account.objects.count(),
        "business units": BusinessUnit.objects.count(),
        "team memberships": TeamMembership.objects.count(),
        "active memberships": TeamMembership.objects.active(today).count(),
        "role assignments": RoleAssignment.objects.count(),
        "competency ratings": CompetencyRating.objects.count(),
        "stakeholders": Stakeholder.objects.count(),
        "relationships": Relationship.objects.count(),
        "interactions": Interaction.objects.count(),
        "offerings": Offering.objects.count(),
        "financial periods": FinancialPeriod.objects.count(),
        "whitespace cells": WhitespaceCell.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "value initiatives": ValueInitiative.objects.count(),
        "account plans": AccountPlan.objects.count(),
        "plan actions": PlanAction.objects.count(),
        "reviews": Review.objects.count(),
        "internal blockers": Blocker.objects.count(),
        "conflicts": Conflict.objects.count(),
        "role restrictions": RoleRestriction.objects.count(),
    }


def portfolio_is_empty() -> bool:
    return not Account.objects.exists()


def demo_load(
    *,
    size: str,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str, int, float], None] | None = None,
) -> DemoResult:
    """Load the demo portfolio in one transaction; raises `DemoError` if it cannot."""
    return DemoBuilder(size=size, seed=seed, progress=progress).build()
