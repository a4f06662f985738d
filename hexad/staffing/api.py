"""The team designer's API (docs/api.md, docs/team_designer.md): start a run, read its
status and proposal, apply all or some of its changes. Programme leaders and
administrators only (403 for everyone else). Mounted by hexad.api.v1."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, responses
from hexad.staffing import selectors, services
from hexad.staffing.models import ChangeKind, RunStatus, StaffingChange, StaffingRun

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
