"""The client side of the demo portfolio: stakeholder hierarchies, our relationships with
them, a year of interactions and a few technical concerns.

Every account gets a realistic organisation: at the top a CEO (in bigger companies under
the chair of the supervisory board), then executives by function (finance, IT,
operations, procurement, sales, people, R&D), their directors, managers and staff, with
Polish names and titles for Polish clients (German or British names elsewhere). Buying
roles follow the function and level, attitudes spread from advocates to opponents, a few
people favour a competitor, some have a dotted-line manager, some have left, and a few
have no known manager, so the "missing information" panel has work to show.

Team members know stakeholders the way their roles suggest (the Relationship Manager the
executives, the Technical Expert the technical evaluators, …); interactions touch only
pairs that know each other, and each relationship's last interaction is the latest one
logged for it, exactly as `interaction_log` would have left it.

Dates of activity count back from the day the demo is loaded (never earlier than the
reference date), so freshness and "new this quarter" look as in real use; all choices
come from the step's own random stream, so two loads of a seed on one day are identical.

At the large shape this writes millions of rows, so it inserts plain tuples with
`executemany` and gives ids itself (stakeholders refer to their managers before those are
stored; foreign keys are checked at commit), then resets PostgreSQL's sequences.
"""

from __future__ import annotations

import datetime
import heapq
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership
from hexad.demo.names import email_local_part
from hexad.demo.shape import fit_total
from hexad.demo.stakeholder_words import (
    BUYING,
    CEO_TITLE,
    CHAIR_TITLE,
    COMPETITORS,
    CONCERN_TOPICS,
    CORE_FUNCTIONS,
    EXEC,
    FUNCTIONS,
    MIDDLE,
    NEXT_STEPS,
    NOTES,
    OTHER_FUNCTIONS,
    RESOLUTIONS,
    SENIOR,
    STAFF,
)
from hexad.relationships.models import (
    BUYING_ROLE_FIELDS,
    Interaction,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    Stakeholder,
    TechnicalConcern,
)
from hexad.roles.catalogue import INNOVATOR, RELATIONSHIP_MANAGER, RESULTS_DRIVER, TECHNICAL_EXPERT

BATCH = 20_000

CHAMPION_SHARE = {EXEC: 0.06, SENIOR: 0.12, MIDDLE: 0.08, STAFF: 0.02}
ATTITUDES = ("advocate", "supporter", "neutral", "skeptic", "opponent", "unknown")
ATTITUDE_WEIGHTS = (8, 22, 30, 12, 5, 23)
INFLUENCE = {EXEC: (4, 5), SENIOR: (3, 4), MIDDLE: (2, 4), STAFF: (1, 3)}
COMPETITOR_SHARE = 0.06
DOTTED_SHARE = 0.05
NO_MANAGER_SHARE = 0.04
LEFT_SHARE = 0.04
OWNED_SHARE = 0.75
LEVEL_WEIGHTS = (4, 30, 36, 22, 8)  # unknown … trusted advisor
GAP_WEIGHTS = (35, 45, 20)  # desired = current + 0, 1, 2
LAPSED_SHARE = 0.25  # relationships last touched 4–12 months ago
KINDS = ("meeting", "call", "email", "workshop", "event")
KIND_WEIGHTS = (40, 25, 20, 10, 5)
CONCERN_STATUSES = ("open", "in_progress", "resolved", "accepted_risk")
CONCERN_STATUS_WEIGHTS = (35, 25, 30, 10)


@dataclass
class Member:
    person_id: int
    roles: set[str] = field(default_factory=set)
    is_account_lead: bool = False
    leads_technical: bool = False  # plays Technical Expert as lead


@dataclass
class Planned:
    """A stakeholder being planned, before it is written."""

    id: int
    name: str
    title: str
    level: int
    function: str
    reports_to: int | None = None
    dotted: int | None = None
    roles: set[str] = field(default_factory=set)
    status: str = "active"
    has_reports: bool = False


