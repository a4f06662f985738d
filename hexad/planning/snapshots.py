"""What stood on an account when a review was held, kept so the next progress report can
say what changed since: objectives' current values, relationship levels and role coverage.

Relationships keep no history of their own, and coverage is stored per account only as it
stands now, so a snapshot at each held review is what makes "since the last review"
exact (docs/planning.md). Three reads, one insert.
"""

from __future__ import annotations

from django.utils import timezone

from hexad.coverage.models import RoleCoverageCell
from hexad.planning.models import Objective, PlanStatus, Review, ReviewSnapshot
from hexad.relationships.models import Relationship


def snapshot_take(*, review: Review) -> ReviewSnapshot:
    """Stores (or replaces) the snapshot of the review's account as it stands now."""
    today = timezone.localdate()
    objectives = Objective.objects.filter(
        plan__account_id=review.account_id,
        plan__status=PlanStatus.ACTIVE,
        plan__period_start__lte=today,
        plan__period_end__gte=today,
    ).values_list("id", "current_value")
    relationships = Relationship.objects.filter(
        stakeholder__account_id=review.account_id
    ).values_list("id", "current_level")
    coverage = RoleCoverageCell.objects.filter(account_id=review.account_id).values_list(
        "role_id", "score", "status"
    )
    snapshot, _created = ReviewSnapshot.objects.update_or_create(
        review=review,
        defaults={
            "taken_at": timezone.now(),
            "objectives": {
                str(pk): (None if value is None else str(value)) for pk, value in objectives
            },
            "relationships": {str(pk): level for pk, level in relationships},
            "coverage": {str(role): [score, status] for role, score, status in coverage},
        },
    )
    return snapshot
