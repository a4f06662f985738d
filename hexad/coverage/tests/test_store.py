"""Coverage read from the database and kept in step with every write."""

import datetime

import pytest
from django.utils import timezone

from hexad.accounts import services as account_services
from hexad.accounts.models import Degree
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.coverage import selectors, services
from hexad.coverage.models import AccountCoverage, RoleCoverageCell, SnapshotRoleTotal
from hexad.people import services as people_services
from hexad.people.models import RatingSource
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


def role(key):
    return Role.objects.get(key=key)


def test_latest_manager_rating_counts_over_any_self_rating():
    person = PersonFactory()
    expert = role("technical-expert")
    today = timezone.localdate()
    for days_ago, rating, source in [
        (30, 2, RatingSource.MANAGER),
        (10, 4, RatingSource.MANAGER),
        (1, 5, RatingSource.SELF),
    ]:
        people_services.rating_add(
            person=person,
            role=expert,
            rating=rating,
            source=source,
            rated_by=None,
            rated_on=today - datetime.timedelta(days=days_ago),
        )
    effective = selectors.effective_ratings(person_ids=[person.pk])[(person.pk, expert.pk)]
    assert (effective.rating, effective.source) == (4, RatingSource.MANAGER)


def test_latest_self_rating_counts_when_no_manager_rated():
    person = PersonFactory()
    innovator = role("innovator")
    today = timezone.localdate()
    for days_ago, rating in [(20, 1), (3, 3)]:
        people_services.rating_add(
            person=person,
            role=innovator,
            rating=rating,
            source=RatingSource.SELF,
            rated_by=None,
            rated_on=today - datetime.timedelta(days=days_ago),
        )
    effective = selectors.effective_ratings(person_ids=[person.pk])
    assert effective[(person.pk, innovator.pk)].rating == 3
    assert (person.pk, role("collaborator").pk) not in effective  # not assessed


def test_ended_memberships_do_not_count(tier):
    account = AccountFactory(tier=tier)
    ended = TeamMembershipFactory(
        account=account,
        start_date=timezone.localdate() - datetime.timedelta(days=100),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    RoleAssignmentFactory(membership=ended, role=role("project-manager"), degree=Degree.LEAD)
    coverage, _ratings = selectors.account_coverage_live(account=account)
    assert coverage.roles[role("project-manager").pk].score == 0


def test_team_writes_keep_the_stored_cells_in_step(tier):
    account = account_services.account_create(name="Kopex", tier=tier, currency="PLN")
    person = PersonFactory()
    pm = role("project-manager")
    assert RoleCoverageCell.objects.get(account=account, role=pm).status == "missing"
    stored = AccountCoverage.objects.get(account=account)
    assert stored.gaps == tier.required_roles.count()

    membership = account_services.membership_add(
        account=account, person=person, allocation=20, roles=[(pm, Degree.LEAD)]
    )
    cell = RoleCoverageCell.objects.get(account=account, role=pm)
    # 1.0 (lead) × 0.6 (not assessed) × 1.0 (20 %) = 60, tier 1's minimum
    assert (cell.score, cell.status) == (60, "covered")

    people_services.rating_add(
        person=person, role=pm, rating=5, source=RatingSource.MANAGER, rated_by=None
    )
    assert RoleCoverageCell.objects.get(account=account, role=pm).score == 100

    assignment = membership.assignments.get()
    account_services.assignment_remove(assignment=assignment)
    assert RoleCoverageCell.objects.get(account=account, role=pm).status == "missing"


def test_a_failed_write_leaves_the_stored_cells_untouched(tier):
    account = account_services.account_create(name="Boryszew", tier=tier, currency="PLN")
    before = list(RoleCoverageCell.objects.filter(account=account).values_list("score", "status"))
    person = PersonFactory(is_active=False)
    with pytest.raises(Exception, match="no longer active"):
        account_services.membership_add(account=account, person=person, allocation=20)
    after = list(RoleCoverageCell.objects.filter(account=account).values_list("score", "status"))
    assert after == before


def test_refresh_of_everything_and_a_snapshot_count_by_hand(tier):
    first = AccountFactory(tier=tier)
    second = AccountFactory(tier=tier)
    membership = TeamMembershipFactory(account=first)
    RoleAssignmentFactory(membership=membership, role=role("results-driver"), degree=Degree.LEAD)
    assert services.coverage_refresh() == AccountCoverage.objects.count()
    snapshot = services.snapshot_take()
    assert snapshot.accounts == 2
    totals = SnapshotRoleTotal.objects.get(snapshot=snapshot, role=role("results-driver"))
    # first: 1.0 × 0.6 × 1.0 = 60, the tier's minimum → covered; second: missing
    assert tier.minimum_coverage == 60
    assert (totals.covered, totals.weak, totals.missing) == (1, 0, 1)
    assert totals.required_gaps == 1
    assert second.pk in set(AccountCoverage.objects.values_list("account_id", flat=True))


def test_the_concentration_threshold_comes_from_the_settings(settings, tier):
    account = AccountFactory(tier=tier)
    person = PersonFactory()
    membership = TeamMembershipFactory(account=account, person=person)
    other = TeamMembershipFactory(account=account)
    for key in ("results-driver", "relationship-manager", "technical-expert"):
        RoleAssignmentFactory(membership=membership, role=role(key))
    for key in ("innovator", "collaborator", "project-manager"):
        RoleAssignmentFactory(membership=other, role=role(key))

    def concentration_flags():
        coverage, _ratings = selectors.account_coverage_live(account=account)
        return [f.person_id for f in coverage.flags if f.kind == "concentration"]

    # Each holds 3 of the 6 roles played: half, which the default share (0.5) flags.
    assert sorted(concentration_flags()) == sorted([person.pk, other.person_id])
    settings.HEXAD_COVERAGE = {**settings.HEXAD_COVERAGE, "concentration_share": 0.6}
    assert concentration_flags() == []
