"""Reads of plans, reviews, blockers and "my work". Account-scoped reads take an account
already looked up with `accounts.selectors.account_get` (the access rule); reads across
accounts take the user and apply `accounts_visible_to`.

Each page's reads are counted in hexad/planning/tests/test_query_counts.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hexad.accounts.models import Account, TeamMembership
from hexad.accounts.selectors import accounts_visible_to
from hexad.people.models import Person, User
from hexad.planning import cadence as cad
from hexad.planning import completeness as comp
from hexad.planning.models import (
    OPEN_ACTION_STATUSES,
    OPEN_BLOCKER_STATUSES,
    AccountPlan,
    Action,
    Blocker,
    BlockerStatus,
    CalendarToken,
    Objective,
    PlanningSummary,
    PlanStatus,
    ResourceRequest,
    Review,
    Risk,
)
from hexad.relationships.models import Stakeholder, StakeholderStatus
from hexad.roles.models import Role
from hexad.roles.selectors import attach_roles, role_catalogue


def next_steps_weeks() -> int:
    return int(getattr(settings, "HEXAD_NEXT_STEPS_WEEKS", 2))


def account_since(account: Account) -> datetime.date:
    """The day the account joined the programme (cadence counts from it)."""
    return timezone.localdate(account.created_at)


def tier_cadence(account: Account) -> cad.Cadence:
    tier = account.tier
    return cad.Cadence(
        check_in_days=tier.check_in_days,
        quarterly_days=tier.quarterly_review_days,
        executive_days=tier.executive_review_days,
    )


# --- reviews: last held and next planned, per kind -----------------------------------------------


@dataclass(frozen=True)
class ReviewDates:
    last_held: dict[str, datetime.date]  # kind: the latest review held (on or before today)
    next_planned: dict[str, datetime.date]  # kind: the earliest review planned after today

    @property
    def next_planned_on(self) -> datetime.date | None:
        return min(self.next_planned.values()) if self.next_planned else None


def review_dates(*, account_ids: Iterable[int], today: datetime.date) -> dict[int, ReviewDates]:
    """Latest held and earliest planned review of each kind per account: one GROUP BY."""
    rows = (
        Review.objects.filter(account_id__in=list(account_ids))
        .values("account_id", "kind")
        .annotate(
            last=Max("held_on", filter=Q(held_on__lte=today)),
            next=Min("held_on", filter=Q(held_on__gt=today)),
        )
        .order_by()
    )
    result: dict[int, ReviewDates] = {}
    for row in rows:
        entry = result.setdefault(row["account_id"], ReviewDates({}, {}))
        if row["last"] is not None:
            entry.last_held[row["kind"]] = row["last"]
        if row["next"] is not None:
            entry.next_planned[row["kind"]] = row["next"]
    return result


def account_cadence(
    *, account: Account, dates: ReviewDates, today: datetime.date
) -> cad.CadenceStatus:
    return cad.cadence_status(
        cadence=tier_cadence(account),
        last_held=dates.last_held,
        since=account_since(account),
        today=today,
    )


# --- plans ---------------------------------------------------------------------------------------


def current_plan_of(plans: Sequence[AccountPlan], today: datetime.date) -> AccountPlan | None:
    return next((plan for plan in plans if plan.is_current(today)), None)


def current_plan(*, account: Account, today: datetime.date | None = None) -> AccountPlan | None:
    day = today or timezone.localdate()
    return (
        AccountPlan.objects.filter(
            account=account,
            status=PlanStatus.ACTIVE,
            period_start__lte=day,
            period_end__gte=day,
        )
        .order_by("-period_start")
        .first()
    )


def account_plans(*, account: Account) -> list[AccountPlan]:
    return list(AccountPlan.objects.filter(account=account).order_by("-period_start", "-id"))


def actions_list(*, account: Account, plan: AccountPlan | None = None) -> QuerySet[Action]:
    """The account's actions (or one plan's) with their plan, objective, owner and role in
    the same query: the newest plan first, then by due date as the plan page lists them."""
    actions = Action.objects.filter(account=account)
    if plan is not None:
        actions = actions.filter(plan=plan)
    return actions.select_related("account", "plan", "objective", "owner", "role").order_by(
        "-plan__period_start", "-plan_id", F("due_date").asc(nulls_last=True), "id"
    )


def plan_get(*, account: Account, pk: int) -> AccountPlan:
    plan = AccountPlan.objects.filter(account=account, pk=pk).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan


def objective_get(*, account: Account, pk: int) -> Objective:
    objective = (
        Objective.objects.select_related("plan").filter(plan__account=account, pk=pk).first()
    )
    if objective is None:
        raise Http404("No such objective.")
    return objective


def action_get(*, account: Account, pk: int) -> Action:
    action = (
        Action.objects.select_related("plan", "owner", "objective", "role")
        .filter(account=account, pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    return action


def resource_get(*, account: Account, pk: int) -> ResourceRequest:
    resource = (
        ResourceRequest.objects.select_related("plan").filter(plan__account=account, pk=pk).first()
    )
    if resource is None:
        raise Http404("No such resource request.")
    return resource


def risk_get(*, account: Account, pk: int) -> Risk:
    risk = Risk.objects.select_related("plan").filter(plan__account=account, pk=pk).first()
    if risk is None:
        raise Http404("No such risk.")
    return risk


@dataclass(frozen=True)
class TeamMember:
    membership: TeamMembership
    is_contributor: bool  # an internal contributor: from a department other than the lead's

    @property
    def person(self) -> Person:
        return self.membership.person

    @property
    def department(self) -> str:
        department = self.membership.person.department
        return department.name if department else ""


def account_team_members(*, account: Account) -> list[TeamMember]:
    """Today's team, each marked as an internal contributor when their department differs
    from the account lead's (docs/planning.md). One query."""
    lead_department = account.lead.department_id if account.lead else None
    memberships = (
        TeamMembership.objects.active()
        .filter(account=account)
        .select_related("person", "person__department")
        .order_by("person__full_name", "id")
    )
    return [
        TeamMember(
            membership=m,
            is_contributor=(
                lead_department is not None
                and m.person.department_id is not None
                and m.person.department_id != lead_department
                and m.person_id != account.lead_id
            ),
        )
        for m in memberships
    ]


