"""Writes of plans, objectives, actions, resources, risks, reviews and blockers.

Each service takes keyword-only, typed arguments, validates (the model's `full_clean()`
and the rules across rows), then saves, all in one transaction; each write also rewrites
the account's planning summary (`summary.summaries_refresh`) in that transaction. They
raise `ValidationError` naming the field, never an HTTP response. Error messages are
module constants the tests assert.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, TeamMembership
from hexad.core.exceptions import StaleEdit
from hexad.people.models import Person, User
from hexad.planning.models import (
    AccountPlan,
    Action,
    ActionStatus,
    Blocker,
    BlockerStatus,
    Objective,
    PlanStatus,
    ResourceRequest,
    ResourceStatus,
    Review,
    Risk,
)
from hexad.planning.snapshots import snapshot_take
from hexad.planning.summary import summaries_refresh
from hexad.relationships.models import Stakeholder
from hexad.roles.models import Role

PLAN_READ_ONLY = _(
    "This plan is closed or its period is over, so it is kept read-only as the record of "
    "what was planned. Make changes in the current plan."
)
PLAN_OVERLAPS = _(
    "The account already has a plan for part of this period: %(title)s (%(start)s – %(end)s). "
    "Choose dates after it ends, or close it first."
)
PLAN_TOO_LONG = _("A plan covers at most two years; split a longer period into several plans.")
PLAN_ALREADY_CLOSED = _("This plan is already closed.")
STALE_PLAN = _(
    "Someone else changed this plan while you were editing it. Reload the page to see their "
    "changes, then make yours again."
)
DUE_BEFORE_PLAN = _("The plan starts on %(date)s; a due date cannot be earlier than that.")
DUE_AFTER_PLAN = _("The plan ends on %(date)s; put later work in the next plan.")
OWNER_NOT_ON_TEAM = _(
    "%(person)s is not on this account's team; add them to the team first, or choose "
    "someone who is."
)
OBJECTIVE_ELSEWHERE = _("Choose an objective of this plan.")
UNKNOWN_STATUS = _("Choose one of the offered statuses.")
NO_CURRENT_PLAN = _(
    "This account has no current plan to put the decision in. Create a plan for today's "
    "period first."
)
DECISION_REQUIRED = _("Write down what was decided.")
NO_OUR_ATTENDEES = _("Name at least one of our people who attends.")
STAKEHOLDER_ELSEWHERE = _("%(stakeholder)s is a stakeholder of another account.")
ALREADY_DECIDED = _("This request was already %(status)s.")
DECIDE_HOW = _("Choose approved or declined.")
TITLE_REQUIRED = _("This field is required.")

MAX_PLAN_DAYS = 2 * 366


def _day(value: datetime.date) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


# --- plans ---------------------------------------------------------------------------------------


def _check_period(
    *, account: Account, start: datetime.date, end: datetime.date, exclude: int | None = None
) -> None:
    if end < start:
        return  # the model's clean() names it on period_end
    if (end - start).days > MAX_PLAN_DAYS:
        raise ValidationError({"period_end": PLAN_TOO_LONG})
    others = AccountPlan.objects.filter(
        account=account, period_start__lte=end, period_end__gte=start
    ).exclude(status=PlanStatus.CLOSED)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    clash = others.order_by("period_start").first()
    if clash is not None:
        raise ValidationError(
            {
                "period_start": PLAN_OVERLAPS
                % {
                    "title": clash.title,
                    "start": _day(clash.period_start),
                    "end": _day(clash.period_end),
                }
            }
        )


def check_editable(plan: AccountPlan, *, today: datetime.date | None = None) -> None:
    if plan.is_read_only(today):
        raise ValidationError(PLAN_READ_ONLY)


@transaction.atomic
def plan_create(
    *,
    account: Account,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    goals: str = "",
    client_priorities: str = "",
    strategies: str = "",
    created_by: User | None = None,
) -> AccountPlan:
    """A new plan for a period no other open plan of the account covers."""
    plan = AccountPlan(
        account=account,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        goals=goals,
        client_priorities=client_priorities,
        strategies=strategies,
        created_by=created_by,
    )
    plan.full_clean(validate_constraints=False)
    _check_period(account=account, start=period_start, end=period_end)
    plan.validate_constraints()
    plan.save()
    summaries_refresh(account_ids=[account.pk])
    return plan


PLAN_TEXT_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "goals",
    "client_priorities",
    "strategies",
)


@transaction.atomic
def plan_update(
    *, plan: AccountPlan, expected_version: int | None = None, **fields: Any
) -> AccountPlan:
    """Changes a plan's title, period or text sections; refuses a read-only plan and, with
    `expected_version`, a plan someone saved meanwhile."""
    locked = AccountPlan.objects.select_for_update().get(pk=plan.pk)
    check_editable(locked)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(STALE_PLAN)
    for name in PLAN_TEXT_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    plan.title = plan.title.strip()
    plan.full_clean(validate_constraints=False)
    _check_period(
        account=plan.account, start=plan.period_start, end=plan.period_end, exclude=plan.pk
    )
    plan.validate_constraints()
    plan.version = locked.version + 1
    plan.save()
    summaries_refresh(account_ids=[plan.account_id])
    return plan


@transaction.atomic
def plan_close(*, plan: AccountPlan, on: datetime.date | None = None) -> AccountPlan:
    """Closes a plan early: it is kept, read-only, and the period is free for a new one."""
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(PLAN_ALREADY_CLOSED)
    plan.status = PlanStatus.CLOSED
    plan.closed_on = on or timezone.localdate()
    plan.version += 1
    plan.save(update_fields=["status", "closed_on", "version", "updated_at"])
    summaries_refresh(account_ids=[plan.account_id])
    return plan


# --- objectives ----------------------------------------------------------------------------------


def _check_due(plan: AccountPlan, due: datetime.date | None, field: str = "due_date") -> None:
    if due is None:
        return
    if due < plan.period_start:
        raise ValidationError({field: DUE_BEFORE_PLAN % {"date": _day(plan.period_start)}})
    if due > plan.period_end:
        raise ValidationError({field: DUE_AFTER_PLAN % {"date": _day(plan.period_end)}})


@transaction.atomic
def objective_add(
    *,
    plan: AccountPlan,
    title: str,
    metric: str,
    baseline: Decimal,
    target: Decimal,
    due_date: datetime.date,
    current_value: Decimal | None = None,
) -> Objective:
    check_editable(plan)
    objective = Objective(
        plan=plan,
        title=title.strip(),
        metric=metric.strip(),
        baseline=baseline,
        target=target,
        current_value=current_value,
        due_date=due_date,
    )
    objective.full_clean()
    _check_due(plan, due_date)
    objective.save()
    summaries_refresh(account_ids=[plan.account_id])
    return objective


OBJECTIVE_FIELDS = ("title", "metric", "baseline", "target", "current_value", "due_date")


@transaction.atomic
def objective_update(*, objective: Objective, **fields: Any) -> Objective:
    check_editable(objective.plan)
    for name in OBJECTIVE_FIELDS:
        if name in fields:
            setattr(objective, name, fields[name])
    objective.full_clean()
    _check_due(objective.plan, objective.due_date)
    objective.save()
    summaries_refresh(account_ids=[objective.plan.account_id])
    return objective


# --- actions -------------------------------------------------------------------------------------


def _check_owner(account: Account, owner: Person | None, field: str = "owner") -> None:
    if owner is None or owner.pk == account.lead_id:
        return
    on_team = TeamMembership.objects.active().filter(account=account, person=owner).exists()
    if not on_team or not owner.is_active:
        raise ValidationError({field: OWNER_NOT_ON_TEAM % {"person": owner.full_name}})


def _completed_on(status: str, previous: datetime.date | None) -> datetime.date | None:
    if status == ActionStatus.DONE:
        return previous or timezone.localdate()
    return None


@transaction.atomic
def action_add(
    *,
    plan: AccountPlan,
    title: str,
    owner: Person | None,
    due_date: datetime.date | None,
    status: str = ActionStatus.OPEN,
    role: Role | None = None,
    objective: Objective | None = None,
    review: Review | None = None,
) -> Action:
    """A new action in an editable plan, owned by someone on the account's team."""
    check_editable(plan)
    if not title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({"objective": OBJECTIVE_ELSEWHERE})
    if status not in ActionStatus.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    _check_owner(plan.account, owner)
    action = Action(
        plan=plan,
        account_id=plan.account_id,
        title=title.strip(),
        owner=owner,
        due_date=due_date,
        status=status,
        role=role,
        objective=objective,
        review=review,
        completed_on=_completed_on(status, None),
    )
    action.full_clean()
    _check_due(plan, due_date)
    action.save()
    summaries_refresh(account_ids=[plan.account_id])
    return action


