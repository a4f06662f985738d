"""Reads of an account's stakeholders, relationships, interactions and concerns.

Access is the account's: a view first looks the account up with
`hexad.accounts.selectors.account_get(user=…, pk=…, for_edit=…)`, which answers 404 or 403,
and then reads objects *within that account* with the selectors here; an object of
another account is not found (404). The figures are computed in `metrics.py` from the
facts read here, so a page costs the same few queries however many rows it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from hexad.accounts.models import Account, Degree, RoleAssignment, TeamMembership
from hexad.people.models import Person, User
from hexad.relationships.metrics import (
    MissingInformation,
    Player,
    RelationshipFacts,
    RelationshipMetrics,
    StakeholderFacts,
    TwoSidedPairing,
    compute_metrics,
    missing_information,
    strongest_relationships,
    two_sided,
)
from hexad.relationships.models import (
    BUYING_ROLE_FIELDS,
    OPEN_CONCERN_STATUSES,
    Interaction,
    InteractionStakeholder,
    Relationship,
    Stakeholder,
    StakeholderStatus,
    TechnicalConcern,
)
from hexad.roles.catalogue import (
    INNOVATOR,
    RELATIONSHIP_MANAGER,
    RESULTS_DRIVER,
    TECHNICAL_EXPERT,
)

RECENT_INTERACTIONS = 20

# --- facts: one query each ------------------------------------------------------------------

_FACT_FIELDS = (
    "id",
    "name",
    "title",
    "level",
    "status",
    "attitude",
    "influence",
    "competitor",
    "reports_to_id",
    "dotted_manager_id",
    "owner_id",
    "owner__full_name",
    "business_unit__name",
    "first_engaged",
    *BUYING_ROLE_FIELDS.values(),
)


def stakeholder_facts(*, account: Account) -> list[StakeholderFacts]:
    """Every stakeholder of the account (those who left included), in one query."""
    rows = Stakeholder.objects.filter(account=account).values(*_FACT_FIELDS)
    return [
        StakeholderFacts(
            id=row["id"],
            name=row["name"],
            title=row["title"],
            level=row["level"],
            status=row["status"],
            attitude=row["attitude"],
            influence=row["influence"],
            buying_roles=tuple(code for code, name in BUYING_ROLE_FIELDS.items() if row[name]),
            competitor=row["competitor"],
            reports_to_id=row["reports_to_id"],
            dotted_manager_id=row["dotted_manager_id"],
            owner_id=row["owner_id"],
            owner_name=row["owner__full_name"] or "",
            business_unit_name=row["business_unit__name"] or "",
            first_engaged=row["first_engaged"],
        )
        for row in rows
    ]


def relationship_facts(*, account: Account) -> list[RelationshipFacts]:
    """Every relationship with a stakeholder of the account, in one query."""
    rows = Relationship.objects.filter(stakeholder__account=account).values_list(
        "id",
        "person_id",
        "person__full_name",
        "stakeholder_id",
        "current_level",
        "desired_level",
        "last_interaction",
    )
    return [RelationshipFacts(*row) for row in rows]


@dataclass(frozen=True)
class ConcernCounts:
    open: int
    overdue: int


def concern_counts(*, account: Account, today: datetime.date | None = None) -> ConcernCounts:
    """Open concerns of the account and how many of them are past their due date."""
    day = today or timezone.localdate()
    still_open = Q(status__in=OPEN_CONCERN_STATUSES)
    counts = TechnicalConcern.objects.filter(account=account).aggregate(
        open=Count("id", filter=still_open),
        overdue=Count("id", filter=still_open & Q(due_date__lt=day)),
    )
    return ConcernCounts(open=counts["open"], overdue=counts["overdue"])


# --- the account's relationship figures -------------------------------------------------------


@dataclass(frozen=True)
class RelationshipOverview:
    """What the account's Relationships page shows above and beside its table."""

    stakeholders: list[StakeholderFacts]
    relationships: list[RelationshipFacts]
    metrics: RelationshipMetrics
    strongest: dict[int, RelationshipFacts]
    missing: list[MissingInformation]
    today: datetime.date

    def names(self) -> dict[int, str]:
        return {s.id: s.name for s in self.stakeholders}


