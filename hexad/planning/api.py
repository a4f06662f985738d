"""The API of the planning app: an account's plans with their objectives, actions, risks
and resource requests, its reviews with the decisions taken at them, and its internal
blockers (docs/api.md). Mounted by hexad.api.v1.

Everything is below an account and reached through it (`account_get`: 404 outside what
the user sees, 403 for a write they may not make); objects within it through this app's
selectors. Writes go through `hexad.planning.services`, which refuse changes to a
read-only plan (closed, or its period over) and keep the planning summary in step.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from hexad.accounts.api import VERSION
from hexad.accounts.models import Account
from hexad.accounts.selectors import account_get
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, Text, patch_schema, put_schema, reference, responses
from hexad.core.exceptions import AccessDenied
from hexad.people.models import Person, User
from hexad.planning import selectors, services
from hexad.planning.models import (
    OPEN_ACTION_STATUSES,
    AccountPlan,
    Action,
    ActionStatus,
    Blocker,
    BlockerCategory,
    BlockerStatus,
    Objective,
    PlanStatus,
    ResourceKind,
    ResourceRequest,
    ResourceStatus,
    Review,
    ReviewKind,
    Risk,
    RiskLevel,
)
from hexad.relationships.models import Stakeholder
from hexad.roles.api import RoleRef
from hexad.roles.models import Role

router = Router()

# Figures of objectives: at most 12 digits before the point and 2 after.
Figure = Annotated[
    Decimal, Field(ge=-(10**12), le=10**12, max_digits=14, decimal_places=2, allow_inf_nan=False)
]


def _account(request: HttpRequest, account_id: int, *, edit: bool = False) -> Account:
    return account_get(user=api_user(request), pk=account_id, for_edit=edit)


def _ref(obj: Any, label: str = "name") -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, label)}


def _many(queryset: QuerySet[Any], ids: list[int], field: str) -> list[Any]:
    found = queryset.in_bulk(set(ids))
    if missing := sorted(set(ids) - set(found)):
        reference(queryset.none(), missing[0], field=field)
    return [found[pk] for pk in dict.fromkeys(ids)]


def _references(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    """Ids in a body replaced by the objects (422 on the field when there is none)."""
    fields = dict(data)
    if fields.get("owner") is not None:
        fields["owner"] = reference(Person.objects.all(), fields["owner"], field="owner")
    if fields.get("role") is not None:
        fields["role"] = reference(Role.objects.all(), fields["role"], field="role")
    if fields.get("objective") is not None:
        fields["objective"] = reference(
            Objective.objects.filter(plan__account=account).select_related("plan"),
            fields["objective"],
            field="objective",
        )
    return fields


def _plan_ref(account: Account, plan_id: int) -> AccountPlan:
    plan = reference(AccountPlan.objects.filter(account=account), plan_id, field="plan")
    plan.account = account
    return plan


# --- plans -----------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    account: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    goals: str
    client_priorities: str
    strategies: str
    status: PlanStatus
    closed_on: datetime.date | None
    is_read_only: bool = Field(description="Closed, or its period is over: no more changes.")
    version: int = Field(
        description="Changes with every save; PUT and PATCH must send the version they read."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(plan: AccountPlan) -> int:
        return plan.account_id

    @staticmethod
    def resolve_is_read_only(plan: AccountPlan) -> bool:
        return plan.is_read_only()


class PlanIn(Schema):
    title: Text = Field(min_length=1, max_length=200)
    period_start: datetime.date
    period_end: datetime.date
    goals: Text = Field("", max_length=20_000)
    client_priorities: Text = Field("", max_length=20_000)
    strategies: Text = Field("", max_length=20_000)


if TYPE_CHECKING:
    PlanPut = Schema
    PlanPatch = Schema
else:
    PlanPut = put_schema(PlanIn, "PlanPut", version=VERSION)
    PlanPatch = patch_schema(PlanPut, required=("version",))


class PlanFilters(Schema):
    status: PlanStatus | None = None
    current: bool | None = Field(None, description="Only the plan covering today (or not).")
    sort: Literal["-period_start", "period_start"] = "-period_start"


def _plan(account: Account, plan_id: int) -> AccountPlan:
    plan = selectors.plan_get(account=account, pk=plan_id)
    plan.account = account
    return plan


@router.get(
    "/accounts/{account_id}/plans",
    response=responses({200: Page[PlanOut]}, 404),
    tags=["plans"],
)
def plan_list(
    request: HttpRequest, account_id: Id, filters: Query[PlanFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The account's plans, latest period first."""
    account = _account(request, account_id)
    rows = AccountPlan.objects.filter(account=account)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.current is not None:
        today = timezone.localdate()
        current = {
            "status": PlanStatus.ACTIVE,
            "period_start__lte": today,
            "period_end__gte": today,
        }
        rows = rows.filter(**current) if filters.current else rows.exclude(**current)
    if filters.sort == "-period_start":
        order: tuple[str, ...] = ("-period_start", "-id")
    else:
        order = ("period_start", "id")
    count, found = page_of(rows.order_by(*order), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/plans",
    response=responses({201: PlanOut}, *WRITE, 404),
    tags=["plans"],
)
def plan_create(request: HttpRequest, account_id: Id, payload: PlanIn) -> Status[AccountPlan]:
    """A plan for a period no other open plan of the account covers."""
    account = _account(request, account_id, edit=True)
    plan = services.plan_create(
        account=account, created_by=api_user(request), **payload.model_dump()
    )
    return Status(201, plan)