class NamePool:
    """First and last names drawn once from Faker, then picked with the step's stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pools: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}
        for locale in ("pl_PL", "en_GB", "de_DE"):
            fake = Faker(locale)
            fake.seed_instance(rng.getrandbits(32))
            gendered = locale == "pl_PL"

            def draw(method: str, fake: Faker = fake) -> list[str]:
                return list(dict.fromkeys(getattr(fake, method)() for _ in range(400)))

            self.pools[locale] = (
                draw("first_name_female"),
                draw("first_name_male"),
                draw("last_name_female" if gendered else "last_name"),
                draw("last_name_male" if gendered else "last_name"),
            )

    def name(self, locale: str, taken: set[str]) -> str:
        first_f, first_m, last_f, last_m = self.pools[locale]
        for _ in range(50):
            female = self.rng.random() < 0.42
            first = self.rng.choice(first_f if female else first_m)
            last = self.rng.choice(last_f if female else last_m)
            name = f"{first} {last}"
            if name not in taken:
                taken.add(name)
                return name
        return name


def _locale(country: str, rng: random.Random) -> tuple[str, str]:
    """(Faker locale for names, language for titles and notes)."""
    if country == "PL":
        return ("pl_PL" if rng.random() < 0.93 else "en_GB"), "pl"
    if country in ("DE", "AT", "CH"):
        return "de_DE", "en"
    return "en_GB", "en"


def _split(n: int, rng: random.Random) -> tuple[int, int, int, int]:
    """How many executives, directors, managers and staff `n` people (CEO apart) hold."""
    execs = min(7, max(2, round(n * rng.uniform(0.12, 0.18))))
    rest = n - execs
    directors = max(1, round(rest * rng.uniform(0.25, 0.35))) if rest > 0 else 0
    managers = round((rest - directors) * rng.uniform(0.35, 0.45))
    return execs, directors, managers, max(0, rest - directors - managers)


def plan_organisation(
    *, n: int, first_id: int, language: str, locale: str, names: NamePool, rng: random.Random
) -> list[Planned]:
    """`n` stakeholders of one client as a tree (ids from `first_id`)."""
    pl = language == "pl"
    taken: set[str] = set()
    people: list[Planned] = []

    def add(title: tuple[str, str], level: int, function: str, boss: Planned | None) -> Planned:
        person = Planned(
            id=first_id + len(people),
            name=names.name(locale, taken),
            title=title[0] if pl else title[1],
            level=level,
            function=function,
            reports_to=boss.id if boss else None,
        )
        if boss:
            boss.has_reports = True
        people.append(person)
        return person

    chair = add(CHAIR_TITLE, EXEC, "board", None) if n >= 25 and rng.random() < 0.5 else None
    ceo = add(CEO_TITLE, EXEC, "ceo", chair)
    execs_n, directors_n, managers_n, staff_n = _split(n - len(people), rng)
    functions = list(CORE_FUNCTIONS[: min(execs_n, 4)])
    functions += rng.sample(OTHER_FUNCTIONS, max(0, min(execs_n - 4, len(OTHER_FUNCTIONS))))
    execs = [add(FUNCTIONS[f][0], EXEC, f, ceo) for f in functions]
    directors = []
    for _ in range(directors_n):
        boss = rng.choice(execs)
        directors.append(add(FUNCTIONS[boss.function][1], SENIOR, boss.function, boss))
    managers = []
    for _ in range(managers_n):
        boss = rng.choice(directors or execs)
        managers.append(add(FUNCTIONS[boss.function][2], MIDDLE, boss.function, boss))
    for _ in range(staff_n):
        boss = rng.choice(managers or directors or execs)
        add(FUNCTIONS[boss.function][3], STAFF, boss.function, boss)
    people = people[:n]

    top = {chair.id if chair else ceo.id}
    by_id = {p.id: p for p in people}
    for p in people:
        key = "ceo" if p.function == "ceo" else p.function
        for role, share in BUYING.get((key, p.level), {}).items():
            if rng.random() < share:
                p.roles.add(role)
        if rng.random() < CHAMPION_SHARE[p.level]:
            p.roles.add("champion")
        if p.level in (SENIOR, MIDDLE) and rng.random() < DOTTED_SHARE:
            others = [e for e in execs + directors if e.function != p.function and e.id != p.id]
            if others:
                p.dotted = rng.choice(others).id
        if p.level > EXEC and rng.random() < NO_MANAGER_SHARE:
            p.reports_to = None  # the manager is not known
        leaf = p.id not in top and not p.has_reports and p.level >= MIDDLE
        if leaf and rng.random() < LEFT_SHARE:
            p.status = "left"
    assert all(p.reports_to is None or p.reports_to in by_id for p in people)
    return people


def _pair_weight(member: Member, s: Planned) -> float:
    weight = {EXEC: 2.5, SENIOR: 1.6, MIDDLE: 1.0, STAFF: 0.5}[s.level]
    if RELATIONSHIP_MANAGER in member.roles and (s.level == EXEC or "champion" in s.roles):
        weight *= 2.5
    if TECHNICAL_EXPERT in member.roles and (
        "technical_evaluator" in s.roles or s.function in ("it", "rnd")
    ):
        weight *= 3
    if INNOVATOR in member.roles and s.level == EXEC:
        weight *= 2
    if RESULTS_DRIVER in member.roles and "economic_buyer" in s.roles:
        weight *= 2.5
    if member.is_account_lead:
        weight *= 1.5
    return weight * (0.5 if s.status == "left" else 1.0)


class Writer:
    """Collects rows per table and writes them with `executemany`, a batch at a time.

    `rows(model, fields)` hands out the list to append to (cheaper than a call per row in
    the million-row loops); `spill()` writes the tables whose lists are long enough.
    """

    def __init__(self) -> None:
        self.buffers: dict[type[models.Model], tuple[list[str], list[Any]]] = {}
        self.written: dict[type[models.Model], int] = defaultdict(int)
        ops = connection.ops
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self.date = ops.adapt_datefield_value

    def rows(self, model: type[models.Model], fields: list[str]) -> list[Any]:
        return self.buffers.setdefault(model, (fields, []))[1]

    def add(self, model: type[models.Model], fields: list[str], row: tuple[Any, ...]) -> None:
        self.rows(model, fields).append(row)

    def spill(self) -> None:
        for model, (_fields, rows) in self.buffers.items():
            if len(rows) >= BATCH:
                self.flush(model)

    def flush(self, model: type[models.Model] | None = None) -> None:
        for each in [model] if model else list(self.buffers):
            fields, rows = self.buffers.get(each, ([], []))
            if rows:
                _insert(each, fields, rows)
                self.written[each] += len(rows)
                rows.clear()


def _insert(model: type[models.Model], fields: Sequence[str], rows: list[Any]) -> None:
    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, name)) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


STAKEHOLDER_COLUMNS = [
    "id", "account", "name", "title", "business_unit", "level", *BUYING_ROLE_FIELDS.values(),
    "influence", "attitude", "competitor", "reports_to", "dotted_manager", "status",
    "first_engaged", "email", "phone", "owner", "external_id", "notes", "version",
    "created_at", "updated_at",
]  # fmt: skip
RELATIONSHIP_COLUMNS = [
    "person", "stakeholder", "current_level", "desired_level", "last_interaction", "next_step",
    "created_at", "updated_at",
]  # fmt: skip
INTERACTION_COLUMNS = ["id", "account", "occurred_on", "kind", "notes", "created_at", "updated_at"]
CONCERN_COLUMNS = [
    "account", "raised_by", "raised_on", "topic", "description", "severity", "status", "owner",
    "due_date", "resolution", "created_at", "updated_at",
]  # fmt: skip


@dataclass(frozen=True)
class ClientSideShape:
    stakeholders: int
    relationships: int
    interactions: int
    per_account: tuple[int, int]
    concerns: tuple[int, int]


def _teams(
    accounts: Sequence[Account], teams: Sequence[Sequence[TeamMembership]]
) -> list[list[Member]]:
    """Today's members of each team with the roles they play (one query)."""
    roles: dict[int, set[str]] = defaultdict(set)
    leads: dict[int, set[str]] = defaultdict(set)
    assignments = RoleAssignment.objects.filter(membership__end_date__isnull=True).values_list(
        "membership_id", "role__key", "degree"
    )
    for membership_id, key, degree in assignments.iterator(chunk_size=BATCH):
        roles[membership_id].add(key)
        if degree == "lead":
            leads[membership_id].add(key)
    return [
        [
            Member(
                person_id=membership.person_id,
                roles=roles[membership.pk],
                is_account_lead=membership.person_id == account.lead_id,
                leads_technical=TECHNICAL_EXPERT in leads[membership.pk],
            )
            for membership in team
            if membership.end_date is None
        ]
        for account, team in zip(accounts, teams, strict=True)
    ]