ACTION_FIELDS = ("title", "owner", "due_date", "status", "role", "objective")


@transaction.atomic
def action_update(*, action: Action, **fields: Any) -> Action:
    check_editable(action.plan)
    previous_owner = action.owner_id
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(action, name, fields[name])
    if not action.title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    if action.objective is not None and action.objective.plan_id != action.plan_id:
        raise ValidationError({"objective": OBJECTIVE_ELSEWHERE})
    if action.status not in ActionStatus.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    if action.owner_id != previous_owner:
        _check_owner(action.plan.account, action.owner)
    action.completed_on = _completed_on(action.status, action.completed_on)
    action.full_clean()
    _check_due(action.plan, action.due_date)
    action.save()
    summaries_refresh(account_ids=[action.account_id])
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str) -> Action:
    """The one-click change of the plan page and "my work": open, in progress, done …"""
    check_editable(action.plan)
    if status not in ActionStatus.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    action.status = status
    action.completed_on = _completed_on(status, action.completed_on)
    action.save(update_fields=["status", "completed_on", "updated_at"])
    summaries_refresh(account_ids=[action.account_id])
    return action


# --- resources and risks -------------------------------------------------------------------------


@transaction.atomic
def resource_request(
    *,
    plan: AccountPlan,
    kind: str,
    description: str,
    amount: Decimal | None = None,
    requested_by: User | None = None,
) -> ResourceRequest:
    check_editable(plan)
    resource = ResourceRequest(
        plan=plan,
        kind=kind,
        description=description.strip(),
        amount=amount,
        requested_by=requested_by,
    )
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_decide(
    *, resource: ResourceRequest, status: str, decided_by: User, note: str = ""
) -> ResourceRequest:
    """Approves or declines a request (a programme leader's call; the view checks who)."""
    check_editable(resource.plan)
    if status not in (ResourceStatus.APPROVED, ResourceStatus.DECLINED):
        raise ValidationError({"status": DECIDE_HOW})
    if resource.status != ResourceStatus.REQUESTED:
        raise ValidationError(
            {"status": ALREADY_DECIDED % {"status": resource.get_status_display().lower()}}
        )
    resource.status = status
    resource.decided_by = decided_by
    resource.decided_on = timezone.localdate()
    resource.decision_note = note.strip()
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def risk_add(
    *, plan: AccountPlan, description: str, likelihood: int, impact: int, mitigation: str = ""
) -> Risk:
    check_editable(plan)
    risk = Risk(
        plan=plan,
        description=description.strip(),
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation,
    )
    risk.full_clean()
    risk.save()
    summaries_refresh(account_ids=[plan.account_id])
    return risk