def owner_choices(*, account: Account, team: Sequence[TeamMember]) -> list[Person]:
    """Who may own an action or a blocker: today's team (the lead included)."""
    people = {member.person.pk: member.person for member in team}
    if account.lead is not None and account.lead_id not in people and account.lead.is_active:
        people[account.lead.pk] = account.lead
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


@dataclass(frozen=True)
class ActionChoices:
    """What an action form offers: owners (today's team and the lead), roles, objectives."""

    owners: list[Person]
    roles: list[Role]
    objectives: list[Objective]


def action_choices(
    *, account: Account, plan: AccountPlan, keep_owner: Person | None = None
) -> ActionChoices:
    """The choices of an action form of `plan`, in two queries (team, objectives; the
    roles come from the kept role catalogue).
    `keep_owner` stays a choice even when they have left the team, so that editing an
    action's other fields does not force a new owner on it."""
    owners = owner_choices(account=account, team=account_team_members(account=account))
    if keep_owner is not None and all(person.pk != keep_owner.pk for person in owners):
        owners.append(keep_owner)
    return ActionChoices(
        owners=owners,
        roles=role_catalogue(),
        objectives=list(Objective.objects.filter(plan=plan)),
    )


@dataclass(frozen=True)
class PlanPage:
    account: Account
    plan: AccountPlan
    plans: list[AccountPlan]
    current: AccountPlan | None
    objectives: list[Objective]
    actions: list[Action]
    resources: list[ResourceRequest]
    risks: list[Risk]
    team: list[TeamMember]
    roles: list[Role]
    cadence: cad.CadenceStatus
    dates: ReviewDates
    completeness: comp.Completeness
    today: datetime.date

    @property
    def read_only(self) -> bool:
        return self.plan.is_read_only(self.today)

    @property
    def owners(self) -> list[Person]:
        return owner_choices(account=self.account, team=self.team)

    @property
    def objective_rows(self) -> list[tuple[Objective, list[Action]]]:
        return [(o, [a for a in self.actions if a.objective_id == o.pk]) for o in self.objectives]

    @property
    def unlinked_actions(self) -> list[Action]:
        return [a for a in self.actions if a.objective_id is None]


