"""The stored per-account planning summary: completeness of the current plan, open and
overdue actions, last review and next review due.

It is derived data, so the "plans and reviews" list can sort and page in SQL without
computing anything for accounts off the page. Every planning write rewrites its account's
row in the same transaction; the daily job (and `hexad planning --refresh`) rewrites them
all, because dates move on: a review falls due, an action becomes overdue.

Reads per chunk of accounts: accounts with tiers, current plans, their objectives, their
actions, their risk counts, review dates; then one DELETE and one INSERT.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.planning import completeness as comp
from hexad.planning.models import (
    OPEN_ACTION_STATUSES,
    AccountPlan,
    Action,
    Objective,
    PlanningSummary,
    PlanStatus,
    Risk,
)

CHUNK = 2000


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def summaries_refresh(
    *, account_ids: Iterable[int] | None = None, today: datetime.date | None = None
) -> int:
    """Rewrites the summary of these accounts (all when None); returns how many."""
    from hexad.planning.selectors import (
        ReviewDates,
        account_cadence,
        next_steps_weeks,
        review_dates,
    )

    day = today or timezone.localdate()
    accounts = Account.objects.select_related("tier").order_by("id")
    if account_ids is None:
        all_ids = list(accounts.values_list("id", flat=True))
    else:
        all_ids = sorted(set(account_ids))
    weeks = next_steps_weeks()
    written = 0
    for chunk in _chunks(all_ids, CHUNK):
        batch = list(accounts.filter(id__in=chunk))
        plans = {
            plan.account_id: plan
            for plan in AccountPlan.objects.filter(
                account_id__in=chunk,
                status=PlanStatus.ACTIVE,
                period_start__lte=day,
                period_end__gte=day,
            ).order_by("period_start")
        }
        plan_ids = [plan.pk for plan in plans.values()]
        objectives: dict[int, list[int]] = defaultdict(list)
        for pk, plan_id in Objective.objects.filter(plan_id__in=plan_ids).values_list(
            "id", "plan_id"
        ):
            objectives[plan_id].append(pk)
        actions: dict[int, list[comp.ActionFacts]] = defaultdict(list)
        for pk, plan_id, objective_id, owner_id, due, status in Action.objects.filter(
            plan_id__in=plan_ids
        ).values_list("id", "plan_id", "objective_id", "owner_id", "due_date", "status"):
            actions[plan_id].append(
                comp.ActionFacts(
                    action_id=pk, objective_id=objective_id, owner_id=owner_id, due_date=due,
                    status=status,
                )
            )  # fmt: skip
        risks = dict(
            Risk.objects.filter(plan_id__in=plan_ids)
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
            .order_by()
        )
        dates = review_dates(account_ids=chunk, today=day)
        rows = []
        for account in batch:
            account_dates = dates.get(account.pk) or ReviewDates({}, {})
            cadence = account_cadence(account=account, dates=account_dates, today=day)
            plan = plans.get(account.pk)
            score = None
            open_count = overdue = 0
            if plan is not None:
                plan_actions = actions.get(plan.pk, [])
                facts = comp.plan_facts(
                    goals=plan.goals,
                    client_priorities=plan.client_priorities,
                    strategies=plan.strategies,
                    objective_ids=objectives.get(plan.pk, []),
                    actions=plan_actions,
                    risks=risks.get(plan.pk, 0),
                )
                score = comp.completeness(
                    facts, cadence=cadence, today=day, next_steps_weeks=weeks
                ).score
                open_actions = [a for a in plan_actions if a.status in OPEN_ACTION_STATUSES]
                open_count = len(open_actions)
                overdue = sum(1 for a in open_actions if a.due_date and a.due_date < day)
            next_due = cadence.next_due
            rows.append(
                PlanningSummary(
                    account_id=account.pk,
                    plan=plan,
                    completeness=score,
                    formula_version=comp.FORMULA_VERSION,
                    open_actions=open_count,
                    overdue_actions=overdue,
                    last_review_on=cadence.last_review_on,
                    last_review_kind=cadence.last_review_kind or "",
                    next_review_due=next_due.due_on if next_due else None,
                    next_review_kind=next_due.kind if next_due else "",
                    computed_on=day,
                )
            )
        PlanningSummary.objects.filter(account_id__in=chunk).delete()
        PlanningSummary.objects.bulk_create(rows, batch_size=CHUNK)
        written += len(rows)
    return written