@router.get(
    "/accounts/{account_id}/plans/{plan_id}",
    response=responses({200: PlanOut}, 404),
    tags=["plans"],
)
def plan_detail(request: HttpRequest, account_id: Id, plan_id: Id) -> AccountPlan:
    return _plan(_account(request, account_id), plan_id)


def _plan_update(
    request: HttpRequest, account_id: int, plan_id: int, data: dict[str, Any]
) -> AccountPlan:
    plan = _plan(_account(request, account_id, edit=True), plan_id)
    version = data.pop("version")
    return services.plan_update(plan=plan, expected_version=version, **data)


@router.put(
    "/accounts/{account_id}/plans/{plan_id}",
    response=responses({200: PlanOut}, *WRITE, 404, 409),
    tags=["plans"],
)
def plan_replace(
    request: HttpRequest, account_id: Id, plan_id: Id, payload: PlanPut
) -> AccountPlan:
    """Every field, with the `version` you read: 409 when the plan changed since."""
    return _plan_update(request, account_id, plan_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/plans/{plan_id}",
    response=responses({200: PlanOut}, *WRITE, 404, 409),
    tags=["plans"],
)
def plan_update(
    request: HttpRequest, account_id: Id, plan_id: Id, payload: PlanPatch
) -> AccountPlan:
    """The fields sent, with the `version` you read: 409 when the plan changed since."""
    return _plan_update(request, account_id, plan_id, payload.model_dump(exclude_unset=True))


@router.delete(
    "/accounts/{account_id}/plans/{plan_id}",
    response=responses({204: None}, 403, 404),
    tags=["plans"],
)
def plan_delete(request: HttpRequest, account_id: Id, plan_id: Id) -> Status[None]:
    """Closes the plan: it is kept, read-only, as the record, and its period is free for
    a new plan (422 when it is closed already)."""
    services.plan_close(plan=_plan(_account(request, account_id, edit=True), plan_id))
    return Status(204, None)


# --- objectives ------------------------------------------------------------------------------


class ObjectiveOut(Schema):
    id: int
    plan: int
    title: str
    metric: str
    baseline: Decimal
    target: Decimal
    current_value: Decimal | None
    progress: int | None = Field(description="0–100 % of the way from baseline to target.")
    due_date: datetime.date
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan(objective: Objective) -> int:
        return objective.plan_id


class ObjectiveBase(Schema):
    title: Text = Field(min_length=1, max_length=200)
    metric: Text = Field(min_length=1, max_length=120)
    baseline: Figure
    target: Figure
    current_value: Figure | None = None
    due_date: datetime.date = Field(description="Within the plan's period.")


class ObjectiveIn(ObjectiveBase):
    plan: Id = Field(description="A plan of this account.")


if TYPE_CHECKING:
    ObjectivePut = Schema
    ObjectivePatch = Schema
else:
    ObjectivePut = put_schema(ObjectiveBase, "ObjectivePut")
    ObjectivePatch = patch_schema(ObjectivePut)


class PlanPartFilters(Schema):
    plan: Id | None = None


def _objectives(account: Account) -> QuerySet[Objective]:
    return Objective.objects.filter(plan__account=account)


def _objective(account: Account, objective_id: int) -> Objective:
    objective = selectors.objective_get(account=account, pk=objective_id)
    objective.plan.account = account
    return objective