def plan_completeness(
    *,
    plan: AccountPlan,
    objectives: Sequence[Objective],
    actions: Sequence[Action],
    risks: int,
    cadence: cad.CadenceStatus,
    today: datetime.date,
) -> comp.Completeness:
    facts = comp.plan_facts(
        goals=plan.goals,
        client_priorities=plan.client_priorities,
        strategies=plan.strategies,
        objective_ids=[o.pk for o in objectives],
        actions=[
            comp.ActionFacts(
                action_id=a.pk,
                objective_id=a.objective_id,
                owner_id=a.owner_id,
                due_date=a.due_date,
                status=a.status,
            )
            for a in actions
        ],
        risks=risks,
    )
    return comp.completeness(
        facts, cadence=cadence, today=today, next_steps_weeks=next_steps_weeks()
    )


def plan_page(*, account: Account, pk: int, today: datetime.date | None = None) -> PlanPage:
    """Everything the plan page shows, in seven queries: the account's plans, the plan's
    objectives, actions (owner, role), resources (who requested and decided), risks, the
    account's review dates and today's team (with departments); the roles come from the
    kept role catalogue."""
    day = today or timezone.localdate()
    plans = account_plans(account=account)
    plan = next((p for p in plans if p.pk == pk), None)
    if plan is None:
        raise Http404("No such plan.")
    objectives = list(plan.objectives.all())
    actions = list(
        plan.actions.select_related("owner").order_by(F("due_date").asc(nulls_last=True), "id")
    )
    attach_roles(actions)
    resources = list(plan.resources.select_related("decided_by__person", "requested_by__person"))
    risks = sorted(plan.risks.all(), key=lambda r: (-r.severity, r.pk))
    dates = review_dates(account_ids=[account.pk], today=day).get(account.pk, ReviewDates({}, {}))
    cadence = account_cadence(account=account, dates=dates, today=day)
    return PlanPage(
        account=account,
        plan=plan,
        plans=plans,
        current=current_plan_of(plans, day),
        objectives=objectives,
        actions=actions,
        resources=resources,
        risks=risks,
        team=account_team_members(account=account),
        roles=role_catalogue(),
        cadence=cadence,
        dates=dates,
        completeness=plan_completeness(
            plan=plan,
            objectives=objectives,
            actions=actions,
            risks=len(risks),
            cadence=cadence,
            today=day,
        ),
        today=day,
    )


# --- reviews -------------------------------------------------------------------------------------


def reviews_list(*, account: Account) -> QuerySet[Review]:
    return (
        Review.objects.filter(account=account)
        .prefetch_related("people", "stakeholders")
        .order_by("-held_on", "-id")
    )


