"""Reads for the team designer: the solver's Problem from the teams, and the runs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from hexad.accounts.models import Account, Degree, RoleAssignment, Tier
from hexad.core.exceptions import AccessDenied
from hexad.coverage import engine
from hexad.coverage.selectors import effective_ratings, formula_settings
from hexad.people.models import Person, User
from hexad.roles.models import Role
from hexad.roles.selectors import role_catalogue
from hexad.staffing import solver
from hexad.staffing.models import ChangeKind, Conflict, RoleRestriction, StaffingChange, StaffingRun

# The options of a run, with their defaults (forms, API and command fill them in).
DEFAULT_OPTIONS: dict[str, Any] = {
    "tiers": [],  # tier ids; empty: every tier
    "accounts": [],  # account ids; empty: every account of the tiers
    "departments": [],  # people of these departments; empty: everyone active
    "all_roles": False,  # every role of the catalogue, not only the tier's required ones
    "fill_weight": 1000,
    "fit_weight": 1,
    "continuity_bonus": 30,
    "unassessed_fit": None,  # None: the coverage formula's default
    "slots_per_person": 22,
    "per_account_limit": 2,
    "use_hours": False,
    "hours_per_person": 40,  # at 100 % capacity
    "role_hours": {},  # role key → hours a week; missing: ROLE_HOURS
    "allocation": 10,  # allocation (%) of a new team member
    "top_k": 20,
    "time_limit": 60,
}
# Hours a week each of the six roles takes by default (QUALITY.md Q17).
ROLE_HOURS = {
    "results-driver": 8,
    "relationship-manager": 5,
    "innovator": 4,
    "collaborator": 3,
    "technical-expert": 1,
    "project-manager": 1,
}


def require_manager(user: User) -> None:
    """The designer changes teams across the portfolio: programme leaders and admins."""
    if not (user.is_authenticated and user.manages_portfolio):
        raise AccessDenied


@dataclass
class ProblemContext:
    """What maps the solver's indices back to records."""

    problem: solver.Problem
    roles: list[Role]
    current_assignments: list[list[int]] = field(default_factory=list)  # per slot