def load_client_side(
    *,
    rng: random.Random,
    accounts: Sequence[Account],
    teams: Sequence[Sequence[TeamMembership]],
    shape: ClientSideShape,
    day: datetime.date,
) -> dict[str, int]:
    """Writes the client side of every account; returns the rows written by kind."""
    anchor = max(day, timezone.localdate())
    members = _teams(accounts, teams)
    units: dict[int, list[int]] = defaultdict(list)
    for account_id, unit_id in BusinessUnit.objects.order_by("id").values_list("account_id", "id"):
        units[account_id].append(unit_id)

    low, high = shape.per_account
    sizes = [rng.randint(low, high) for _ in accounts]
    fit_total(sizes, [low] * len(sizes), [high] * len(sizes), shape.stakeholders, rng)
    ratio = shape.relationships / max(1, shape.stakeholders)
    rel = [min(round(ratio * n), n * len(team)) for n, team in zip(sizes, members, strict=True)]
    fit_total(rel, [0] * len(rel), [n * len(t) for n, t in zip(sizes, members, strict=True)],
              shape.relationships, rng)  # fmt: skip
    per_rel = shape.interactions / max(1, shape.relationships)
    acts = [round(per_rel * r) for r in rel]
    fit_total(acts, [0] * len(acts), [40 * r for r in rel], shape.interactions, rng)

    names = NamePool(rng)
    writer = Writer()
    next_stakeholder = _next_id(Stakeholder)
    next_interaction = _next_id(Interaction)
    for index, account in enumerate(accounts):
        locale, language = _locale(str(account.country), rng)
        people = plan_organisation(
            n=sizes[index], first_id=next_stakeholder, language=language, locale=locale,
            names=names, rng=rng,
        )  # fmt: skip
        next_stakeholder += len(people)
        next_interaction = _account_activity(
            writer=writer, rng=rng, account=account, people=people, team=members[index],
            units=units[account.pk], language=language, relationships=rel[index],
            interactions=acts[index], first_interaction=next_interaction, anchor=anchor,
            concerns=shape.concerns,
        )  # fmt: skip
        writer.spill()
    writer.flush()
    with connection.cursor() as cursor:
        models_with_ids = [Stakeholder, Relationship, Interaction, TechnicalConcern]
        for sql in connection.ops.sequence_reset_sql(no_style(), models_with_ids):
            cursor.execute(sql)
    return {
        "stakeholders": writer.written[Stakeholder],
        "relationships": writer.written[Relationship],
        "interactions": writer.written[Interaction],
        "interaction people": writer.written[InteractionPerson],
        "interaction stakeholders": writer.written[InteractionStakeholder],
        "technical concerns": writer.written[TechnicalConcern],
    }


