"""Planning lists as CSV/XLSX: the planning portfolio, "my work" actions, and an account's
plan actions, reviews and internal blockers, each with its page's filters, order and
access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, Tier
from hexad.accounts.selectors import account_get
from hexad.core.exports import Column, ExportQuery, ListExport, labels, register, table
from hexad.planning import selectors
from hexad.planning.forms import BLOCKER_FILTER_LABELS, PortfolioFilterForm
from hexad.planning.models import (
    Action,
    ActionStatus,
    Blocker,
    BlockerCategory,
    BlockerStatus,
    PlanningSummary,
    Review,
    ReviewKind,
)

CHUNK = 1000


def _portfolio_rows(query: ExportQuery) -> Iterator[list[Any]]:
    form = PortfolioFilterForm(query.params or None, tiers=Tier.objects.all())
    accounts = selectors.planning_portfolio(user=query.user, filters=form.filters())
    kind = labels(ReviewKind.choices)

    def summary(account: Account) -> PlanningSummary | None:
        return getattr(account, "planning", None)

    def figure(field: str) -> Any:
        return lambda account: getattr(found, field) if (found := summary(account)) else None

    columns = [
        Column(_("Account"), lambda account: account.name),
        Column(_("Tier"), lambda account: account.tier.name),
        Column(_("Account lead"), lambda account: account.lead.full_name if account.lead else ""),
        Column(
            _("Current plan"),
            lambda account: found.plan.title if (found := summary(account)) and found.plan else "",
        ),
        Column(_("Completeness"), figure("completeness")),
        Column(_("Open actions"), figure("open_actions")),
        Column(_("Overdue actions"), figure("overdue_actions")),
        Column(_("Last review"), figure("last_review_on")),
        Column(
            _("Last review kind"),
            lambda account: kind(found.last_review_kind) if (found := summary(account)) else "",
        ),
        Column(_("Next review due"), figure("next_review_due")),
        Column(
            _("Next review kind"),
            lambda account: kind(found.next_review_kind) if (found := summary(account)) else "",
        ),
    ]
    return table(columns, accounts.iterator(chunk_size=CHUNK))


def _review_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    kind = labels(ReviewKind.choices)

    def people(review: Review) -> str:
        return ", ".join(person.full_name for person in review.people.all())

    def stakeholders(review: Review) -> str:
        return ", ".join(stakeholder.name for stakeholder in review.stakeholders.all())

    columns = [
        Column(_("Account"), lambda review: account.name),
        Column(_("Date"), lambda review: review.held_on),
        Column(_("Kind"), lambda review: kind(review.kind)),
        Column(_("Our people"), people),
        Column(_("Their stakeholders"), stakeholders),
        Column(_("Agenda"), lambda review: review.agenda),
        Column(_("Minutes"), lambda review: review.minutes),
    ]
    reviews = selectors.reviews_list(account=account)
    return table(columns, reviews.iterator(chunk_size=CHUNK))


def _blocker_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    status = query.params.get("status", "active")
    if status not in BLOCKER_FILTER_LABELS:
        status = "active"
    category, state = labels(BlockerCategory.choices), labels(BlockerStatus.choices)

    def person(blocker: Blocker, field: str) -> str:
        found = getattr(blocker, field)
        return found.full_name if found is not None else ""

    columns = [
        Column(_("Account"), lambda blocker: account.name),
        Column(_("Blocker"), lambda blocker: blocker.title),
        Column(_("Category"), lambda blocker: category(blocker.category)),
        Column(_("Description"), lambda blocker: blocker.description),
        Column(_("Owner"), lambda blocker: person(blocker, "owner")),
        Column(_("Raised on"), lambda blocker: blocker.raised_on),
        Column(_("Status"), lambda blocker: state(blocker.status)),
        Column(_("Escalated to"), lambda blocker: person(blocker, "escalated_to")),
        Column(_("Escalated on"), lambda blocker: blocker.escalated_on),
        Column(_("Resolution"), lambda blocker: blocker.resolution),
        Column(_("Resolved on"), lambda blocker: blocker.resolved_on),
    ]
    blockers = selectors.blockers_list(account=account, status=status)
    return table(columns, blockers.iterator(chunk_size=CHUNK))


def _action_columns() -> list[Column]:
    status = labels(ActionStatus.choices)

    def named(action: Action, field: str, attribute: str) -> str:
        found = getattr(action, field)
        return getattr(found, attribute) if found is not None else ""

    return [
        Column(_("Account"), lambda action: action.account.name),
        Column(_("Plan"), lambda action: action.plan.title),
        Column(_("Objective"), lambda action: named(action, "objective", "title")),
        Column(_("Action"), lambda action: action.title),
        Column(_("Owner"), lambda action: named(action, "owner", "full_name")),
        Column(_("Responsible role"), lambda action: named(action, "role", "name")),
        Column(_("Due date"), lambda action: action.due_date),
        Column(_("Status"), lambda action: status(action.status)),
    ]


def _my_work_rows(query: ExportQuery) -> Iterator[list[Any]]:
    """Every open action of the user's (the page shows the first 200), as "my work" orders
    them; nothing for a user without a person."""
    person = getattr(query.user, "person", None)
    if person is None:
        actions = Action.objects.none()
    else:
        actions = selectors.my_actions(user=query.user, person=person).select_related(
            "objective", "owner", "role"
        )
    return table(_action_columns(), actions.iterator(chunk_size=CHUNK))


def _action_rows(query: ExportQuery) -> Iterator[list[Any]]:
    """The actions of the plan given as `plan` (as on the plan page), or of every plan of
    the account; a plan of another account is not found."""
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    plan = None
    if plan_pk := query.params.get("plan"):
        if not plan_pk.isdigit():
            raise Http404("No such plan.")
        plan = selectors.plan_get(account=account, pk=int(plan_pk))
    actions = selectors.actions_list(account=account, plan=plan)
    return table(_action_columns(), actions.iterator(chunk_size=CHUNK))


register(ListExport(name="planning", title=_("Planning"), rows=_portfolio_rows))
register(ListExport(name="my-work", title=_("My actions"), rows=_my_work_rows))
register(ListExport(name="actions", title=_("Plan actions"), rows=_action_rows, per_account=True))
register(ListExport(name="reviews", title=_("Reviews"), rows=_review_rows, per_account=True))
register(ListExport(name="blockers", title=_("Blockers"), rows=_blocker_rows, per_account=True))