def problem_for(options: dict[str, Any]) -> ProblemContext:
    """The solver's Problem for a run's scope, from the teams as they stand today."""
    opts = {**DEFAULT_OPTIONS, **options}
    today = timezone.localdate()
    accounts = Account.objects.all()
    if opts["tiers"]:
        accounts = accounts.filter(tier_id__in=opts["tiers"])
    if opts["accounts"]:
        accounts = accounts.filter(id__in=opts["accounts"])
    account_rows = list(accounts.order_by("id").values_list("id", "tier_id"))
    roles = role_catalogue()
    role_index = {role.pk: i for i, role in enumerate(roles)}
    required: dict[int, set[int]] = defaultdict(set)
    through = Tier.required_roles.through.objects.filter(
        tier_id__in={tier for _pk, tier in account_rows}
    )
    for tier_id, role_id in through.values_list("tier_id", "role_id"):
        required[tier_id].add(role_id)
    account_index = {pk: i for i, (pk, _tier) in enumerate(account_rows)}

    held = list(
        RoleAssignment.objects.filter(membership__start_date__lte=today)
        .filter(Q(membership__end_date__isnull=True) | Q(membership__end_date__gte=today))
        .values_list("id", "membership__account_id", "role_id", "membership__person_id", "degree")
    )
    people_q = Person.objects.filter(is_active=True)
    if opts["departments"]:
        holding = {row[3] for row in held if row[1] in account_index}
        people_q = people_q.filter(Q(department_id__in=opts["departments"]) | Q(id__in=holding))
    people_rows = list(people_q.order_by("id").values_list("id", "department_id", "capacity"))
    person_index = {pk: i for i, (pk, _d, _c) in enumerate(people_rows)}

    settings = formula_settings()
    default_fit = opts["unassessed_fit"]
    if default_fit is not None:
        settings = engine.Settings(**{**settings.__dict__, "unassessed_fit": float(default_fit)})
    ratings = effective_ratings()
    banned: dict[int, set[int]] = defaultdict(set)
    for department_id, role_id in RoleRestriction.objects.values_list("department_id", "role_id"):
        banned[department_id].add(role_id)
    hours_by_key = {**ROLE_HOURS, **opts["role_hours"]}
    role_hours = tuple(int(hours_by_key.get(role.key, 0)) for role in roles)
    use_hours = bool(opts["use_hours"])

    slot_keys: list[tuple[int, int]] = []
    for pk, tier_id in account_rows:
        wanted = [r.pk for r in roles] if opts["all_roles"] else required.get(tier_id, set())
        slot_keys += [(pk, role.pk) for role in roles if role.pk in wanted]
    slot_set = set(slot_keys)

    # Today's holders of each slot, and what each person holds outside the scope.
    on_slot: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)
    outside_slots: dict[int, int] = defaultdict(int)
    outside_hours: dict[int, int] = defaultdict(int)
    for pk, account_id, role_id, person_id, degree in held:
        if (account_id, role_id) in slot_set:
            on_slot[(account_id, role_id)].append((pk, person_id, degree))
        else:
            outside_slots[person_id] += 1
            outside_hours[person_id] += role_hours[role_index[role_id]]

    people = []
    for pk, department_id, capacity in people_rows:
        fits: list[int | None] = []
        assessed: list[bool] = []
        for role in roles:
            if role.pk in banned.get(department_id or 0, ()):
                fits.append(None)
                assessed.append(False)
                continue
            rating = ratings.get((pk, role.pk))
            fit, was_rated = engine.fit_of(rating.rating if rating else None, settings)
            fits.append(round(solver.model.FULL_FIT * fit))
            assessed.append(was_rated)
        hours = round(opts["hours_per_person"] * capacity / 100) - outside_hours[pk]
        people.append(
            solver.Person(
                id=pk,
                capacity_slots=max(0, opts["slots_per_person"] - outside_slots[pk]),
                capacity_hours=max(0, hours) if use_hours else None,
                fits=tuple(fits),
                assessed=tuple(assessed),
            )
        )

    slots = []
    current_assignments = []
    for account_id, role_id in slot_keys:
        holders: list[tuple[int, int, str]] = on_slot.get((account_id, role_id), [])
        current = None
        ranked = sorted(
            (h for h in holders if h[1] in person_index),
            key=lambda h: (
                h[2] != Degree.LEAD,
                -(people[person_index[h[1]]].fits[role_index[role_id]] or 0),
            ),
        )
        if ranked:
            current = person_index[ranked[0][1]]
        slots.append(
            solver.Slot(
                account=account_index[account_id], role=role_index[role_id], current=current
            )
        )
        current_assignments.append(sorted(h[0] for h in holders))

    n_accounts = len(account_rows)
    conflicts = frozenset(
        person_index[person_id] * n_accounts + account_index[account_id]
        for person_id, account_id in Conflict.objects.values_list("person_id", "account_id")
        if person_id in person_index and account_id in account_index
    )
    problem = solver.Problem(
        account_ids=tuple(pk for pk, _tier in account_rows),
        role_ids=tuple(role.pk for role in roles),
        people=tuple(people),
        slots=tuple(slots),
        role_hours=role_hours if use_hours else (),
        conflicts=conflicts,
        per_account_limit=int(opts["per_account_limit"]),
        weights=solver.Weights(
            fill=int(opts["fill_weight"]),
            fit=int(opts["fit_weight"]),
            continuity=int(opts["continuity_bonus"]),
        ),
    )
    return ProblemContext(problem=problem, roles=roles, current_assignments=current_assignments)


def runs_recent(*, user: User, limit: int = 10) -> list[StaffingRun]:
    require_manager(user)
    return list(StaffingRun.objects.select_related("created_by")[:limit])


def run_get(*, user: User, pk: int) -> StaffingRun:
    require_manager(user)
    run = StaffingRun.objects.select_related("created_by").filter(pk=pk).first()
    if run is None:
        raise Http404("No such run.")
    return run