def _account_activity(
    *,
    writer: Writer,
    rng: random.Random,
    account: Account,
    people: list[Planned],
    team: list[Member],
    units: list[int],
    language: str,
    relationships: int,
    interactions: int,
    first_interaction: int,
    anchor: datetime.date,
    concerns: tuple[int, int],
) -> int:
    """Relationships, interactions, the stakeholders themselves and concerns of one account.
    Returns the next free interaction id."""
    account_id = account.pk
    date = writer.date
    # Days since each stakeholder was first engaged: a few this quarter, most long ago.
    since = {
        p.id: rng.randint(0, 75) if rng.random() < 0.08 else rng.randint(100, 2500) for p in people
    }
    # Which of our people know whom: weighted choice of distinct pairs.
    candidates = [(m, p) for m in team for p in people]
    chosen = heapq.nlargest(
        relationships,
        candidates,
        key=lambda pair: rng.random() ** (1.0 / _pair_weight(*pair)),
    )
    pairs: list[tuple[int, int, int, int, bool]] = []  # person, stakeholder, now, wanted, lapsed
    for member, person in chosen:
        level = rng.choices(range(5), LEVEL_WEIGHTS)[0]
        wanted = min(4, max(1, level + rng.choices((0, 1, 2), GAP_WEIGHTS)[0]))
        pairs.append((member.person_id, person.id, level, wanted, rng.random() < LAPSED_SHARE))
    if interactions and pairs and not any(level for _, _, level, _, _ in pairs):
        person_id, stakeholder_id, _, wanted, lapsed = pairs[0]
        pairs[0] = (person_id, stakeholder_id, 1, max(wanted, 1), lapsed)

    eligible = [i for i, pair in enumerate(pairs) if pair[2] >= 1]
    by_person: dict[int, list[int]] = defaultdict(list)
    by_stakeholder: dict[int, list[int]] = defaultdict(list)
    for i in eligible:
        by_person[pairs[i][0]].append(i)
        by_stakeholder[pairs[i][1]].append(i)
    last: dict[int, datetime.date] = {}
    notes = NOTES[language]
    weights = [(0, 0.8, 1.2, 1.6, 2.0)[pairs[i][2]] for i in eligible]
    draws = rng.choices(eligible, weights, k=interactions) if eligible else []
    interaction_id = first_interaction
    kinds = rng.choices(KINDS, KIND_WEIGHTS, k=len(draws))
    interaction_rows = writer.rows(Interaction, INTERACTION_COLUMNS)
    ours_rows = writer.rows(InteractionPerson, ["interaction", "person"])
    theirs_rows = writer.rows(InteractionStakeholder, ["interaction", "stakeholder"])
    now = writer.now
    for i, kind in zip(draws, kinds, strict=True):
        person_id, stakeholder_id, _level, _wanted, lapsed = pairs[i]
        days = rng.randint(120, 365) if lapsed else int(365 * rng.random() ** 1.2)
        if days > since[stakeholder_id]:
            days = rng.randint(0, since[stakeholder_id])
        when = anchor - datetime.timedelta(days=days)
        extend = rng.random()
        other = -1
        if extend < 0.2 and len(by_person[person_id]) > 1:
            other = rng.choice(by_person[person_id])
            if other == i or since[pairs[other][1]] < days:
                other = -1
        elif extend < 0.3 and len(by_stakeholder[stakeholder_id]) > 1:
            other = rng.choice(by_stakeholder[stakeholder_id])
            if other == i:
                other = -1
        note = rng.choice(notes) if rng.random() < 0.5 else ""
        interaction_rows.append((interaction_id, account_id, date(when), kind, note, now, now))
        ours_rows.append((interaction_id, person_id))
        theirs_rows.append((interaction_id, stakeholder_id))
        if other >= 0:
            other_person, other_stakeholder = pairs[other][0], pairs[other][1]
            if other_person != person_id:
                ours_rows.append((interaction_id, other_person))
            if other_stakeholder != stakeholder_id:
                theirs_rows.append((interaction_id, other_stakeholder))
        for t in (i, other) if other >= 0 else (i,):
            if t not in last or last[t] < when:
                last[t] = when
        interaction_id += 1

    steps = NEXT_STEPS[language]
    for i, (person_id, stakeholder_id, level, wanted, _lapsed) in enumerate(pairs):
        step = rng.choice(steps) if wanted > level and rng.random() < 0.3 else ""
        seen = last.get(i)
        writer.add(
            Relationship, RELATIONSHIP_COLUMNS,
            (person_id, stakeholder_id, level, wanted, date(seen) if seen else None, step,
             writer.now, writer.now),
        )  # fmt: skip

    known_by: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for person_id, stakeholder_id, level, _wanted, _lapsed in pairs:
        known_by[stakeholder_id].append((level, person_id))
    lead = account.lead_id
    domain = email_local(account.name.split(" ")[0], "").strip(".-") or "client"
    for p in people:
        _write_stakeholder(
            writer=writer, rng=rng, account_id=account_id, p=p, units=units, lead=lead,
            known_by=known_by[p.id], first_engaged=anchor - datetime.timedelta(days=since[p.id]),
            domain=domain, language=language,
        )  # fmt: skip

    _write_concerns(
        writer=writer, rng=rng, account_id=account_id, people=people, team=team,
        language=language, anchor=anchor, count=rng.randint(*concerns) if people else 0,
    )  # fmt: skip
    return interaction_id


