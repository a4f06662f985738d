"""Growth lists as CSV/XLSX: the growth portfolio, the offerings catalogue, the adoption
of new offerings and an account's value initiatives, with their pages' filters, order and
access; and, for `hexad export`, the account's
opportunities and whitespace as their own pages' download links give them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account
from hexad.accounts.selectors import account_get, account_leads
from hexad.core.exports import Column, ExportQuery, ListExport, labels, register, table
from hexad.growth import selectors
from hexad.growth.forms import GrowthFilterForm, OpportunityFilterForm
from hexad.growth.models import AccountGrowth, InitiativeStatus, ValueInitiative
from hexad.growth.views.opportunities import _rows as opportunity_rows
from hexad.growth.views.whitespace import _rows as whitespace_rows

CHUNK = 1000


def _portfolio_rows(query: ExportQuery) -> Iterator[list[Any]]:
    form = GrowthFilterForm(query.params or None, leads=account_leads())
    accounts = selectors.growth_accounts(user=query.user, filters=form.growth_filters())

    def figure(field: str) -> Any:
        def value(account: Account) -> Any:
            growth: AccountGrowth | None = getattr(account, "growth", None)
            return getattr(growth, field) if growth is not None else None

        return value

    columns = [
        Column(_("Account"), lambda account: account.name),
        Column(_("Tier"), lambda account: account.tier.name),
        Column(_("Currency"), lambda account: account.currency),
        Column(_("Period"), figure("period_label")),
        Column(_("Revenue"), figure("revenue")),
        Column(_("Target"), figure("target")),
        Column(_("Potential"), figure("potential")),
        Column(_("Untapped potential"), figure("untapped")),
        Column(_("Share of wallet"), figure("share")),
        Column(_("Open opportunities"), figure("open_opportunities")),
        Column(_("Pipeline"), figure("pipeline")),
        Column(_("Weighted pipeline"), figure("weighted_pipeline")),
        Column(_("Market inside"), figure("market")),
    ]
    return table(columns, accounts.iterator(chunk_size=CHUNK))


def _offering_rows(query: ExportQuery) -> Iterator[list[Any]]:
    columns = [
        Column(_("Offering"), lambda offering: offering.name),
        Column(_("Family"), lambda offering: offering.family),
        Column(_("New offering"), lambda o: gettext("yes") if o.is_new else gettext("no")),
        Column(_("Launched"), lambda offering: offering.launch_date),
        Column(_("Description"), lambda offering: offering.description),
    ]
    return table(columns, selectors.offerings_all().iterator(chunk_size=CHUNK))


def _adoption_rows(query: ExportQuery) -> Iterator[list[Any]]:
    """Each new offering across the accounts the user sees, as the adoption page shows it
    (the average lag in days)."""
    overview = selectors.adoption_overview(user=query.user)
    columns = [
        Column(_("Offering"), lambda row: row.offering.name),
        Column(_("Family"), lambda row: row.offering.family),
        Column(_("Launched"), lambda row: row.offering.launch_date),
        Column(_("Offered to"), lambda row: row.offered),
        Column(_("Adopted by"), lambda row: row.adopted),
        Column(_("Average lag (days)"), lambda row: row.average_lag),
        Column(_("Not yet offered to"), lambda row: row.not_offered),
    ]
    return table(columns, overview.rows)


def _initiative_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    status = labels(InitiativeStatus.choices)

    def named(initiative: ValueInitiative, field: str) -> str:
        found = getattr(initiative, field)
        return found.name if found is not None else ""

    columns = [
        Column(_("Account"), lambda initiative: account.name),
        Column(_("Currency"), lambda initiative: account.currency),
        Column(_("Initiative"), lambda initiative: initiative.title),
        Column(_("Value hypothesis"), lambda initiative: initiative.hypothesis),
        Column(_("Executive sponsor"), lambda initiative: named(initiative, "sponsor")),
        Column(_("Status"), lambda initiative: status(initiative.status)),
        Column(_("Expected value"), lambda initiative: initiative.expected_value),
        Column(_("Offering"), lambda initiative: named(initiative, "offering")),
        Column(_("Created"), lambda initiative: initiative.created_on),
        Column(_("Shared"), lambda initiative: initiative.shared_on),
        Column(_("Adopted"), lambda initiative: initiative.adopted_on),
    ]
    initiatives = selectors.initiatives_of(account=account)
    return table(columns, initiatives.iterator(chunk_size=CHUNK))


def _opportunity_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    filters = OpportunityFilterForm(query.params or None).filters()
    return opportunity_rows(account, filters, translation.get_language())


def _whitespace_rows(query: ExportQuery) -> Iterator[list[Any]]:
    account = account_get(user=query.user, pk=query.account_pk)  # type: ignore[arg-type]
    return whitespace_rows(account, translation.get_language())


register(ListExport(name="growth", title=_("Growth"), rows=_portfolio_rows))
register(ListExport(name="offerings", title=_("Offerings catalogue"), rows=_offering_rows))
register(ListExport(name="adoption", title=_("Adoption of new offerings"), rows=_adoption_rows))
register(
    ListExport(
        name="initiatives", title=_("Value initiatives"), rows=_initiative_rows, per_account=True
    )
)
register(
    ListExport(
        name="opportunities", title=_("Opportunities"), rows=_opportunity_rows, per_account=True
    )
)
register(
    ListExport(name="whitespace", title=_("Whitespace"), rows=_whitespace_rows, per_account=True)
)