def review_get(*, account: Account, pk: int) -> Review:
    review = Review.objects.filter(account=account, pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    return review


def review_detail(*, account: Account, pk: int) -> tuple[Review, list[Action]]:
    """The review with its attendees (prefetched) and the actions decided at it."""
    review = (
        Review.objects.filter(account=account, pk=pk)
        .select_related("created_by")
        .prefetch_related("people", "stakeholders")
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    decisions = list(review.decisions.select_related("owner", "plan").order_by("id"))
    return review, decisions


def review_people_choices(
    *, account: Account, chosen: Iterable[int] = (), lead: bool = True
) -> list[Person]:
    """The attendees of ours a review form offers without searching: the account's team
    today (and its lead), and whoever is chosen already. Anyone else of our active people
    is found through `attendee_search`. Two queries, bounded by the team's size."""
    on_team = set(
        TeamMembership.objects.active().filter(account=account).values_list("person_id", flat=True)
    )
    wanted = Q(pk__in=on_team) | Q(pk__in=list(chosen))
    if lead and account.lead_id is not None:
        wanted |= Q(pk=account.lead_id)
    people = list(Person.objects.filter(wanted, is_active=True).order_by("full_name", "id"))
    for person in people:
        person.on_team = person.pk in on_team  # type: ignore[attr-defined]
    return sorted(people, key=lambda p: (not p.on_team, p.full_name, p.pk))  # type: ignore[attr-defined]


ATTENDEE_MATCHES = 8


def attendee_search(*, account: Account, query: str, limit: int = ATTENDEE_MATCHES) -> list[Person]:
    """Our active people whose name, job title or e-mail contains `query`, the account's
    team first: the review form's type-ahead. One query, at most `limit` rows."""
    query = query.strip()
    if not query:
        return []
    team = TeamMembership.objects.active().filter(account=account, person_id=OuterRef("pk"))
    people = (
        Person.objects.filter(is_active=True)
        .filter(
            Q(full_name__icontains=query)
            | Q(job_title__icontains=query)
            | Q(email__icontains=query)
        )
        .annotate(on_team=Exists(team))
        .select_related("department")
        .order_by("-on_team", "full_name", "id")
    )
    return list(people[:limit])


def escalation_choices(
    *, account: Account, team: Sequence[TeamMember], current: Person | None = None
) -> list[Person]:
    """Whom a blocker may be escalated to: the team and its lead, the programme's leaders
    and administrators (their people), and whoever it is escalated to now. One query."""
    people = {person.pk: person for person in owner_choices(account=account, team=team)}
    managers = Person.objects.filter(is_active=True).filter(
        Q(user__access_level__in=["leader", "admin"]) | Q(user__is_superuser=True)
    )
    for person in managers:
        people.setdefault(person.pk, person)
    if current is not None:
        people.setdefault(current.pk, current)
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


def stakeholder_choices(*, account: Account) -> list[Stakeholder]:
    return list(
        Stakeholder.objects.filter(account=account, status=StakeholderStatus.ACTIVE).order_by(
            "level", "name", "id"
        )
    )


# --- blockers ------------------------------------------------------------------------------------

BLOCKER_FILTERS = ("active", "open", "escalated", "resolved", "all")


def blockers_list(*, account: Account, status: str = "active") -> QuerySet[Blocker]:
    blockers = Blocker.objects.filter(account=account).select_related("owner", "escalated_to")
    if status == "active":
        blockers = blockers.filter(status__in=OPEN_BLOCKER_STATUSES)
    elif status in BlockerStatus.values:
        blockers = blockers.filter(status=status)
    return blockers.order_by("-raised_on", "-id")


def blocker_get(*, account: Account, pk: int) -> Blocker:
    blocker = Blocker.objects.filter(account=account, pk=pk).first()
    if blocker is None:
        raise Http404("No such blocker.")
    return blocker


# --- the summary row and the portfolio list ------------------------------------------------------


def account_summary(*, account: Account) -> PlanningSummary | None:
    return PlanningSummary.objects.select_related("plan").filter(account=account).first()


PORTFOLIO_SORTS: dict[str, tuple[Any, ...]] = {
    "due": (F("planning__next_review_due").asc(nulls_last=True), "name", "id"),
    "-due": (F("planning__next_review_due").desc(nulls_last=True), "name", "id"),
    "completeness": (F("planning__completeness").asc(nulls_first=True), "name", "id"),
    "-completeness": (F("planning__completeness").desc(nulls_last=True), "name", "id"),
    "last": (F("planning__last_review_on").asc(nulls_first=True), "name", "id"),
    "-last": (F("planning__last_review_on").desc(nulls_last=True), "name", "id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
}
PORTFOLIO_DEFAULT_SORT = "due"  # the most overdue first


@dataclass(frozen=True)
class PortfolioFilters:
    query: str = ""
    tier: int | None = None
    overdue_only: bool = False
    sort: str = PORTFOLIO_DEFAULT_SORT


def planning_portfolio(
    *, user: User, filters: PortfolioFilters, today: datetime.date | None = None
) -> QuerySet[Account]:
    """The accounts the user sees with their stored planning summary (a LEFT JOIN), sorted
    in SQL so a page is read without computing anything for the other accounts."""
    day = today or timezone.localdate()
    accounts = accounts_visible_to(user).select_related(
        "tier", "lead", "planning", "planning__plan"
    )
    if filters.query:
        accounts = accounts.filter(name__icontains=filters.query)
    if filters.tier:
        accounts = accounts.filter(tier_id=filters.tier)
    if filters.overdue_only:
        accounts = accounts.filter(planning__next_review_due__lt=day)
    order = PORTFOLIO_SORTS.get(filters.sort, PORTFOLIO_SORTS[PORTFOLIO_DEFAULT_SORT])
    return accounts.order_by(*order)


# --- my work -------------------------------------------------------------------------------------

MY_ACTIONS_LIMIT = 200
MY_REVIEWS_LIMIT = 10
MY_ACTION_FIELDS = ("title", "due_date", "status", "plan", "account", "account__name")
MY_REVIEW_FIELDS = ("held_on", "kind", "account", "account__name")
MY_BLOCKER_FIELDS = (
    "title", "status", "raised_on", "owner", "escalated_to", "account", "account__name"
)  # fmt: skip


@dataclass(frozen=True)
class MyWork:
    person: Person | None
    overdue: list[Action]
    this_week: list[Action]
    later: list[Action]
    upcoming_reviews: list[Review]
    recent_reviews: list[Review]
    blockers: list[Blocker]
    today: datetime.date
    truncated: bool = False

    @property
    def has_work(self) -> bool:
        return bool(self.overdue or self.this_week or self.upcoming_reviews or self.blockers)


def my_actions(*, user: User, person: Person) -> QuerySet[Action]:
    """The person's open actions in plans still being worked (not closed, not ended)."""
    return (
        Action.objects.filter(
            owner=person,
            status__in=OPEN_ACTION_STATUSES,
            plan__status=PlanStatus.ACTIVE,
            plan__period_end__gte=timezone.localdate(),
            account__in=accounts_visible_to(user).values("id"),
        )
        .select_related("account", "plan")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def my_reviews(*, user: User, person: Person) -> QuerySet[Review]:
    return Review.objects.filter(
        people=person, account__in=accounts_visible_to(user).values("id")
    ).select_related("account")


def my_blockers(*, user: User, person: Person) -> QuerySet[Blocker]:
    return (
        Blocker.objects.filter(
            Q(owner=person) | Q(escalated_to=person),
            status__in=OPEN_BLOCKER_STATUSES,
            account__in=accounts_visible_to(user).values("id"),
        )
        .select_related("account", "owner", "escalated_to")
        .order_by("-raised_on", "-id")
    )


def my_work(*, user: User, today: datetime.date | None = None) -> MyWork:
    """A user's open actions across accounts (overdue, due within 7 days, later), the reviews
    they attend (next and last ten) and the blockers they own or were escalated: four
    queries (none without a person)."""
    day = today or timezone.localdate()
    person: Person | None = getattr(user, "person", None)
    if person is None:
        return MyWork(None, [], [], [], [], [], [], day)
    # What the page and the daily e-mail show of each row: up to 200 actions with whole
    # plans (their long sections) and accounts cost more to read than to draw.
    actions = list(
        my_actions(user=user, person=person)
        .select_related(None)
        .select_related("account")
        .only(*MY_ACTION_FIELDS)[: MY_ACTIONS_LIMIT + 1]
    )
    truncated = len(actions) > MY_ACTIONS_LIMIT
    actions = actions[:MY_ACTIONS_LIMIT]
    week_end = day + datetime.timedelta(days=6)
    reviews = my_reviews(user=user, person=person).only(*MY_REVIEW_FIELDS)
    return MyWork(
        person=person,
        overdue=[a for a in actions if a.due_date is not None and a.due_date < day],
        this_week=[a for a in actions if a.due_date is not None and day <= a.due_date <= week_end],
        later=[a for a in actions if a.due_date is None or a.due_date > week_end],
        upcoming_reviews=list(
            reviews.filter(held_on__gte=day).order_by("held_on", "id")[:MY_REVIEWS_LIMIT]
        ),
        recent_reviews=list(
            reviews.filter(held_on__lt=day).order_by("-held_on", "-id")[:MY_REVIEWS_LIMIT]
        ),
        blockers=list(
            my_blockers(user=user, person=person)
            .select_related(None)
            .select_related("account")
            .only(*MY_BLOCKER_FIELDS)
        ),
        today=day,
        truncated=truncated,
    )


# --- the calendar feed ---------------------------------------------------------------------------

FEED_PAST_DAYS = 90  # reviews held longer ago stay out of the feed


def calendar_token_active(*, user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_token_user(*, token_hash: str) -> User | None:
    token = (
        CalendarToken.objects.select_related("user", "user__person")
        .filter(token_hash=token_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


def calendar_items(
    *, user: User, today: datetime.date | None = None
) -> tuple[list[Action], list[Review]]:
    """The feed's events: the user's open actions with a due date, and the reviews they
    attend from 90 days ago on. Two queries."""
    day = today or timezone.localdate()
    person: Person | None = getattr(user, "person", None)
    if person is None:
        return [], []
    actions = list(
        my_actions(user=user, person=person).filter(due_date__isnull=False)[:MY_ACTIONS_LIMIT]
    )
    reviews = list(
        my_reviews(user=user, person=person)
        .filter(held_on__gte=day - datetime.timedelta(days=FEED_PAST_DAYS))
        .order_by("held_on", "id")[:MY_ACTIONS_LIMIT]
    )
    return actions, reviews
