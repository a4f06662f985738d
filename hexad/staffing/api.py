"""The team designer's API (docs/api.md, docs/team_designer.md): start a run, read its
status and proposal, apply all or some of its changes; the pairs it never proposes
(conflicts of a person with an account, departments kept out of a role). Programme
leaders and administrators only (403 for everyone else). Mounted by hexad.api.v1."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hexad.accounts.models import Account
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, Text, patch_schema, reference, responses
from hexad.people.models import Department, Person
from hexad.roles.api import RoleRef
from hexad.roles.models import Role
from hexad.staffing import selectors, services
from hexad.staffing.models import (
    ChangeKind,
    Conflict,
    RoleRestriction,
    RunStatus,
    StaffingChange,
    StaffingRun,
)

router = Router(tags=["staffing"])


class RunIn(Schema):
    tiers: list[Id] = Field(default_factory=list, max_length=100)
    accounts: list[Id] = Field(default_factory=list, max_length=10_000)
    departments: list[Id] = Field(default_factory=list, max_length=100)
    all_roles: bool = False
    fill_weight: int = Field(1000, ge=0, le=100_000)
    fit_weight: int = Field(1, ge=0, le=100)
    continuity_bonus: int = Field(30, ge=0, le=10_000)
    unassessed_fit: float | None = Field(None, ge=0, le=1)
    slots_per_person: int = Field(22, ge=1, le=500)
    per_account_limit: int = Field(2, ge=1, le=20)
    use_hours: bool = False
    hours_per_person: int = Field(40, ge=1, le=168)
    allocation: int = Field(10, ge=1, le=100)
    time_limit: int = Field(60, ge=5, le=600)


class RunOut(Schema):
    id: int
    status: RunStatus
    progress: int = Field(description="0–100.")
    created_at: datetime.datetime
    options: dict[str, Any]
    error: str
    summary: dict[str, Any] = Field(
        description="slots, filled, fillable, objective, bound, gap (0: proven optimal), "
        "method, seconds, greedy_objective, candidates_kept, candidates_total, unassessed."
    )
    unfillable: list[dict[str, Any]] = Field(
        description="Slots that cannot be filled: account, role, why, candidates, …"
    )


class ChangeOut(Schema):
    id: int
    account: Ref
    role: Ref
    kind: ChangeKind
    current_person: Ref | None
    proposed_person: Ref
    fit: int = Field(description="0–100.")
    assessed: bool
    slots_left: int
    hours_left: int | None
    applied_at: datetime.datetime | None

    @staticmethod
    def resolve_account(change: StaffingChange) -> dict[str, Any]:
        return {"id": change.account_id, "name": change.account.name}

    @staticmethod
    def resolve_role(change: StaffingChange) -> dict[str, Any]:
        return {"id": change.role_id, "name": change.role.name}

    @staticmethod
    def resolve_current_person(change: StaffingChange) -> dict[str, Any] | None:
        person = change.current_person
        return None if person is None else {"id": person.pk, "name": person.full_name}

    @staticmethod
    def resolve_proposed_person(change: StaffingChange) -> dict[str, Any]:
        person = change.proposed_person
        return {"id": person.pk, "name": person.full_name}


class ChangeFilters(Schema):
    kind: ChangeKind | None = None


class ApplyIn(Schema):
    changes: list[Id] | None = Field(
        None, max_length=100_000, description="Ids of changes; null: every added and changed."
    )


class ApplyOut(Schema):
    applied: list[int]


@router.post("/staffing/runs", response=responses({201: RunOut}, *WRITE))
def staffing_run_create(request: HttpRequest, payload: RunIn) -> Status[StaffingRun]:
    """Queues a proposal for this scope; poll the run until its status is done."""
    user = api_user(request)
    selectors.require_manager(user)
    run = services.run_create(user=user, options=payload.model_dump())
    return Status(201, run)


@router.get("/staffing/runs/{run_id}", response=responses({200: RunOut}, 403, 404))
def staffing_run_detail(request: HttpRequest, run_id: Id) -> StaffingRun:
    return selectors.run_get(user=api_user(request), pk=run_id)


@router.get("/staffing/runs/{run_id}/changes", response=responses({200: Page[ChangeOut]}, 403, 404))
def staffing_change_list(
    request: HttpRequest, run_id: Id, filters: Query[ChangeFilters], page: Query[PageParams]
) -> dict[str, Any]:
    run = selectors.run_get(user=api_user(request), pk=run_id)
    count, rows = page_of(selectors.run_changes(run=run, kind=filters.kind or ""), page)
    return page_body(count, rows, page)


@router.post("/staffing/runs/{run_id}/apply", response=responses({200: ApplyOut}, *WRITE, 404, 409))
def staffing_run_apply(request: HttpRequest, run_id: Id, payload: ApplyIn) -> dict[str, Any]:
    """Applies the chosen changes all or nothing; 409 when a team changed since the run."""
    user = api_user(request)
    run = selectors.run_get(user=user, pk=run_id)
    applied = services.changes_apply(user=user, run=run, change_ids=payload.changes)
    return {"applied": [change.pk for change in applied]}


# --- conflicts: a person never proposed for an account ----------------------------------


class ConflictOut(Schema):
    id: int
    person: Ref
    account: Ref
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_person(conflict: Conflict) -> dict[str, Any]:
        return {"id": conflict.person_id, "name": conflict.person.full_name}

    @staticmethod
    def resolve_account(conflict: Conflict) -> dict[str, Any]:
        return {"id": conflict.account_id, "name": conflict.account.name}


class ConflictIn(Schema):
    person: Id = Field(description="One of our people.")
    account: Id
    note: Text = Field("", max_length=300, description="Why, e.g. a former employer.")


class ConflictPut(Schema):
    """The note is all a conflict changes; for another pair, delete it and create one."""

    note: Text = Field(max_length=300)


if TYPE_CHECKING:  # built at run time from ConflictPut; a Schema as far as mypy knows
    ConflictPatch = Schema
else:
    ConflictPatch = patch_schema(ConflictPut)


CONFLICT_SORTS: dict[str, tuple[str, ...]] = {
    "account": ("account__name", "person__full_name", "id"),
    "-account": ("-account__name", "-person__full_name", "-id"),
    "person": ("person__full_name", "account__name", "id"),
    "-person": ("-person__full_name", "-account__name", "-id"),
    "-created_at": ("-created_at", "-id"),
}
if TYPE_CHECKING:
    ConflictSort = str
else:
    ConflictSort = Literal[tuple(CONFLICT_SORTS)]


class ConflictFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the account's or person's name.")
    account: Id | None = None
    person: Id | None = None
    sort: ConflictSort = "account"


@router.get("/staffing/conflicts", response=responses({200: Page[ConflictOut]}, 403))
def staffing_conflict_list(
    request: HttpRequest, filters: Query[ConflictFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Every recorded conflict: the designer never proposes these people for these accounts."""
    conflicts = selectors.conflicts_list(user=api_user(request), query=filters.q)
    if filters.account is not None:
        conflicts = conflicts.filter(account_id=filters.account)
    if filters.person is not None:
        conflicts = conflicts.filter(person_id=filters.person)
    count, rows = page_of(conflicts.order_by(*CONFLICT_SORTS[filters.sort]), page)
    return page_body(count, rows, page)


