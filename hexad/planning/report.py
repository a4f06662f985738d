"""The progress report: what changed on an account since a review (by default the last one
held). Read once, shown as a page and rendered as a PDF from the same data.

Sections: actions done and overdue; objectives moved; new stakeholders and relationship
changes; pipeline changes (when the growth app is installed); coverage changes; reviews
held since. Where the review kept a snapshot (hexad.planning.snapshots), objective values,
relationship levels and coverage are compared with it exactly; without one (reviews
recorded before snapshots existed, or the demo's history) the report lists what was
updated since the date and says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.coverage.models import RoleCoverageCell
from hexad.planning.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Objective,
    PlanStatus,
    Review,
    ReviewSnapshot,
)
from hexad.relationships.models import Relationship, RelationshipLevel, Stakeholder
from hexad.roles.selectors import attach_roles

FALLBACK_DAYS = 90  # with no review yet and no plan: the last 90 days


@dataclass(frozen=True)
class ObjectiveChange:
    objective: Objective
    before: Decimal | None
    after: Decimal | None
    exact: bool  # compared with the review's snapshot (else: updated since the date)


@dataclass(frozen=True)
class RelationshipChange:
    relationship: Relationship
    before: int | None  # None: new since (or unknown without a snapshot)
    exact: bool

    @property
    def before_label(self) -> str:
        return (
            str(dict(RelationshipLevel.choices).get(self.before, ""))
            if self.before is not None
            else ""
        )


@dataclass(frozen=True)
class CoverageChange:
    cell: RoleCoverageCell
    before_score: int | None
    before_status: str | None


@dataclass(frozen=True)
class PipelineChanges:
    available: bool
    new: list[Any] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class ProgressReport:
    account: Account
    since: datetime.date
    baseline: Review | None
    reviews: list[Review]  # every review of the account, newest first (the "since" choices)
    snapshot: ReviewSnapshot | None
    done: list[Action]
    overdue: list[Action]
    objectives: list[ObjectiveChange]
    new_stakeholders: list[Stakeholder]
    relationships: list[RelationshipChange]
    coverage: list[CoverageChange]
    coverage_exact: bool
    pipeline: PipelineChanges
    reviews_since: list[Review]
    today: datetime.date

    @property
    def held_reviews(self) -> list[Review]:
        return [r for r in self.reviews if r.held_on <= self.today]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def pipeline_changes(*, account: Account, since: datetime.date) -> PipelineChanges:
    """Opportunities created or changed since the date, when the growth app is installed
    and has an Opportunity model with an account; otherwise an empty, explained section."""
    if not apps.is_installed("hexad.growth"):
        return PipelineChanges(available=False)
    try:
        model = apps.get_model("growth", "Opportunity")
    except LookupError:
        return PipelineChanges(available=False)
    names = {f.name for f in model._meta.get_fields()}
    if "account" not in names:
        return PipelineChanges(available=False)
    created = "created_at" if "created_at" in names else None
    updated = "updated_at" if "updated_at" in names else None
    if created is None:
        return PipelineChanges(available=False)
    moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    rows = list(
        model._default_manager.filter(account=account)
        .filter(Q(**{f"{created}__gte": moment}) | Q(**{f"{updated or created}__gte": moment}))
        .order_by(f"-{updated or created}")[:50]
    )
    new = [row for row in rows if getattr(row, created) >= moment]
    changed = [row for row in rows if getattr(row, created) < moment]
    return PipelineChanges(available=True, new=new, updated=changed)


def progress_report(
    *, account: Account, since_review: int | None = None, today: datetime.date | None = None
) -> ProgressReport:
    """What changed since the chosen review (default: the last one held), in eight queries
    (nine or ten with the growth app): reviews with their snapshots, actions, objectives of
    the current plan, new stakeholders, relationships, coverage cells, reviews since."""
    day = today or timezone.localdate()
    reviews = list(
        Review.objects.filter(account=account)
        .select_related("snapshot")
        .order_by("-held_on", "-id")
    )
    held = [r for r in reviews if r.held_on <= day]
    baseline = None
    if since_review is not None:
        baseline = next((r for r in held if r.pk == since_review), None)
    if baseline is None and held:
        baseline = held[0]
    snapshot: ReviewSnapshot | None = getattr(baseline, "snapshot", None) if baseline else None
    if baseline is not None:
        since = baseline.held_on
    else:
        since = day - datetime.timedelta(days=FALLBACK_DAYS)
    moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))

    actions = list(
        Action.objects.filter(account=account)
        .filter(
            Q(status=ActionStatus.DONE, completed_on__gte=since)
            | Q(
                status__in=OPEN_ACTION_STATUSES,
                due_date__lt=day,
                plan__status=PlanStatus.ACTIVE,
                plan__period_end__gte=day,
            )
        )
        .select_related("owner")
        .order_by("due_date", "id")
    )
    done = [a for a in actions if a.status == ActionStatus.DONE]
    overdue = [a for a in actions if a.status != ActionStatus.DONE]

    objectives = list(
        Objective.objects.filter(
            plan__account=account,
            plan__status=PlanStatus.ACTIVE,
            plan__period_start__lte=day,
            plan__period_end__gte=day,
        ).order_by("due_date", "id")
    )
    objective_changes = []
    for objective in objectives:
        if snapshot is not None:
            key = str(objective.pk)
            before = _decimal(snapshot.objectives.get(key)) if key in snapshot.objectives else None
            if key in snapshot.objectives and before == objective.current_value:
                continue
            if key not in snapshot.objectives and objective.current_value is None:
                continue
            objective_changes.append(
                ObjectiveChange(objective, before, objective.current_value, exact=True)
            )
        elif objective.updated_at >= moment:
            objective_changes.append(
                ObjectiveChange(objective, None, objective.current_value, exact=False)
            )

    new_stakeholders = list(
        Stakeholder.objects.filter(account=account)
        .filter(Q(first_engaged__gte=since) | Q(first_engaged__isnull=True, created_at__gte=moment))
        .order_by("level", "name", "id")
    )

    relationships = Relationship.objects.filter(stakeholder__account=account).select_related(
        "person", "stakeholder"
    )
    relationship_changes = []
    if snapshot is not None:
        for relationship in relationships.order_by("stakeholder__name", "person__full_name"):
            before = snapshot.relationships.get(str(relationship.pk))
            if before is None or before != relationship.current_level:
                relationship_changes.append(RelationshipChange(relationship, before, exact=True))
    else:
        relationship_changes = [
            RelationshipChange(relationship, None, exact=False)
            for relationship in relationships.filter(updated_at__gte=moment).order_by(
                "stakeholder__name", "person__full_name"
            )
        ]

    cells = list(RoleCoverageCell.objects.filter(account=account).order_by("role__order"))
    attach_roles(cells)
    coverage = []
    for cell in cells:
        if snapshot is not None:
            before_cell = snapshot.coverage.get(str(cell.role_id))
            before_score, before_status = (before_cell or [None, None])[:2]
            if before_cell is not None and before_score == cell.score:
                continue
            coverage.append(CoverageChange(cell, before_score, before_status))
        else:
            coverage.append(CoverageChange(cell, None, None))

    return ProgressReport(
        account=account,
        since=since,
        baseline=baseline,
        reviews=reviews,
        snapshot=snapshot,
        done=done,
        overdue=overdue,
        objectives=objective_changes,
        new_stakeholders=new_stakeholders,
        relationships=relationship_changes,
        coverage=coverage,
        coverage_exact=snapshot is not None,
        pipeline=pipeline_changes(account=account, since=since),
        reviews_since=[
            r for r in reviews if r.held_on >= since and r.held_on <= day and r != baseline
        ],
        today=day,
    )