def run_changes(*, run: StaffingRun, kind: str = "") -> QuerySet[StaffingChange]:
    changes = run.changes.select_related(
        "account", "role", "current_person", "proposed_person", "applied_by"
    ).order_by("account__name", "account_id", "role__order", "id")
    if kind:
        changes = changes.filter(kind=kind)
    return changes


def run_changes_page(
    *, run: StaffingRun, kind: str, page_number: Any, per_page: int
) -> Page[StaffingChange]:
    return Paginator(run_changes(run=run, kind=kind), per_page).get_page(page_number)


def run_counts(*, run: StaffingRun) -> dict[str, int]:
    """Changes of a run by kind, and how many were applied (one query)."""
    return run.changes.aggregate(
        added=Count("id", filter=Q(kind=ChangeKind.ADDED)),
        changed=Count("id", filter=Q(kind=ChangeKind.CHANGED)),
        kept=Count("id", filter=Q(kind=ChangeKind.KEPT)),
        applied=Count("id", filter=Q(applied_at__isnull=False)),
    )


# --- conflicts and role restrictions ---------------------------------------------------


def conflicts_list(*, user: User, query: str = "") -> QuerySet[Conflict]:
    """Every recorded conflict (programme leaders and admins), by account then person;
    `query` matches the account's or the person's name."""
    require_manager(user)
    conflicts = Conflict.objects.select_related("person", "account").order_by(
        "account__name", "person__full_name", "id"
    )
    if query.strip():
        text = query.strip()
        conflicts = conflicts.filter(
            Q(account__name__icontains=text) | Q(person__full_name__icontains=text)
        )
    return conflicts


def conflict_get(*, user: User, pk: int) -> Conflict:
    require_manager(user)
    conflict = Conflict.objects.select_related("person", "account").filter(pk=pk).first()
    if conflict is None:
        raise Http404("No such conflict.")
    return conflict


def restrictions_list(*, user: User) -> QuerySet[RoleRestriction]:
    require_manager(user)
    return RoleRestriction.objects.select_related("department", "role").order_by(
        "department__name", "role__order", "id"
    )


def restriction_get(*, user: User, pk: int) -> RoleRestriction:
    require_manager(user)
    restriction = RoleRestriction.objects.select_related("department", "role").filter(pk=pk).first()
    if restriction is None:
        raise Http404("No such restriction.")
    return restriction


def exclusions_counts(*, user: User) -> dict[str, int]:
    """How many conflicts and role restrictions are recorded (two counts)."""
    require_manager(user)
    return {
        "conflicts": Conflict.objects.count(),
        "restrictions": RoleRestriction.objects.count(),
    }


# --- the type-ahead searches of the designer's forms -----------------------------------

SEARCH_MATCHES = 8


def _exact_first(field: str, query: str) -> Case:
    return Case(When(**{f"{field}__iexact": query}, then=Value(0)), default=Value(1))


def account_search(*, user: User, query: str, limit: int = SEARCH_MATCHES) -> list[Account]:
    """Accounts whose name contains `query` (or whose external id is `query`), an exact
    name first: the type-ahead of the designer's forms. One query, at most `limit` rows."""
    require_manager(user)
    query = query.strip()
    if not query:
        return []
    accounts = (
        Account.objects.filter(Q(name__icontains=query) | Q(external_id__iexact=query))
        .select_related("tier")
        .order_by(_exact_first("name", query), "name", "id")
    )
    return list(accounts[:limit])


def person_search(*, user: User, query: str, limit: int = SEARCH_MATCHES) -> list[Person]:
    """Our active people whose name, job title or e-mail contains `query`, an exact name
    first: the type-ahead of the conflict form. One query, at most `limit` rows."""
    require_manager(user)
    query = query.strip()
    if not query:
        return []
    people = (
        Person.objects.filter(is_active=True)
        .filter(
            Q(full_name__icontains=query)
            | Q(job_title__icontains=query)
            | Q(email__icontains=query)
        )
        .select_related("department")
        .order_by(_exact_first("full_name", query), "full_name", "id")
    )
    return list(people[:limit])