def relationship_overview(
    *,
    account: Account,
    today: datetime.date | None = None,
    stale_days: int | None = None,
    with_concerns: bool = True,
) -> RelationshipOverview:
    """Stakeholders, relationships and the figures: two queries, three with the concerns."""
    day = today or timezone.localdate()
    stakeholders = stakeholder_facts(account=account)
    relationships = relationship_facts(account=account)
    concerns = concern_counts(account=account, today=day) if with_concerns else None
    return RelationshipOverview(
        stakeholders=stakeholders,
        relationships=relationships,
        metrics=compute_metrics(
            stakeholders=stakeholders,
            relationships=relationships,
            today=day,
            stale_days=stale_days or settings.HEXAD_STALE_DAYS,
            open_concerns=concerns.open if concerns else 0,
            overdue_concerns=concerns.overdue if concerns else 0,
        ),
        strongest=strongest_relationships(relationships),
        missing=missing_information(stakeholders=stakeholders, relationships=relationships),
        today=day,
    )


def relationship_metrics(
    *, account: Account, today: datetime.date | None = None, stale_days: int | None = None
) -> RelationshipMetrics:
    """The account's relationship figures (three queries)."""
    return relationship_overview(account=account, today=today, stale_days=stale_days).metrics


# --- our team's role players ----------------------------------------------------------------

PAIRED_ROLES = (RELATIONSHIP_MANAGER, TECHNICAL_EXPERT, INNOVATOR, RESULTS_DRIVER)


def role_players(
    *, account: Account, role_keys: tuple[str, ...] = PAIRED_ROLES, on: datetime.date | None = None
) -> list[Player]:
    """Who plays each of these roles on the account today (one query)."""
    rows = (
        RoleAssignment.objects.filter(
            membership__in=TeamMembership.objects.active(on).filter(account=account),
            role__key__in=role_keys,
        )
        .order_by("role__order", "-degree", "membership__person__full_name", "id")
        .values_list(
            "membership__person_id", "membership__person__full_name", "role__key", "degree"
        )
    )
    # "lead" sorts after "contributing": descending puts leads first.
    return [
        Player(person_id=pid, name=name, role_key=key, is_lead=degree == Degree.LEAD)
        for pid, name, key, degree in rows
    ]


def two_sided_view(*, account: Account) -> list[TwoSidedPairing]:
    """Our roles against their stakeholder types (three queries)."""
    return two_sided(
        stakeholders=stakeholder_facts(account=account),
        relationships=relationship_facts(account=account),
        players=role_players(account=account),
    )


def technical_expert_lead(*, account: Account) -> Person | None:
    """The person who plays Technical Expert as lead on the account today, if anyone."""
    assignment = (
        RoleAssignment.objects.filter(
            membership__in=TeamMembership.objects.active().filter(account=account),
            role__key=TECHNICAL_EXPERT,
            degree=Degree.LEAD,
            membership__person__is_active=True,
        )
        .select_related("membership__person")
        .order_by("membership__start_date", "id")
        .first()
    )
    return assignment.membership.person if assignment else None


# --- objects within an account --------------------------------------------------------------


def stakeholder_get(*, account: Account, pk: int) -> Stakeholder:
    stakeholder = (
        Stakeholder.objects.select_related("business_unit", "owner", "reports_to", "dotted_manager")
        .filter(account=account, pk=pk)
        .first()
    )
    if stakeholder is None:
        raise Http404("No such stakeholder.")
    stakeholder.account = account
    return stakeholder


