"""Writes of the planning app: what they store, and the bad input they refuse (Q8) with a
message naming the field while storing nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.coverage.services import coverage_refresh
from hexad.people.tests.factories import PersonFactory
from hexad.planning import services
from hexad.planning.models import (
    MINUTES_IN_FUTURE,
    PERIOD_ENDS_BEFORE_START,
    TARGET_EQUALS_BASELINE,
    AccountPlan,
    Action,
    Blocker,
    Objective,
    PlanningSummary,
    Review,
    ReviewSnapshot,
)
from hexad.planning.tests.factories import (
    ActionFactory,
    ObjectiveFactory,
    PlanFactory,
    ResourceFactory,
    ReviewFactory,
)
from hexad.relationships.tests.factories import RelationshipFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def short(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


@pytest.fixture
def plan(account):
    return PlanFactory(
        account=account, title="Acme 2026", period_start=day(-60), period_end=day(300)
    )


# --- plans ---------------------------------------------------------------------------------------


def test_a_plan_is_created_and_the_summary_follows(account, lead):
    plan = services.plan_create(
        account=account,
        title=" Acme 2026 ",
        period_start=day(-10),
        period_end=day(200),
        created_by=lead,
    )
    assert (plan.title, plan.created_by) == ("Acme 2026", lead)
    summary = PlanningSummary.objects.get(account=account)
    assert summary.plan == plan
    # Nothing written: sections 0, objectives 0, next steps 0; the tier asks for reviews and
    # the account is new, so none is overdue yet: 20.
    assert summary.completeness == 20


def test_an_overlapping_period_is_refused_naming_the_other_plan(plan):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            account=plan.account, title="Second", period_start=day(100), period_end=day(400)
        )
    assert messages_of(caught.value)["period_start"] == [
        services.PLAN_OVERLAPS
        % {
            "title": "Acme 2026",
            "start": short(plan.period_start),
            "end": short(plan.period_end),
        }
    ]
    assert AccountPlan.objects.count() == 1


def test_a_period_ending_before_it_starts_is_refused(account):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(account=account, title="X", period_start=day(10), period_end=day(1))
    assert messages_of(caught.value)["period_end"] == [str(PERIOD_ENDS_BEFORE_START)]
    assert not AccountPlan.objects.exists()


def test_a_closed_plan_frees_its_period_and_refuses_edits(plan):
    services.plan_close(plan=plan)
    with pytest.raises(ValidationError) as caught:
        services.objective_add(
            plan=plan, title="Late", metric="m", baseline=Decimal(1), target=Decimal(2),
            due_date=day(10),
        )  # fmt: skip
    assert caught.value.messages == [str(services.PLAN_READ_ONLY)]
    services.plan_create(
        account=plan.account, title="Fresh start", period_start=day(1), period_end=day(200)
    )
    assert AccountPlan.objects.count() == 2


def test_a_plan_whose_period_ended_is_read_only(account):
    old = PlanFactory(account=account, period_start=day(-400), period_end=day(-35))
    with pytest.raises(ValidationError) as caught:
        services.plan_update(plan=old, goals="Rewrite history")
    assert caught.value.messages == [str(services.PLAN_READ_ONLY)]
    old.refresh_from_db()
    assert old.goals == ""


def test_a_stale_sections_edit_is_refused(plan):
    services.plan_update(plan=plan, expected_version=1, goals="Grow")
    with pytest.raises(services.StaleEdit):
        services.plan_update(plan=plan, expected_version=1, goals="Overwrite")
    plan.refresh_from_db()
    assert (plan.goals, plan.version) == ("Grow", 2)


# --- objectives and actions ----------------------------------------------------------------------


def test_an_objective_whose_target_equals_its_baseline_is_refused(plan):
    with pytest.raises(ValidationError) as caught:
        services.objective_add(
            plan=plan, title="Flat", metric="Revenue", baseline=Decimal(100),
            target=Decimal(100), due_date=day(30),
        )  # fmt: skip
    assert messages_of(caught.value)["target"] == [str(TARGET_EQUALS_BASELINE)]
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    ("due", "message"), [(-61, services.DUE_BEFORE_PLAN), (301, services.DUE_AFTER_PLAN)]
)
def test_a_due_date_outside_the_plan_is_refused(plan, lead, due, message):
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            plan=plan, title="Too early or late", owner=lead.person, due_date=day(due)
        )
    expected = plan.period_start if due < 0 else plan.period_end
    assert messages_of(caught.value)["due_date"] == [message % {"date": short(expected)}]
    assert not Action.objects.exists()


def test_an_owner_off_the_team_is_refused(plan):
    stranger = PersonFactory(full_name="Stefan Stranger")
    with pytest.raises(ValidationError) as caught:
        services.action_add(plan=plan, title="Call", owner=stranger, due_date=day(5))
    assert messages_of(caught.value)["owner"] == [
        services.OWNER_NOT_ON_TEAM % {"person": "Stefan Stranger"}
    ]
    assert not Action.objects.exists()


def test_an_objective_of_another_plan_is_refused(plan, lead):
    elsewhere = ObjectiveFactory()
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            plan=plan, title="Call", owner=lead.person, due_date=day(5), objective=elsewhere
        )
    assert messages_of(caught.value)["objective"] == [str(services.OBJECTIVE_ELSEWHERE)]


def test_done_dates_the_action_and_reopening_clears_it(plan, member):
    action = services.action_add(plan=plan, title="Call", owner=member.person, due_date=day(5))
    services.action_set_status(action=action, status="done")
    assert action.completed_on == timezone.localdate()
    services.action_set_status(action=action, status="open")
    action.refresh_from_db()
    assert action.completed_on is None
    with pytest.raises(ValidationError) as caught:
        services.action_set_status(action=action, status="maybe")
    assert messages_of(caught.value)["status"] == [str(services.UNKNOWN_STATUS)]


def test_the_summary_counts_open_and_overdue_actions(plan, member):
    ActionFactory(plan=plan, owner=member.person, due_date=day(-3))
    services.action_add(plan=plan, title="Next", owner=member.person, due_date=day(3))
    summary = PlanningSummary.objects.get(account=plan.account)
    assert (summary.open_actions, summary.overdue_actions) == (2, 1)


# --- resources -----------------------------------------------------------------------------------


def test_a_request_is_decided_once(plan, leader):
    resource = ResourceFactory(plan=plan)
    services.resource_decide(resource=resource, status="approved", decided_by=leader, note="Yes")
    assert (resource.status, resource.decided_by, resource.decided_on) == (
        "approved",
        leader,
        timezone.localdate(),
    )
    with pytest.raises(ValidationError) as caught:
        services.resource_decide(resource=resource, status="declined", decided_by=leader)
    assert messages_of(caught.value)["status"] == [
        services.ALREADY_DECIDED % {"status": "approved"}
    ]


# --- reviews and decisions -----------------------------------------------------------------------


def test_a_review_in_the_future_cannot_have_minutes(account, lead):
    with pytest.raises(ValidationError) as caught:
        services.review_record(
            account=account, kind="quarterly", held_on=day(5), people=[lead.person],
            minutes="It went well",
        )  # fmt: skip
    assert messages_of(caught.value)["minutes"] == [str(MINUTES_IN_FUTURE)]
    assert not Review.objects.exists()


def test_a_review_needs_one_of_ours_and_only_this_accounts_stakeholders(account):
    theirs = StakeholderFactory()
    with pytest.raises(ValidationError) as caught:
        services.review_record(
            account=account, kind="check_in", held_on=day(0), people=[], stakeholders=[theirs]
        )
    errors = messages_of(caught.value)
    assert errors["people"] == [str(services.NO_OUR_ATTENDEES)]
    assert errors["stakeholders"] == [services.STAKEHOLDER_ELSEWHERE % {"stakeholder": theirs.name}]
    assert not Review.objects.exists()


def test_a_held_review_keeps_a_snapshot_and_a_planned_one_gets_it_when_held(plan, lead):
    objective = ObjectiveFactory(plan=plan, current_value=Decimal("120.50"))
    stakeholder = StakeholderFactory(account=plan.account)
    relationship = RelationshipFactory(stakeholder=stakeholder, current_level=2, desired_level=3)
    coverage_refresh(account_ids=[plan.account.pk])
    held = services.review_record(
        account=plan.account, kind="check_in", held_on=day(-1), people=[lead.person]
    )
    snapshot = ReviewSnapshot.objects.get(review=held)
    assert snapshot.objectives == {str(objective.pk): "120.50"}
    assert snapshot.relationships == {str(relationship.pk): 2}
    assert len(snapshot.coverage) == 6
    planned = services.review_record(
        account=plan.account, kind="quarterly", held_on=day(10), people=[lead.person]
    )
    assert not ReviewSnapshot.objects.filter(review=planned).exists()
    services.review_update(review=planned, held_on=day(0), people=[lead.person], minutes="Done")
    assert ReviewSnapshot.objects.filter(review=planned).exists()


def test_a_decision_becomes_an_action_of_the_current_plan(plan, lead, member):
    review = ReviewFactory(account=plan.account, people=[lead.person])
    action = services.decision_add(
        review=review, text="Send the pilot offer", owner=member.person, due_date=day(7)
    )
    assert (action.plan, action.review, action.owner, action.account) == (
        plan,
        review,
        member.person,
        plan.account,
    )
    assert list(review.decisions.all()) == [action]


def test_a_decision_without_text_or_without_a_current_plan_is_refused(account, lead):
    review = ReviewFactory(account=account, people=[lead.person])
    with pytest.raises(ValidationError) as caught:
        services.decision_add(review=review, text="  ", owner=None, due_date=None)
    assert messages_of(caught.value)["text"] == [str(services.DECISION_REQUIRED)]
    with pytest.raises(ValidationError) as caught:
        services.decision_add(review=review, text="Do it", owner=None, due_date=None)
    assert caught.value.messages == [str(services.NO_CURRENT_PLAN)]
    assert not Action.objects.exists()


def test_the_summary_knows_the_last_and_next_review(plan, lead):
    tier = plan.account.tier
    tier.check_in_days, tier.quarterly_review_days, tier.executive_review_days = 30, 90, None
    tier.save()
    services.review_record(
        account=plan.account, kind="check_in", held_on=day(-40), people=[lead.person]
    )
    summary = PlanningSummary.objects.get(account=plan.account)
    assert (summary.last_review_on, summary.last_review_kind) == (day(-40), "check_in")
    # Check-in due 30 days after it (10 days ago); the quarterly review, never held, 90 days
    # after the account joined (today, in this test).
    assert (summary.next_review_due, summary.next_review_kind) == (day(-10), "check_in")
    assert summary.is_overdue()


# --- blockers ------------------------------------------------------------------------------------


def test_escalating_needs_someone_and_resolving_needs_a_resolution(account, lead):
    with pytest.raises(ValidationError) as caught:
        services.blocker_add(account=account, title="Slow legal", status="escalated")
    assert "escalated_to" in messages_of(caught.value)
    blocker = services.blocker_add(account=account, title="Slow legal", owner=lead.person)
    with pytest.raises(ValidationError) as caught:
        services.blocker_update(blocker=blocker, status="resolved", resolution=" ")
    assert "resolution" in messages_of(caught.value)
    escalated = services.blocker_update(
        blocker=Blocker.objects.get(pk=blocker.pk),
        status="escalated",
        escalated_to=PersonFactory(),
    )
    assert escalated.escalated_on == timezone.localdate()


def test_a_blocker_owner_must_be_on_the_team(account):
    outsider = PersonFactory(full_name="Ola Obca")
    with pytest.raises(ValidationError) as caught:
        services.blocker_add(account=account, title="Slow legal", owner=outsider)
    assert messages_of(caught.value)["owner"] == [
        services.OWNER_NOT_ON_TEAM % {"person": "Ola Obca"}
    ]
    assert not Blocker.objects.exists()


def test_the_account_lead_may_own_actions_without_a_membership(lead):
    account = AccountFactory(lead=lead.person)
    TeamMembershipFactory(account=account)
    plan = PlanFactory(account=account)
    action = services.action_add(plan=plan, title="Lead it", owner=lead.person, due_date=day(3))
    assert action.owner == lead.person