def _write_stakeholder(
    *,
    writer: Writer,
    rng: random.Random,
    account_id: int,
    p: Planned,
    units: list[int],
    lead: int | None,
    known_by: list[tuple[int, int]],
    first_engaged: datetime.date,
    domain: str,
    language: str,
) -> None:
    owner = None
    if p.status == "active" and rng.random() < (0.9 if p.level == EXEC else OWNED_SHARE):
        owner = max(known_by)[1] if known_by else lead
    unit = rng.choice(units) if units and p.level > EXEC and rng.random() < 0.7 else None
    attitude = rng.choices(ATTITUDES, ATTITUDE_WEIGHTS)[0]
    competitor = rng.choice(COMPETITORS) if rng.random() < COMPETITOR_SHARE else ""
    first, _, last = p.name.partition(" ")
    email = f"{email_local(first, last)}@{domain}.example" if rng.random() < 0.6 else ""
    phone = ""
    if rng.random() < 0.4:
        digits = rng.randint(500_000_000, 899_999_999)
        phone = (
            f"+48 {digits // 1_000_000} {digits // 1000 % 1000:03d} {digits % 1000:03d}"
            if language == "pl"
            else f"+44 20 {digits // 10_000 % 10_000:04d} {digits % 10_000:04d}"
        )
    lo, hi = INFLUENCE[p.level]
    writer.add(
        Stakeholder, STAKEHOLDER_COLUMNS,
        (p.id, account_id, p.name, p.title, unit, p.level,
         *(code in p.roles for code in BUYING_ROLE_FIELDS),
         rng.randint(lo, hi), attitude, competitor, p.reports_to, p.dotted, p.status,
         writer.date(first_engaged), email, phone, owner, f"003{p.id:012d}", "", 1,
         writer.now, writer.now),
    )  # fmt: skip