@router.post("/staffing/conflicts", response=responses({201: ConflictOut}, *WRITE))
def staffing_conflict_create(request: HttpRequest, payload: ConflictIn) -> Status[Conflict]:
    """422 on `person` when the pair is already recorded."""
    user = api_user(request)
    selectors.require_manager(user)
    conflict = services.conflict_create(
        person=reference(Person.objects.all(), payload.person, field="person"),
        account=reference(Account.objects.all(), payload.account, field="account"),
        note=payload.note,
    )
    return Status(201, selectors.conflict_get(user=user, pk=conflict.pk))


@router.get("/staffing/conflicts/{conflict_id}", response=responses({200: ConflictOut}, 403, 404))
def staffing_conflict_detail(request: HttpRequest, conflict_id: Id) -> Conflict:
    return selectors.conflict_get(user=api_user(request), pk=conflict_id)


def _conflict_update(request: HttpRequest, conflict_id: int, data: dict[str, Any]) -> Conflict:
    conflict = selectors.conflict_get(user=api_user(request), pk=conflict_id)
    if "note" in data:
        services.conflict_update(conflict=conflict, note=data["note"])
    return conflict


@router.put(
    "/staffing/conflicts/{conflict_id}", response=responses({200: ConflictOut}, *WRITE, 404)
)
def staffing_conflict_replace(
    request: HttpRequest, conflict_id: Id, payload: ConflictPut
) -> Conflict:
    return _conflict_update(request, conflict_id, payload.model_dump())


