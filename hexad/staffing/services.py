"""Writes of the team designer: start a run, carry it out, apply what the leader chose.

Applying goes through the accounts services (membership_add, assignment_add,
assignment_remove), so coverage and every other derived figure follow in the same
transaction; the run's changes record who applied what, and when.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts import services as accounts_services
from hexad.accounts.models import Account, Degree, RoleAssignment, TeamMembership
from hexad.core.exceptions import StaleEdit
from hexad.people.models import Department, Person, User
from hexad.roles.models import Role
from hexad.staffing import selectors, solver
from hexad.staffing.models import (
    ChangeKind,
    Conflict,
    RoleRestriction,
    RunStatus,
    StaffingChange,
    StaffingRun,
)
from hexad.staffing.solver.worker import SolveFailed, solve_in_child

logger = logging.getLogger(__name__)

NOTHING_SELECTED = _("Choose at least one change to apply.")
NOT_FINISHED = _("This proposal is not ready yet; wait until the run has finished.")
STALE_PROPOSAL = _(
    "The team changed since this proposal was made (%(account)s, %(role)s). "
    "Run the team designer again to get a proposal for the teams as they are now."
)
ALREADY_APPLIED = _("This change has already been applied.")
FAILED_MEMORY = _("The solve needed more memory than it may use; narrow the scope.")
FAILED_TIME = _("The solve took longer than it may; narrow the scope or lower the time limit.")
FAILED_OTHER = _("The solve failed: %(error)s")

# Hard limits of a solve in its own process (settings may lower or raise them).
MEMORY_BYTES = 2 * 1024**3
WALL_SECONDS = 300.0


@transaction.atomic
def run_create(*, user: User | None, options: dict[str, Any]) -> StaffingRun:
    """Records a run for this scope and queues its solve for `hexad worker`."""
    run = StaffingRun.objects.create(
        created_by=user, options={**selectors.DEFAULT_OPTIONS, **options}
    )
    from hexad.staffing.tasks import run_staffing

    transaction.on_commit(lambda: run_staffing.enqueue(run.pk))
    return run


def _progress(run_id: int, share: float) -> None:
    StaffingRun.objects.filter(pk=run_id).update(progress=min(99, int(share * 100)))


def run_execute(*, run_id: int, in_process: bool | None = None) -> StaffingRun:
    """Builds the problem, solves it (in a child process with hard limits unless
    `in_process`), and stores the proposal. Safe to run twice: a finished run stays."""
    run = StaffingRun.objects.get(pk=run_id)
    if run.is_finished:
        return run
    StaffingRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, progress=1)
    context = selectors.problem_for(run.options)
    options = solver.Options(
        top_k=int(run.options.get("top_k", 20)),
        time_limit=float(run.options.get("time_limit", 60)),
    )
    if in_process is None:
        in_process = getattr(settings, "HEXAD_STAFFING_IN_PROCESS", False)
    try:
        if in_process:
            proposal = solver.solve(
                context.problem, options, progress=lambda stage, share: _progress(run_id, share)
            )
        else:
            proposal = solve_in_child(
                context.problem,
                options,
                memory_bytes=getattr(settings, "HEXAD_STAFFING_MEMORY_BYTES", MEMORY_BYTES),
                wall_seconds=options.time_limit
                + getattr(settings, "HEXAD_STAFFING_WALL_SECONDS", WALL_SECONDS),
                progress=lambda share: _progress(run_id, share),
            )
    except SolveFailed as failure:
        reason = str(failure)
        message = {"memory": FAILED_MEMORY, "time": FAILED_TIME}.get(reason)
        return _failed(run, str(message) if message else str(FAILED_OTHER % {"error": reason}))
    except Exception as exc:  # in-process: the run must not stay "running" for ever
        logger.exception("Team designer run %s failed", run_id)
        return _failed(run, str(FAILED_OTHER % {"error": type(exc).__name__}))
    _store(run=run, context=context, proposal=proposal)
    run.refresh_from_db()
    return run


def _failed(run: StaffingRun, error: str) -> StaffingRun:
    StaffingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=error[:500])
    run.refresh_from_db()
    return run


@transaction.atomic
def _store(
    *, run: StaffingRun, context: selectors.ProblemContext, proposal: solver.Proposal
) -> None:
    problem = context.problem
    people = problem.people
    changes = []
    for index, (slot, person) in enumerate(zip(problem.slots, proposal.assignment, strict=True)):
        reason = proposal.reasons[index]
        if person is None or reason is None:
            continue
        current = slot.current
        kind = (
            ChangeKind.ADDED
            if current is None
            else ChangeKind.KEPT
            if current == person
            else ChangeKind.CHANGED
        )
        changes.append(
            StaffingChange(
                run=run,
                account_id=problem.account_ids[slot.account],
                role_id=problem.role_ids[slot.role],
                kind=kind,
                current_person_id=None if current is None else people[current].id,
                proposed_person_id=people[person].id,
                current_assignments=context.current_assignments[index],
                fit=reason.fit,
                assessed=reason.assessed,
                slots_left=reason.slots_left,
                hours_left=reason.hours_left,
            )
        )
    StaffingChange.objects.bulk_create(changes, batch_size=2000)
    run.unfillable = [
        {
            "account": problem.account_ids[problem.slots[u.slot].account],
            "role": problem.role_ids[problem.slots[u.slot].role],
            "why": str(u.why),
            "candidates": u.candidates,
            "competing_slots": u.competing_slots,
            "competing_people": u.competing_people,
        }
        for u in proposal.unfillable
    ]
    run.summary = {
        "slots": len(problem.slots),
        "people": len(people),
        "accounts": len(problem.account_ids),
        "filled": proposal.filled,
        "fillable": proposal.fillable,
        "objective": proposal.objective,
        "bound": proposal.bound,
        "gap": proposal.gap,
        "method": proposal.method,
        "seconds": round(proposal.seconds, 2),
        "greedy_objective": proposal.greedy_objective,
        "candidates_kept": proposal.candidates_kept,
        "candidates_total": proposal.candidates_total,
        "unassessed": sum(1 for r in proposal.reasons if r is not None and not r.assessed),
    }
    run.status = RunStatus.DONE
    run.progress = 100
    run.save(update_fields=["unfillable", "summary", "status", "progress", "updated_at"])


def _active_assignments(account_id: int, role_id: int) -> list[int]:
    today = timezone.localdate()
    return sorted(
        RoleAssignment.objects.filter(
            membership__account_id=account_id,
            role_id=role_id,
            membership__start_date__lte=today,
        )
        .exclude(membership__end_date__lt=today)
        .values_list("id", flat=True)
    )


@transaction.atomic
def changes_apply(
    *, user: User | None, run: StaffingRun, change_ids: Iterable[int] | None = None
) -> list[StaffingChange]:
    """Applies the chosen changes of a finished run (all added and changed ones when
    `change_ids` is None), all or nothing; refuses when a slot changed since the run."""
    if run.status != RunStatus.DONE:
        raise ValidationError({"changes": NOT_FINISHED})
    changes = run.changes.select_related("account", "role", "proposed_person").exclude(
        kind=ChangeKind.KEPT
    )
    if change_ids is not None:
        ids = set(change_ids)
        changes = changes.filter(id__in=ids)
    chosen = list(changes.select_for_update().order_by("id"))
    if not chosen:
        raise ValidationError({"changes": NOTHING_SELECTED})
    for change in chosen:
        if change.applied_at is not None:
            raise ValidationError({"changes": ALREADY_APPLIED})
        if _active_assignments(change.account_id, change.role_id) != change.current_assignments:
            raise StaleEdit(STALE_PROPOSAL % {"account": change.account, "role": change.role})
    allocation = int(run.options.get("allocation", 10))
    now = timezone.now()
    for change in chosen:
        _apply_one(
            account=change.account,
            role=change.role,
            person=change.proposed_person,
            allocation=allocation,
            replaced=change.current_person_id if change.kind == ChangeKind.CHANGED else None,
        )
        change.applied_at, change.applied_by = now, user
    StaffingChange.objects.bulk_update(chosen, ["applied_at", "applied_by"])
    return chosen


def _apply_one(
    *, account: Account, role: Role, person: Person, allocation: int, replaced: int | None
) -> None:
    """The person plays the role (joining the team if needed); the player they replace
    gives up that role and stays on the team. Other players of the role are untouched."""
    if replaced is not None:
        today = timezone.localdate()
        held = (
            RoleAssignment.objects.select_related("membership")
            .filter(membership__account=account, membership__person_id=replaced, role=role)
            .filter(membership__start_date__lte=today)
            .exclude(membership__end_date__lt=today)
        )
        for assignment in held:
            accounts_services.assignment_remove(assignment=assignment)
    membership = TeamMembership.objects.active().filter(account=account, person=person).first()
    if membership is None:
        accounts_services.membership_add(
            account=account, person=person, allocation=allocation, roles=[(role, Degree.LEAD)]
        )
    elif not membership.assignments.filter(role=role).exists():
        accounts_services.assignment_add(membership=membership, role=role, degree=Degree.LEAD)


# --- conflicts and role restrictions: pairs the designer never proposes ---------------

CONFLICT_EXISTS = _("A conflict of %(person)s with %(account)s is already recorded.")
RESTRICTION_EXISTS = _("People of %(department)s are already kept out of the role %(role)s.")


def conflict_create(*, person: Person, account: Account, note: str = "") -> Conflict:
    """Records that `person` may not be proposed for `account` (a conflict of interest)."""
    if Conflict.objects.filter(person=person, account=account).exists():
        raise ValidationError({"person": CONFLICT_EXISTS % {"person": person, "account": account}})
    conflict = Conflict(person=person, account=account, note=note.strip())
    conflict.full_clean(validate_unique=False)
    conflict.save()
    return conflict


def conflict_update(*, conflict: Conflict, note: str) -> Conflict:
    conflict.note = note.strip()
    conflict.full_clean(validate_unique=False)
    conflict.save(update_fields=["note", "updated_at"])
    return conflict


def conflict_delete(*, conflict: Conflict) -> None:
    conflict.delete()


def restriction_create(*, department: Department, role: Role) -> RoleRestriction:
    """Keeps the people of `department` out of `role` in every proposal."""
    if RoleRestriction.objects.filter(department=department, role=role).exists():
        raise ValidationError(
            {"role": RESTRICTION_EXISTS % {"department": department, "role": role}}
        )
    restriction = RoleRestriction(department=department, role=role)
    restriction.full_clean(validate_unique=False)
    restriction.save()
    return restriction


def restriction_delete(*, restriction: RoleRestriction) -> None:
    restriction.delete()