def _write_concerns(
    *,
    writer: Writer,
    rng: random.Random,
    account_id: int,
    people: list[Planned],
    team: list[Member],
    language: str,
    anchor: datetime.date,
    count: int,
) -> None:
    active = [p for p in people if p.status == "active"]
    if not active or not count:
        return
    evaluators = [p for p in active if "technical_evaluator" in p.roles] or active
    expert = next((m.person_id for m in team if m.leads_technical), None)
    for topic, description in rng.sample(CONCERN_TOPICS[language], min(count, 5)):
        status = rng.choices(CONCERN_STATUSES, CONCERN_STATUS_WEIGHTS)[0]
        raised = anchor - datetime.timedelta(days=rng.randint(5, 200))
        due = raised + datetime.timedelta(days=rng.randint(14, 120))
        closed = status in ("resolved", "accepted_risk")
        writer.add(
            TechnicalConcern, CONCERN_COLUMNS,
            (account_id, rng.choice(evaluators).id, writer.date(raised), topic, description,
             rng.choices(("low", "medium", "high", "critical"), (20, 40, 30, 10))[0], status,
             expert, writer.date(due), RESOLUTIONS[language] if closed else "",
             writer.now, writer.now),
        )  # fmt: skip


def email_local(first: str, last: str) -> str:
    return email_local_part(first, last).strip(".")