@router.patch(
    "/staffing/conflicts/{conflict_id}", response=responses({200: ConflictOut}, *WRITE, 404)
)
def staffing_conflict_update(
    request: HttpRequest, conflict_id: Id, payload: ConflictPatch
) -> Conflict:
    return _conflict_update(request, conflict_id, payload.model_dump(exclude_unset=True))


@router.delete("/staffing/conflicts/{conflict_id}", response=responses({204: None}, 403, 404))
def staffing_conflict_delete(request: HttpRequest, conflict_id: Id) -> Status[None]:
    """The person may be proposed for the account again."""
    conflict = selectors.conflict_get(user=api_user(request), pk=conflict_id)
    services.conflict_delete(conflict=conflict)
    return Status(204, None)


# --- role restrictions: a department's people never proposed for a role -----------------


class RestrictionOut(Schema):
    id: int
    department: Ref
    role: RoleRef
    created_at: datetime.datetime

    @staticmethod
    def resolve_department(restriction: RoleRestriction) -> dict[str, Any]:
        return {"id": restriction.department_id, "name": restriction.department.name}


class RestrictionIn(Schema):
    department: Id
    role: Id


RESTRICTION_SORTS: dict[str, tuple[str, ...]] = {
    "department": ("department__name", "role__order", "id"),
    "-department": ("-department__name", "-role__order", "-id"),
    "role": ("role__order", "department__name", "id"),
    "-role": ("-role__order", "-department__name", "-id"),
}
if TYPE_CHECKING:
    RestrictionSort = str
else:
    RestrictionSort = Literal[tuple(RESTRICTION_SORTS)]


class RestrictionFilters(Schema):
    department: Id | None = None
    role: Id | None = None
    sort: RestrictionSort = "department"


@router.get("/staffing/role-restrictions", response=responses({200: Page[RestrictionOut]}, 403))
def staffing_restriction_list(
    request: HttpRequest, filters: Query[RestrictionFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Every department kept out of a role: its people are never proposed for it."""
    restrictions = selectors.restrictions_list(user=api_user(request))
    if filters.department is not None:
        restrictions = restrictions.filter(department_id=filters.department)
    if filters.role is not None:
        restrictions = restrictions.filter(role_id=filters.role)
    count, rows = page_of(restrictions.order_by(*RESTRICTION_SORTS[filters.sort]), page)
    return page_body(count, rows, page)


@router.post("/staffing/role-restrictions", response=responses({201: RestrictionOut}, *WRITE))
def staffing_restriction_create(
    request: HttpRequest, payload: RestrictionIn
) -> Status[RoleRestriction]:
    """422 on `role` when the department is already kept out of it."""
    user = api_user(request)
    selectors.require_manager(user)
    restriction = services.restriction_create(
        department=reference(Department.objects.all(), payload.department, field="department"),
        role=reference(Role.objects.all(), payload.role, field="role"),
    )
    return Status(201, selectors.restriction_get(user=user, pk=restriction.pk))


@router.get(
    "/staffing/role-restrictions/{restriction_id}",
    response=responses({200: RestrictionOut}, 403, 404),
)
def staffing_restriction_detail(request: HttpRequest, restriction_id: Id) -> RoleRestriction:
    return selectors.restriction_get(user=api_user(request), pk=restriction_id)


@router.delete(
    "/staffing/role-restrictions/{restriction_id}", response=responses({204: None}, 403, 404)
)
def staffing_restriction_delete(request: HttpRequest, restriction_id: Id) -> Status[None]:
    """The department's people may be proposed for the role again."""
    restriction = selectors.restriction_get(user=api_user(request), pk=restriction_id)
    services.restriction_delete(restriction=restriction)
    return Status(204, None)