def stakeholder_relationships(*, stakeholder: Stakeholder) -> list[Relationship]:
    return list(
        Relationship.objects.filter(stakeholder=stakeholder)
        .select_related("person")
        .order_by("-current_level", "person__full_name", "id")
    )


def stakeholder_interactions(
    *, stakeholder: Stakeholder, limit: int = RECENT_INTERACTIONS
) -> list[Interaction]:
    """The latest interactions with a stakeholder, with our people (two queries)."""
    # Through the (stakeholder, interaction) index first, then only those rows are sorted.
    met = InteractionStakeholder.objects.filter(stakeholder=stakeholder).values("interaction_id")
    return list(
        Interaction.objects.filter(id__in=met)
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("id", "full_name")))
        .order_by("-occurred_on", "-id")[:limit]
    )


def stakeholder_concerns(*, stakeholder: Stakeholder) -> list[TechnicalConcern]:
    return list(
        TechnicalConcern.objects.filter(raised_by=stakeholder)
        .select_related("owner")
        .order_by("-raised_on", "-id")
    )


def relationship_get(*, account: Account, pk: int) -> Relationship:
    relationship = (
        Relationship.objects.select_related("person", "stakeholder")
        .filter(stakeholder__account=account, pk=pk)
        .first()
    )
    if relationship is None:
        raise Http404("No such relationship.")
    return relationship


def interactions_list(*, account: Account) -> QuerySet[Interaction]:
    """The account's interactions, newest first, with both sides prefetched."""
    return (
        Interaction.objects.filter(account=account)
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.only("id", "full_name")),
            Prefetch(
                "stakeholders",
                queryset=Stakeholder.objects.only("id", "name", "title", "account_id"),
            ),
        )
        .order_by("-occurred_on", "-id")
    )


def concerns_list(*, account: Account, status: str = "") -> QuerySet[TechnicalConcern]:
    """The account's concerns: open ones first, by due date."""
    concerns = TechnicalConcern.objects.filter(account=account).select_related("raised_by", "owner")
    if status == "active":
        concerns = concerns.filter(status__in=OPEN_CONCERN_STATUSES)
    elif status:
        concerns = concerns.filter(status=status)
    closed = Case(When(status__in=OPEN_CONCERN_STATUSES, then=Value(0)), default=Value(1))
    return concerns.annotate(closed=closed).order_by(
        "closed", F("due_date").asc(nulls_last=True), "-raised_on", "-id"
    )


def concern_get(*, account: Account, pk: int) -> TechnicalConcern:
    concern = (
        TechnicalConcern.objects.select_related("raised_by", "owner")
        .filter(account=account, pk=pk)
        .first()
    )
    if concern is None:
        raise Http404("No such technical concern.")
    return concern


# --- choices for forms ----------------------------------------------------------------------


def people_for(
    *, account: Account, user: User | None = None, also: Iterable[int | None] = ()
) -> QuerySet[Person]:
    """Our active people a form offers for this account: today's team first, then anyone
    who already has a relationship with one of its stakeholders, the user themself, and
    the ids in `also` (e.g. the current owner). The whole directory would make a list of
    a thousand names nobody can use; services accept any of our people."""
    team = TeamMembership.objects.active().filter(account=account)
    on_team = team.filter(person=OuterRef("pk"))
    related = Relationship.objects.filter(stakeholder__account=account).values("person_id")
    wanted = Q(id__in=team.values("person_id")) | Q(id__in=related)
    extra = [pk for pk in also if pk is not None]
    if extra:
        wanted |= Q(id__in=extra)
    if user is not None and user.is_authenticated:
        wanted |= Q(user=user)
    return (
        Person.objects.filter(wanted, is_active=True)
        .annotate(on_team=Exists(on_team))
        .order_by("-on_team", "full_name", "id")
    )


def active_stakeholders(*, account: Account) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(account=account, status=StakeholderStatus.ACTIVE).order_by(
        "level", "name", "id"
    )
