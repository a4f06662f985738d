"""An account's stakeholders, interactions and technical concerns as CSV/XLSX, each with
its page's filters, order and access (the account is looked up as the page does)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hexad.accounts.selectors import account_get
from hexad.core.exports import Column, ExportQuery, ListExport, labels, register, table
from hexad.relationships import selectors
from hexad.relationships.forms import CONCERN_STATUS_FILTERS, StakeholderFilterForm
from hexad.relationships.metrics import RelationshipFacts, StakeholderFacts, filter_stakeholders
from hexad.relationships.models import (
    Attitude,
    BuyingRole,
    ConcernStatus,
    Interaction,
    InteractionKind,
    RelationshipLevel,
    Severity,
    StakeholderLevel,
    StakeholderStatus,
    TechnicalConcern,
)


def _stakeholder_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    overview = selectors.relationship_overview(account=account, with_concerns=False)
    rows = filter_stakeholders(
        overview.stakeholders, StakeholderFilterForm(query.params or None).filters()
    )
    names = overview.names()
    level, attitude, status = (
        labels(StakeholderLevel.choices),
        labels(Attitude.choices),
        labels(StakeholderStatus.choices),
    )
    buying_role, relationship_level = labels(BuyingRole.choices), labels(RelationshipLevel.choices)

    def strongest(row: StakeholderFacts) -> RelationshipFacts | None:
        return overview.strongest.get(row.id)

    def strongest_text(row: StakeholderFacts) -> str:
        found = strongest(row)
        return f"{found.person_name}: {relationship_level(found.current_level)}" if found else ""

    columns = [
        Column(_("Account"), lambda row: account.name),
        Column(_("Stakeholder"), lambda row: row.name),
        Column(_("Title"), lambda row: row.title),
        Column(_("Business unit"), lambda row: row.business_unit_name),
        Column(_("Level"), lambda row: level(row.level)),
        Column(_("Buying roles"), lambda row: ", ".join(map(buying_role, row.buying_roles))),
        Column(_("Influence"), lambda row: row.influence),
        Column(_("Attitude"), lambda row: attitude(row.attitude)),
        Column(_("Competitor alignment"), lambda row: row.competitor),
        Column(_("Status"), lambda row: status(row.status)),
        Column(_("Reports to"), lambda row: names.get(row.reports_to_id or 0, "")),
        Column(_("Dotted-line manager"), lambda row: names.get(row.dotted_manager_id or 0, "")),
        Column(_("Owner"), lambda row: row.owner_name),
        Column(_("First engaged"), lambda row: row.first_engaged),
        Column(_("Our strongest relationship"), strongest_text),
        Column(
            _("Last interaction"),
            lambda row: found.last_interaction if (found := strongest(row)) else None,
        ),
    ]
    return table(columns, rows)


def _interaction_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    interactions = selectors.interactions_list(account=account)
    kind = labels(InteractionKind.choices)

    def people(row: Interaction) -> str:
        return ", ".join(person.full_name for person in row.people.all())

    def stakeholders(row: Interaction) -> str:
        return ", ".join(stakeholder.name for stakeholder in row.stakeholders.all())

    columns = [
        Column(_("Account"), lambda row: account.name),
        Column(_("Date"), lambda row: row.occurred_on),
        Column(_("Kind"), lambda row: kind(row.kind)),
        Column(_("Our people"), people),
        Column(_("Their stakeholders"), stakeholders),
        Column(_("Notes"), lambda row: row.notes),
    ]
    return table(columns, interactions.iterator(chunk_size=1000))


def _concern_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    status = query.params.get("status", "active")
    if status not in dict(CONCERN_STATUS_FILTERS):
        status = "active"
    concerns = selectors.concerns_list(account=account, status=status)
    severity, state = labels(Severity.choices), labels(ConcernStatus.choices)

    def named(value: Any, field: str) -> str:
        return getattr(value, field) if value is not None else ""

    columns: list[Column] = [
        Column(_("Account"), lambda row: account.name),
        Column(_("Topic"), lambda row: row.topic),
        Column(_("Description"), lambda row: row.description),
        Column(_("Raised by"), lambda row: named(row.raised_by, "name")),
        Column(_("Raised on"), lambda row: row.raised_on),
        Column(_("Severity"), lambda row: severity(row.severity)),
        Column(_("Status"), lambda row: state(row.status)),
        Column(_("Owner (ours)"), lambda row: named(row.owner, "full_name")),
        Column(_("Due"), lambda row: row.due_date),
        Column(_("Resolution"), lambda row: row.resolution),
    ]
    rows: Iterator[TechnicalConcern] = concerns.iterator(chunk_size=1000)
    return table(columns, rows)


register(
    ListExport(
        name="stakeholders", title=_("Stakeholders"), rows=_stakeholder_rows, per_account=True
    )
)
register(
    ListExport(
        name="interactions", title=_("Interactions"), rows=_interaction_rows, per_account=True
    )
)
register(
    ListExport(name="concerns", title=_("Technical concerns"), rows=_concern_rows, per_account=True)
)