RISK_FIELDS = ("description", "likelihood", "impact", "mitigation")


@transaction.atomic
def risk_update(*, risk: Risk, **fields: Any) -> Risk:
    check_editable(risk.plan)
    for name in RISK_FIELDS:
        if name in fields:
            setattr(risk, name, fields[name])
    risk.full_clean()
    risk.save()
    return risk


# --- reviews -------------------------------------------------------------------------------------


def _check_attendees(
    account: Account, people: Sequence[Person], stakeholders: Sequence[Stakeholder]
) -> None:
    errors: dict[str, Any] = {}
    if not people:
        errors["people"] = NO_OUR_ATTENDEES
    elsewhere = [s for s in stakeholders if s.account_id != account.pk]
    if elsewhere:
        errors["stakeholders"] = STAKEHOLDER_ELSEWHERE % {"stakeholder": elsewhere[0].name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_record(
    *,
    account: Account,
    kind: str,
    held_on: datetime.date,
    people: Sequence[Person],
    stakeholders: Sequence[Stakeholder] = (),
    agenda: str = "",
    minutes: str = "",
    created_by: User | None = None,
) -> Review:
    """Records a review held (today or earlier) or plans one (a later date). A held review
    keeps a snapshot of the account as it stood, for the next progress report."""
    review = Review(
        account=account,
        kind=kind,
        held_on=held_on,
        agenda=agenda,
        minutes=minutes,
        created_by=created_by,
    )
    errors: dict[str, Any] = {}
    try:
        review.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_attendees(account, people, stakeholders)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    review.save()
    review.people.set(people)
    review.stakeholders.set(stakeholders)
    if review.is_held():
        snapshot_take(review=review)
    summaries_refresh(account_ids=[account.pk])
    return review


REVIEW_FIELDS = ("kind", "held_on", "agenda", "minutes")


@transaction.atomic
def review_update(
    *,
    review: Review,
    people: Sequence[Person],
    stakeholders: Sequence[Stakeholder] = (),
    **fields: Any,
) -> Review:
    """Changes a review; a planned review that is now held gets its snapshot."""
    for name in REVIEW_FIELDS:
        if name in fields:
            setattr(review, name, fields[name])
    errors: dict[str, Any] = {}
    try:
        review.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_attendees(review.account, people, stakeholders)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    review.save()
    review.people.set(people)
    review.stakeholders.set(stakeholders)
    if review.is_held() and not hasattr(review, "snapshot"):
        snapshot_take(review=review)
    summaries_refresh(account_ids=[review.account_id])
    return review


@transaction.atomic
def decision_add(
    *,
    review: Review,
    text: str,
    owner: Person | None,
    due_date: datetime.date | None,
    role: Role | None = None,
    objective: Objective | None = None,
) -> Action:
    """A decision taken at a review becomes an action in the account's current plan,
    linked back to the review."""
    from hexad.planning.selectors import current_plan

    if not text.strip():
        raise ValidationError({"text": DECISION_REQUIRED})
    plan = current_plan(account=review.account)
    if plan is None:
        raise ValidationError(NO_CURRENT_PLAN)
    try:
        return action_add(
            plan=plan,
            title=text,
            owner=owner,
            due_date=due_date,
            role=role,
            objective=objective,
            review=review,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "title" in error.error_dict:
            raise ValidationError({"text": error.error_dict.pop("title")}) from error
        raise


# --- blockers ------------------------------------------------------------------------------------

BLOCKER_FIELDS = (
    "title",
    "category",
    "description",
    "owner",
    "raised_on",
    "status",
    "escalated_to",
    "escalated_on",
    "resolution",
)
BLOCKER_IN_FUTURE = _("A blocker cannot be raised on a future date.")


def _blocker_dates(blocker: Blocker) -> None:
    today = timezone.localdate()
    if blocker.raised_on and blocker.raised_on > today:
        raise ValidationError({"raised_on": BLOCKER_IN_FUTURE})
    if blocker.status == BlockerStatus.ESCALATED and blocker.escalated_on is None:
        blocker.escalated_on = today
    if blocker.status == BlockerStatus.RESOLVED:
        blocker.resolved_on = blocker.resolved_on or today
    else:
        blocker.resolved_on = None


@transaction.atomic
def blocker_add(*, account: Account, created_by: User | None = None, **fields: Any) -> Blocker:
    blocker = Blocker(account=account, **{n: fields[n] for n in BLOCKER_FIELDS if n in fields})
    blocker.title = blocker.title.strip()
    blocker.full_clean()
    _check_owner(account, blocker.owner)
    _blocker_dates(blocker)
    blocker.save()
    return blocker


@transaction.atomic
def blocker_update(*, blocker: Blocker, **fields: Any) -> Blocker:
    previous_owner = blocker.owner_id
    for name in BLOCKER_FIELDS:
        if name in fields:
            setattr(blocker, name, fields[name])
    blocker.title = blocker.title.strip()
    blocker.full_clean()
    if blocker.owner_id != previous_owner:
        _check_owner(blocker.account, blocker.owner)
    _blocker_dates(blocker)
    blocker.save()
    return blocker


# --- removals (the API's DELETE) -----------------------------------------------------------------


@transaction.atomic
def objective_delete(*, objective: Objective) -> None:
    """Removes an objective of an editable plan; its actions stay, tied to the plan only."""
    check_editable(objective.plan)
    account_id = objective.plan.account_id
    objective.delete()
    summaries_refresh(account_ids=[account_id])


@transaction.atomic
def action_delete(*, action: Action) -> None:
    check_editable(action.plan)
    account_id = action.account_id
    action.delete()
    summaries_refresh(account_ids=[account_id])


@transaction.atomic
def risk_delete(*, risk: Risk) -> None:
    check_editable(risk.plan)
    account_id = risk.plan.account_id
    risk.delete()
    summaries_refresh(account_ids=[account_id])


@transaction.atomic
def review_delete(*, review: Review) -> None:
    """Removes a review (with its snapshot); the actions decided at it stay in the plan."""
    account_id = review.account_id
    review.delete()
    summaries_refresh(account_ids=[account_id])


# --- resource requests: changes before the decision (the API's PUT, PATCH and DELETE) ----------

RESOURCE_FIELDS = ("kind", "description", "amount")


def _check_undecided(resource: ResourceRequest) -> None:
    if resource.status != ResourceStatus.REQUESTED:
        raise ValidationError(
            {"status": ALREADY_DECIDED % {"status": resource.get_status_display().lower()}}
        )


@transaction.atomic
def resource_update(*, resource: ResourceRequest, **fields: Any) -> ResourceRequest:
    """Changes what a request asks for, while it waits for the decision and its plan is
    editable (a decided request is kept as it was decided)."""
    check_editable(resource.plan)
    _check_undecided(resource)
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    resource.description = resource.description.strip()
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_withdraw(*, resource: ResourceRequest) -> None:
    """Removes a request nobody has decided yet, in an editable plan."""
    check_editable(resource.plan)
    _check_undecided(resource)
    resource.delete()
