"""The portfolio list as CSV/XLSX: the page's filters, order and access, every page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hexad.accounts import selectors
from hexad.accounts.forms import PortfolioFilterForm
from hexad.accounts.models import Account, Industry
from hexad.core.exports import (
    Column,
    ExportQuery,
    ListExport,
    labels,
    register,
    table,
    with_figures,
)
from hexad.roles.models import Role


def _portfolio_rows(query: ExportQuery) -> Iterator[list[Any]]:
    form = PortfolioFilterForm(query.params or None, leads=selectors.account_leads())
    accounts = selectors.portfolio_list(user=query.user, filters=form.filters())
    return _portfolio_table(accounts)


def _portfolio_table(accounts: Iterable[Account]) -> Iterator[list[Any]]:
    roles = list(Role.objects.all())
    industry = labels(Industry.choices)
    country_names = {code: str(name) for code, name in countries}

    def names(found: Iterable[Role]) -> str:
        return ", ".join(str(role.name) for role in found)

    def played(row: tuple[Account, selectors.AccountTeamSummary]) -> str:
        return names(role for role in roles if role.pk in row[1].roles_played)

    columns = [
        Column(_("Account"), lambda row: row[0].name),
        Column(_("External id"), lambda row: row[0].external_id),
        Column(_("Tier"), lambda row: row[0].tier.name),
        Column(_("Industry"), lambda row: industry(row[0].industry)),
        Column(_("Country"), lambda row: country_names.get(str(row[0].country), "")),
        Column(_("Account lead"), lambda row: row[0].lead.full_name if row[0].lead else ""),
        Column(_("Team"), lambda row: row[1].team_size),
        Column(_("Roles played"), played),
        Column(_("Required roles missing"), lambda row: names(row[1].required_missing)),
    ]
    return table(
        columns,
        with_figures(
            accounts,
            lambda rows: selectors.portfolio_team_summaries(accounts=rows, roles=roles),
        ),
    )


register(ListExport(name="accounts", title=_("Portfolio"), rows=_portfolio_rows))