@router.get(
    "/accounts/{account_id}/objectives",
    response=responses({200: Page[ObjectiveOut]}, 404),
    tags=["plans"],
)
def objective_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[PlanPartFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The objectives of the account's plans, by due date."""
    rows = _objectives(_account(request, account_id))
    if filters.plan is not None:
        rows = rows.filter(plan_id=filters.plan)
    count, found = page_of(rows.order_by("due_date", "id"), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/objectives",
    response=responses({201: ObjectiveOut}, *WRITE, 404),
    tags=["plans"],
)
def objective_create(
    request: HttpRequest, account_id: Id, payload: ObjectiveIn
) -> Status[Objective]:
    account = _account(request, account_id, edit=True)
    data = payload.model_dump()
    plan = _plan_ref(account, data.pop("plan"))
    return Status(201, services.objective_add(plan=plan, **data))


@router.get(
    "/accounts/{account_id}/objectives/{objective_id}",
    response=responses({200: ObjectiveOut}, 404),
    tags=["plans"],
)
def objective_detail(request: HttpRequest, account_id: Id, objective_id: Id) -> Objective:
    return _objective(_account(request, account_id), objective_id)


def _objective_update(
    request: HttpRequest, account_id: int, objective_id: int, data: dict[str, Any]
) -> Objective:
    objective = _objective(_account(request, account_id, edit=True), objective_id)
    return services.objective_update(objective=objective, **data)


@router.put(
    "/accounts/{account_id}/objectives/{objective_id}",
    response=responses({200: ObjectiveOut}, *WRITE, 404),
    tags=["plans"],
)
def objective_replace(
    request: HttpRequest, account_id: Id, objective_id: Id, payload: ObjectivePut
) -> Objective:
    return _objective_update(request, account_id, objective_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/objectives/{objective_id}",
    response=responses({200: ObjectiveOut}, *WRITE, 404),
    tags=["plans"],
)
def objective_update(
    request: HttpRequest, account_id: Id, objective_id: Id, payload: ObjectivePatch
) -> Objective:
    data = payload.model_dump(exclude_unset=True)
    return _objective_update(request, account_id, objective_id, data)


@router.delete(
    "/accounts/{account_id}/objectives/{objective_id}",
    response=responses({204: None}, 403, 404),
    tags=["plans"],
)
def objective_delete(request: HttpRequest, account_id: Id, objective_id: Id) -> Status[None]:
    """Only in an editable plan; its actions stay, tied to the plan alone."""
    objective = _objective(_account(request, account_id, edit=True), objective_id)
    services.objective_delete(objective=objective)
    return Status(204, None)


# --- actions ---------------------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    plan: int
    objective: int | None
    title: str
    owner: Ref | None = Field(description="Someone on the account's team, or its lead.")
    due_date: datetime.date | None
    status: ActionStatus
    role: RoleRef | None = Field(description="The role responsible.")
    review: int | None = Field(description="The review it was decided at.")
    completed_on: datetime.date | None
    is_overdue: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan(action: Action) -> int:
        return action.plan_id

    @staticmethod
    def resolve_objective(action: Action) -> int | None:
        return action.objective_id

    @staticmethod
    def resolve_owner(action: Action) -> dict[str, Any] | None:
        return _ref(action.owner, "full_name")

    @staticmethod
    def resolve_review(action: Action) -> int | None:
        return action.review_id

    @staticmethod
    def resolve_is_overdue(action: Action) -> bool:
        return action.is_overdue()


class ActionBase(Schema):
    title: Text = Field(min_length=1, max_length=300)
    owner: Id | None = Field(None, description="One of the account's team, or its lead.")
    due_date: datetime.date | None = Field(None, description="Within the plan's period.")
    status: ActionStatus = ActionStatus.OPEN
    role: Id | None = None
    objective: Id | None = Field(None, description="An objective of the same plan.")


class ActionIn(ActionBase):
    plan: Id = Field(description="A plan of this account.")


if TYPE_CHECKING:
    ActionPut = Schema
    ActionPatch = Schema
else:
    ActionPut = put_schema(ActionBase, "ActionPut")
    ActionPatch = patch_schema(ActionPut)


ACTION_SORTS: dict[str, tuple[Any, ...]] = {
    "due_date": (F("due_date").asc(nulls_last=True), "id"),
    "-due_date": (F("due_date").desc(nulls_last=True), "-id"),
    "title": ("title", "id"),
    "status": ("status", "id"),
}
if TYPE_CHECKING:
    ActionSort = str
    ActionStatusFilter = str
else:
    ActionSort = Literal[tuple(ACTION_SORTS)]
    ActionStatusFilter = Literal[("active", *ActionStatus.values)]


class ActionFilters(Schema):
    plan: Id | None = None
    status: ActionStatusFilter | None = Field(None, description="active: open or in progress.")
    owner: Id | None = None
    objective: Id | None = None
    role: Id | None = None
    review: Id | None = Field(None, description="Decided at this review.")
    overdue: bool | None = Field(None, description="Open and past their due date.")
    sort: ActionSort = "due_date"


def _actions(account: Account) -> QuerySet[Action]:
    return Action.objects.filter(account=account).select_related("owner", "role")


def _action(account: Account, action_id: int) -> Action:
    action = selectors.action_get(account=account, pk=action_id)
    action.plan.account = account
    return action


def _action_rows(rows: QuerySet[Action], filters: ActionFilters) -> QuerySet[Action]:
    if filters.status == "active":
        rows = rows.filter(status__in=OPEN_ACTION_STATUSES)
    elif filters.status is not None:
        rows = rows.filter(status=filters.status)
    simple = {
        "plan_id": filters.plan,
        "owner_id": filters.owner,
        "objective_id": filters.objective,
        "role_id": filters.role,
        "review_id": filters.review,
    }
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    if filters.overdue is not None:
        late = {"status__in": OPEN_ACTION_STATUSES, "due_date__lt": timezone.localdate()}
        rows = rows.filter(**late) if filters.overdue else rows.exclude(**late)
    return rows.order_by(*ACTION_SORTS[filters.sort])


@router.get(
    "/accounts/{account_id}/actions",
    response=responses({200: Page[ActionOut]}, 404),
    tags=["plans"],
)
def action_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[ActionFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The actions of the account's plans."""
    rows = _action_rows(_actions(_account(request, account_id)), filters)
    count, found = page_of(rows, page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/actions",
    response=responses({201: ActionOut}, *WRITE, 404),
    tags=["plans"],
)
def action_create(request: HttpRequest, account_id: Id, payload: ActionIn) -> Status[Action]:
    account = _account(request, account_id, edit=True)
    data = _references(account, payload.model_dump())
    plan = _plan_ref(account, data.pop("plan"))
    action = services.action_add(plan=plan, **data)
    return Status(201, _action(account, action.pk))


@router.get(
    "/accounts/{account_id}/actions/{action_id}",
    response=responses({200: ActionOut}, 404),
    tags=["plans"],
)
def action_detail(request: HttpRequest, account_id: Id, action_id: Id) -> Action:
    return _action(_account(request, account_id), action_id)


def _action_update(
    request: HttpRequest, account_id: int, action_id: int, data: dict[str, Any]
) -> Action:
    account = _account(request, account_id, edit=True)
    action = _action(account, action_id)
    services.action_update(action=action, **_references(account, data))
    return _action(account, action_id)


@router.put(
    "/accounts/{account_id}/actions/{action_id}",
    response=responses({200: ActionOut}, *WRITE, 404),
    tags=["plans"],
)
def action_replace(
    request: HttpRequest, account_id: Id, action_id: Id, payload: ActionPut
) -> Action:
    return _action_update(request, account_id, action_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/actions/{action_id}",
    response=responses({200: ActionOut}, *WRITE, 404),
    tags=["plans"],
)
def action_update(
    request: HttpRequest, account_id: Id, action_id: Id, payload: ActionPatch
) -> Action:
    data = payload.model_dump(exclude_unset=True)
    return _action_update(request, account_id, action_id, data)


@router.delete(
    "/accounts/{account_id}/actions/{action_id}",
    response=responses({204: None}, 403, 404),
    tags=["plans"],
)
def action_delete(request: HttpRequest, account_id: Id, action_id: Id) -> Status[None]:
    """Only in an editable plan (a finished one is kept as the record)."""
    services.action_delete(action=_action(_account(request, account_id, edit=True), action_id))
    return Status(204, None)


# --- risks -----------------------------------------------------------------------------------


class RiskOut(Schema):
    id: int
    plan: int
    description: str
    likelihood: RiskLevel = Field(description="1 low, 2 medium, 3 high.")
    impact: RiskLevel
    mitigation: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan(risk: Risk) -> int:
        return risk.plan_id


class RiskBase(Schema):
    description: Text = Field(min_length=1, max_length=300)
    likelihood: RiskLevel = RiskLevel.MEDIUM
    impact: RiskLevel = RiskLevel.MEDIUM
    mitigation: Text = Field("", max_length=10_000)


class RiskIn(RiskBase):
    plan: Id = Field(description="A plan of this account.")


if TYPE_CHECKING:
    RiskPut = Schema
    RiskPatch = Schema
else:
    RiskPut = put_schema(RiskBase, "RiskPut")
    RiskPatch = patch_schema(RiskPut)


class RiskFilters(Schema):
    plan: Id | None = None
    sort: Literal["id", "-severity"] = Field("id", description="-severity: likelihood × impact.")


def _risk(account: Account, risk_id: int) -> Risk:
    risk = selectors.risk_get(account=account, pk=risk_id)
    risk.plan.account = account
    return risk


def _levels(data: dict[str, Any]) -> dict[str, Any]:
    return {k: int(v) if k in ("likelihood", "impact") else v for k, v in data.items()}


@router.get(
    "/accounts/{account_id}/risks",
    response=responses({200: Page[RiskOut]}, 404),
    tags=["plans"],
)
def risk_list(
    request: HttpRequest, account_id: Id, filters: Query[RiskFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The risks of the account's plans."""
    rows = Risk.objects.filter(plan__account=_account(request, account_id))
    if filters.plan is not None:
        rows = rows.filter(plan_id=filters.plan)
    if filters.sort == "-severity":
        rows = rows.annotate(score=F("likelihood") * F("impact")).order_by("-score", "id")
    else:
        rows = rows.order_by("id")
    count, found = page_of(rows, page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/risks",
    response=responses({201: RiskOut}, *WRITE, 404),
    tags=["plans"],
)
def risk_create(request: HttpRequest, account_id: Id, payload: RiskIn) -> Status[Risk]:
    account = _account(request, account_id, edit=True)
    data = _levels(payload.model_dump())
    plan = _plan_ref(account, data.pop("plan"))
    return Status(201, services.risk_add(plan=plan, **data))


@router.get(
    "/accounts/{account_id}/risks/{risk_id}",
    response=responses({200: RiskOut}, 404),
    tags=["plans"],
)
def risk_detail(request: HttpRequest, account_id: Id, risk_id: Id) -> Risk:
    return _risk(_account(request, account_id), risk_id)


def _risk_update(request: HttpRequest, account_id: int, risk_id: int, data: dict[str, Any]) -> Risk:
    risk = _risk(_account(request, account_id, edit=True), risk_id)
    return services.risk_update(risk=risk, **_levels(data))


@router.put(
    "/accounts/{account_id}/risks/{risk_id}",
    response=responses({200: RiskOut}, *WRITE, 404),
    tags=["plans"],
)
def risk_replace(request: HttpRequest, account_id: Id, risk_id: Id, payload: RiskPut) -> Risk:
    return _risk_update(request, account_id, risk_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/risks/{risk_id}",
    response=responses({200: RiskOut}, *WRITE, 404),
    tags=["plans"],
)
def risk_update(request: HttpRequest, account_id: Id, risk_id: Id, payload: RiskPatch) -> Risk:
    return _risk_update(request, account_id, risk_id, payload.model_dump(exclude_unset=True))


@router.delete(
    "/accounts/{account_id}/risks/{risk_id}",
    response=responses({204: None}, 403, 404),
    tags=["plans"],
)
def risk_delete(request: HttpRequest, account_id: Id, risk_id: Id) -> Status[None]:
    services.risk_delete(risk=_risk(_account(request, account_id, edit=True), risk_id))
    return Status(204, None)


# --- reviews and decisions -------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    account: int
    kind: ReviewKind
    held_on: datetime.date = Field(description="Later than today: planned; otherwise held.")
    is_held: bool
    agenda: str
    minutes: str
    people: list[Ref] = Field(description="Our attendees.")
    stakeholders: list[Ref] = Field(description="Their attendees.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(review: Review) -> int:
        return review.account_id

    @staticmethod
    def resolve_is_held(review: Review) -> bool:
        return review.is_held()

    @staticmethod
    def resolve_people(review: Review) -> list[dict[str, Any]]:
        return [{"id": p.pk, "name": p.full_name} for p in review.people.all()]

    @staticmethod
    def resolve_stakeholders(review: Review) -> list[dict[str, Any]]:
        return [{"id": s.pk, "name": s.name} for s in review.stakeholders.all()]


class ReviewIn(Schema):
    kind: ReviewKind = ReviewKind.CHECK_IN
    held_on: datetime.date | None = Field(None, description="Today when left out.")
    people: list[Id] = Field(min_length=1, max_length=100, description="Ids of our people.")
    stakeholders: list[Id] = Field(
        default_factory=list, max_length=100, description="Ids of stakeholders of this account."
    )
    agenda: Text = Field("", max_length=20_000)
    minutes: Text = Field("", max_length=50_000, description="Only for a review held.")


class ReviewPut(Schema):
    kind: ReviewKind
    held_on: datetime.date
    people: list[Id] = Field(min_length=1, max_length=100)
    stakeholders: list[Id] = Field(max_length=100)
    agenda: Text = Field(max_length=20_000)
    minutes: Text = Field(max_length=50_000)


if TYPE_CHECKING:
    ReviewPatch = Schema
else:
    ReviewPatch = patch_schema(ReviewPut)


class ReviewFilters(Schema):
    kind: ReviewKind | None = None
    held: bool | None = Field(None, description="true: held (today or earlier); false: planned.")
    sort: Literal["-held_on", "held_on"] = "-held_on"


def _reviews(account: Account) -> QuerySet[Review]:
    return Review.objects.filter(account=account).prefetch_related(
        Prefetch("people", queryset=Person.objects.only("id", "full_name").order_by("full_name")),
        Prefetch("stakeholders", queryset=Stakeholder.objects.only("id", "name").order_by("name")),
    )


def _review(account: Account, review_id: int) -> Review:
    review = _reviews(account).filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review.")
    review.account = account
    return review


def _attendees(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    fields["people"] = _many(Person.objects.all(), fields["people"], "people")
    fields["stakeholders"] = _many(
        Stakeholder.objects.filter(account=account), fields["stakeholders"], "stakeholders"
    )
    return fields


@router.get(
    "/accounts/{account_id}/reviews",
    response=responses({200: Page[ReviewOut]}, 404),
    tags=["reviews"],
)
def review_list(
    request: HttpRequest, account_id: Id, filters: Query[ReviewFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Strategic account meetings, latest first: held and planned."""
    rows = _reviews(_account(request, account_id))
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.held is not None:
        today = timezone.localdate()
        rows = rows.filter(held_on__lte=today) if filters.held else rows.filter(held_on__gt=today)
    order = ("-held_on", "-id") if filters.sort == "-held_on" else ("held_on", "id")
    count, found = page_of(rows.order_by(*order), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/reviews",
    response=responses({201: ReviewOut}, *WRITE, 404),
    tags=["reviews"],
)
def review_create(request: HttpRequest, account_id: Id, payload: ReviewIn) -> Status[Review]:
    """Records a review held (today or earlier; a snapshot of the account is kept for the
    next progress report) or plans one (a later date)."""
    account = _account(request, account_id, edit=True)
    fields = _attendees(account, payload.model_dump())
    fields["held_on"] = fields["held_on"] or timezone.localdate()
    review = services.review_record(account=account, created_by=api_user(request), **fields)
    return Status(201, _review(account, review.pk))


@router.get(
    "/accounts/{account_id}/reviews/{review_id}",
    response=responses({200: ReviewOut}, 404),
    tags=["reviews"],
)
def review_detail(request: HttpRequest, account_id: Id, review_id: Id) -> Review:
    return _review(_account(request, account_id), review_id)


def _review_update(
    request: HttpRequest, account_id: int, review_id: int, data: dict[str, Any]
) -> Review:
    account = _account(request, account_id, edit=True)
    review = _review(account, review_id)
    current = {
        "people": [person.pk for person in review.people.all()],
        "stakeholders": [stakeholder.pk for stakeholder in review.stakeholders.all()],
    }
    fields = _attendees(account, current | data)
    services.review_update(review=review, **fields)
    return _review(account, review_id)


@router.put(
    "/accounts/{account_id}/reviews/{review_id}",
    response=responses({200: ReviewOut}, *WRITE, 404),
    tags=["reviews"],
)
def review_replace(
    request: HttpRequest, account_id: Id, review_id: Id, payload: ReviewPut
) -> Review:
    return _review_update(request, account_id, review_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/reviews/{review_id}",
    response=responses({200: ReviewOut}, *WRITE, 404),
    tags=["reviews"],
)
def review_update(
    request: HttpRequest, account_id: Id, review_id: Id, payload: ReviewPatch
) -> Review:
    return _review_update(request, account_id, review_id, payload.model_dump(exclude_unset=True))


@router.delete(
    "/accounts/{account_id}/reviews/{review_id}",
    response=responses({204: None}, 403, 404),
    tags=["reviews"],
)
def review_delete(request: HttpRequest, account_id: Id, review_id: Id) -> Status[None]:
    """Removes the review; the actions decided at it stay in their plan."""
    services.review_delete(review=_review(_account(request, account_id, edit=True), review_id))
    return Status(204, None)


class DecisionIn(Schema):
    text: Text = Field(min_length=1, max_length=300, description="What was decided.")
    owner: Id | None = Field(None, description="One of the account's team, or its lead.")
    due_date: datetime.date | None = Field(None, description="Within the current plan.")
    role: Id | None = None
    objective: Id | None = Field(None, description="An objective of the current plan.")


@router.get(
    "/accounts/{account_id}/reviews/{review_id}/decisions",
    response=responses({200: Page[ActionOut]}, 404),
    tags=["reviews"],
)
def decision_list(
    request: HttpRequest, account_id: Id, review_id: Id, page: Query[PageParams]
) -> dict[str, Any]:
    """The actions decided at the review (change or remove them under /actions)."""
    account = _account(request, account_id)
    review = _review(account, review_id)
    count, found = page_of(_actions(account).filter(review=review).order_by("id"), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/reviews/{review_id}/decisions",
    response=responses({201: ActionOut}, *WRITE, 404),
    tags=["reviews"],
)
def decision_create(
    request: HttpRequest, account_id: Id, review_id: Id, payload: DecisionIn
) -> Status[Action]:
    """A decision becomes an action in the account's current plan, linked to the review
    (422 when the account has no current plan)."""
    account = _account(request, account_id, edit=True)
    review = _review(account, review_id)
    action = services.decision_add(review=review, **_references(account, payload.model_dump()))
    return Status(201, _action(account, action.pk))


# --- resource requests -----------------------------------------------------------------------

# What a request asks for: money in the account's currency, or days; never negative.
ResourceAmount = Annotated[
    Decimal, Field(ge=0, le=10**12, max_digits=14, decimal_places=2, allow_inf_nan=False)
]


def _user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    try:
        name = user.person.full_name
    except ObjectDoesNotExist:
        name = user.get_username()
    return {"id": user.pk, "name": name}


class ResourceRequestOut(Schema):
    id: int
    plan: int
    kind: ResourceKind
    description: str
    amount: Decimal | None = Field(
        description="Money in the account's currency, or days, as the description says."
    )
    status: ResourceStatus
    requested_by: Ref | None = Field(description="The user who asked.")
    decided_by: Ref | None = Field(description="The programme leader who decided.")
    decided_on: datetime.date | None
    decision_note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_plan(resource: ResourceRequest) -> int:
        return resource.plan_id

    @staticmethod
    def resolve_requested_by(resource: ResourceRequest) -> dict[str, Any] | None:
        return _user_ref(resource.requested_by)

    @staticmethod
    def resolve_decided_by(resource: ResourceRequest) -> dict[str, Any] | None:
        return _user_ref(resource.decided_by)


class ResourceRequestBase(Schema):
    kind: ResourceKind = ResourceKind.PEOPLE
    description: Text = Field(min_length=1, max_length=300, description="What is needed.")
    amount: ResourceAmount | None = None


class ResourceRequestIn(ResourceRequestBase):
    plan: Id = Field(description="A plan of this account.")


if TYPE_CHECKING:
    ResourceRequestPut = Schema
    ResourceRequestPatch = Schema
else:
    ResourceRequestPut = put_schema(ResourceRequestBase, "ResourceRequestPut")
    ResourceRequestPatch = patch_schema(ResourceRequestPut)


class ResourceDecisionIn(Schema):
    status: Literal["approved", "declined"]
    note: Text = Field("", max_length=300, description="Why, or on what terms.")


class ResourceRequestFilters(Schema):
    plan: Id | None = None
    kind: ResourceKind | None = None
    status: ResourceStatus | None = None
    sort: Literal["id", "-id", "-amount"] = "id"


RESOURCE_SORTS: dict[str, tuple[Any, ...]] = {
    "id": ("id",),
    "-id": ("-id",),
    "-amount": (F("amount").desc(nulls_last=True), "id"),
}


def _resources(account: Account) -> QuerySet[ResourceRequest]:
    return ResourceRequest.objects.filter(plan__account=account).select_related(
        "requested_by__person", "decided_by__person"
    )


def _resource(account: Account, resource_id: int) -> ResourceRequest:
    resource = _resources(account).select_related("plan").filter(pk=resource_id).first()
    if resource is None:
        raise Http404("No such resource request.")
    resource.plan.account = account
    return resource


@router.get(
    "/accounts/{account_id}/resource-requests",
    response=responses({200: Page[ResourceRequestOut]}, 404),
    tags=["plans"],
)
def resource_request_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[ResourceRequestFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """What the account team asked the company for to carry out its plans."""
    rows = _resources(_account(request, account_id))
    simple = {"plan_id": filters.plan, "kind": filters.kind, "status": filters.status}
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    count, found = page_of(rows.order_by(*RESOURCE_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/resource-requests",
    response=responses({201: ResourceRequestOut}, *WRITE, 404),
    tags=["plans"],
)
def resource_request_create(
    request: HttpRequest, account_id: Id, payload: ResourceRequestIn
) -> Status[ResourceRequest]:
    """Asks for something the plan needs (only in an editable plan); a programme leader
    decides it."""
    account = _account(request, account_id, edit=True)
    data = payload.model_dump()
    plan = _plan_ref(account, data.pop("plan"))
    resource = services.resource_request(plan=plan, requested_by=api_user(request), **data)
    return Status(201, _resource(account, resource.pk))


@router.get(
    "/accounts/{account_id}/resource-requests/{resource_id}",
    response=responses({200: ResourceRequestOut}, 404),
    tags=["plans"],
)
def resource_request_detail(
    request: HttpRequest, account_id: Id, resource_id: Id
) -> ResourceRequest:
    return _resource(_account(request, account_id), resource_id)


def _resource_update(
    request: HttpRequest, account_id: int, resource_id: int, data: dict[str, Any]
) -> ResourceRequest:
    account = _account(request, account_id, edit=True)
    services.resource_update(resource=_resource(account, resource_id), **data)
    return _resource(account, resource_id)


@router.put(
    "/accounts/{account_id}/resource-requests/{resource_id}",
    response=responses({200: ResourceRequestOut}, *WRITE, 404),
    tags=["plans"],
)
def resource_request_replace(
    request: HttpRequest, account_id: Id, resource_id: Id, payload: ResourceRequestPut
) -> ResourceRequest:
    """What is asked for, while nobody has decided it (422 afterwards)."""
    return _resource_update(request, account_id, resource_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/resource-requests/{resource_id}",
    response=responses({200: ResourceRequestOut}, *WRITE, 404),
    tags=["plans"],
)
def resource_request_update(
    request: HttpRequest, account_id: Id, resource_id: Id, payload: ResourceRequestPatch
) -> ResourceRequest:
    """The fields sent, while nobody has decided the request (422 afterwards)."""
    data = payload.model_dump(exclude_unset=True)
    return _resource_update(request, account_id, resource_id, data)


@router.delete(
    "/accounts/{account_id}/resource-requests/{resource_id}",
    response=responses({204: None}, 403, 404),
    tags=["plans"],
)
def resource_request_delete(request: HttpRequest, account_id: Id, resource_id: Id) -> Status[None]:
    """Withdraws a request nobody has decided yet (a decided one is kept: 422)."""
    resource = _resource(_account(request, account_id, edit=True), resource_id)
    services.resource_withdraw(resource=resource)
    return Status(204, None)


@router.post(
    "/accounts/{account_id}/resource-requests/{resource_id}/decision",
    response=responses({200: ResourceRequestOut}, *WRITE, 404),
    tags=["plans"],
)
def resource_request_decide(
    request: HttpRequest, account_id: Id, resource_id: Id, payload: ResourceDecisionIn
) -> ResourceRequest:
    """Approves or declines a request: programme leaders and administrators (403 for
    others), once (422 when it is decided already)."""
    account = _account(request, account_id, edit=True)
    resource = _resource(account, resource_id)
    user = api_user(request)
    if not user.manages_portfolio:
        raise AccessDenied
    services.resource_decide(
        resource=resource, status=payload.status, note=payload.note, decided_by=user
    )
    return _resource(account, resource_id)


# --- internal blockers -----------------------------------------------------------------------

NOT_ESCALATION_CHOICE = _(
    "%(person)s cannot take this escalation: choose someone on the account's team, its lead, "
    "a programme leader or an administrator."
)


class BlockerOut(Schema):
    id: int
    account: int
    title: str
    category: BlockerCategory
    description: str
    owner: Ref | None = Field(description="Someone on the account's team, or its lead.")
    raised_on: datetime.date
    status: BlockerStatus
    is_open: bool = Field(description="Open or escalated.")
    escalated_to: Ref | None
    escalated_on: datetime.date | None
    resolution: str
    resolved_on: datetime.date | None = Field(description="Set when it is resolved.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(blocker: Blocker) -> int:
        return blocker.account_id

    @staticmethod
    def resolve_owner(blocker: Blocker) -> dict[str, Any] | None:
        return _ref(blocker.owner, "full_name")

    @staticmethod
    def resolve_escalated_to(blocker: Blocker) -> dict[str, Any] | None:
        return _ref(blocker.escalated_to, "full_name")

    @staticmethod
    def resolve_is_open(blocker: Blocker) -> bool:
        return blocker.is_open


class BlockerIn(Schema):
    title: Text = Field(min_length=1, max_length=200)
    category: BlockerCategory = BlockerCategory.COLLABORATION
    description: Text = Field("", max_length=20_000)
    owner: Id | None = Field(None, description="One of the account's team, or its lead.")
    raised_on: datetime.date | None = Field(None, description="Today when left out; not later.")


class BlockerPut(Schema):
    title: Text = Field(min_length=1, max_length=200)
    category: BlockerCategory
    description: Text = Field(max_length=20_000)
    owner: Id | None = Field(description="One of the account's team, or its lead.")
    raised_on: datetime.date = Field(description="Not later than today.")
    status: BlockerStatus
    escalated_to: Id | None = Field(
        description="Needed when escalated: the team, its lead, a programme leader or an "
        "administrator."
    )
    escalated_on: datetime.date | None = Field(description="Today when escalated and left out.")
    resolution: Text = Field(max_length=20_000, description="Needed when resolved.")


if TYPE_CHECKING:
    BlockerPatch = Schema
else:
    BlockerPatch = patch_schema(BlockerPut)


class BlockerFilters(Schema):
    status: Literal["active", "open", "escalated", "resolved"] | None = Field(
        None, description="active: open or escalated."
    )
    category: BlockerCategory | None = None
    owner: Id | None = None
    sort: Literal["-raised_on", "raised_on", "title"] = "-raised_on"


BLOCKER_SORTS: dict[str, tuple[str, ...]] = {
    "-raised_on": ("-raised_on", "-id"),
    "raised_on": ("raised_on", "id"),
    "title": ("title", "id"),
}


def _blocker(account: Account, blocker_id: int) -> Blocker:
    blocker = selectors.blocker_get(account=account, pk=blocker_id)
    blocker.account = account
    return blocker


def _blocker_references(
    account: Account, data: dict[str, Any], current: Blocker | None = None
) -> dict[str, Any]:
    """Owner and escalation ids replaced by the people (422 on the field when there is no
    such person, or when the escalation goes to someone the page does not offer)."""
    fields = dict(data)
    if fields.get("owner") is not None:
        fields["owner"] = reference(Person.objects.all(), fields["owner"], field="owner")
    escalated_to = fields.get("escalated_to")
    if escalated_to is not None:
        person = reference(Person.objects.all(), escalated_to, field="escalated_to")
        if current is None or person.pk != current.escalated_to_id:
            team = selectors.account_team_members(account=account)
            if person not in selectors.escalation_choices(account=account, team=team):
                message = NOT_ESCALATION_CHOICE % {"person": person.full_name}
                raise ValidationError({"escalated_to": message})
        fields["escalated_to"] = person
    return fields


@router.get(
    "/accounts/{account_id}/blockers",
    response=responses({200: Page[BlockerOut]}, 404),
    tags=["internal blockers"],
)
def blocker_list(
    request: HttpRequest, account_id: Id, filters: Query[BlockerFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """What inside our own company holds the account team back, latest first."""
    account = _account(request, account_id)
    rows = selectors.blockers_list(account=account, status=filters.status or "all")
    simple = {"category": filters.category, "owner_id": filters.owner}
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    count, found = page_of(rows.order_by(*BLOCKER_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/blockers",
    response=responses({201: BlockerOut}, *WRITE, 404),
    tags=["internal blockers"],
)
def blocker_create(request: HttpRequest, account_id: Id, payload: BlockerIn) -> Status[Blocker]:
    """Logs a blocker, open (escalate or resolve it with PUT or PATCH)."""
    account = _account(request, account_id, edit=True)
    data = _blocker_references(account, payload.model_dump())
    if data["raised_on"] is None:
        del data["raised_on"]
    blocker = services.blocker_add(account=account, created_by=api_user(request), **data)
    return Status(201, blocker)


@router.get(
    "/accounts/{account_id}/blockers/{blocker_id}",
    response=responses({200: BlockerOut}, 404),
    tags=["internal blockers"],
)
def blocker_detail(request: HttpRequest, account_id: Id, blocker_id: Id) -> Blocker:
    return _blocker(_account(request, account_id), blocker_id)


def _blocker_update(
    request: HttpRequest, account_id: int, blocker_id: int, data: dict[str, Any]
) -> Blocker:
    account = _account(request, account_id, edit=True)
    blocker = _blocker(account, blocker_id)
    fields = _blocker_references(account, data, current=blocker)
    return services.blocker_update(blocker=blocker, **fields)


@router.put(
    "/accounts/{account_id}/blockers/{blocker_id}",
    response=responses({200: BlockerOut}, *WRITE, 404),
    tags=["internal blockers"],
)
def blocker_replace(
    request: HttpRequest, account_id: Id, blocker_id: Id, payload: BlockerPut
) -> Blocker:
    """Every field: escalating needs `escalated_to`, resolving a `resolution`."""
    return _blocker_update(request, account_id, blocker_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/blockers/{blocker_id}",
    response=responses({200: BlockerOut}, *WRITE, 404),
    tags=["internal blockers"],
)
def blocker_update(
    request: HttpRequest, account_id: Id, blocker_id: Id, payload: BlockerPatch
) -> Blocker:
    """The fields sent: escalating needs `escalated_to`, resolving a `resolution`."""
    return _blocker_update(request, account_id, blocker_id, payload.model_dump(exclude_unset=True))
