"""The API of the coverage app: the stored role coverage of accounts, per account and as
a portfolio list (docs/api.md, docs/coverage.md). Read only; mounted by hexad.api.v1.

It reads what the engine stored (`AccountCoverage`, `RoleCoverageCell`), scoped like the
portfolio; it never runs the engine.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hexad.accounts.models import Account, Industry
from hexad.accounts.selectors import PortfolioFilters, account_get
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import Id, Ref, Text, responses
from hexad.coverage import engine, selectors
from hexad.coverage.models import AccountCoverage, CoverageStatus, RoleCoverageCell
from hexad.roles.models import Role
from hexad.roles.selectors import role_catalogue

router = Router(tags=["coverage"])

if TYPE_CHECKING:
    CoverageSort = str
else:
    from typing import Literal

    # The heatmap's sorts (selectors.HEATMAP_SORTS); a test keeps the two in step.
    CoverageSort = Literal[tuple(selectors.HEATMAP_SORTS)]


class CellOut(Schema):
    role: int
    role_key: str
    score: int = Field(description="0–100.")
    status: CoverageStatus
    required: bool = Field(description="Required by the account's tier.")


class CoverageOut(Schema):
    account: Ref
    gaps: int | None = Field(description="Required roles not covered; null: never computed.")
    missing: int | None
    weak: int | None
    flags: int | None
    formula_version: str | None
    computed_at: datetime.datetime | None
    is_current: bool = Field(
        description="Computed with today's formula for every role of the catalogue."
    )
    cells: list[CellOut] = Field(description="One per role that has a stored result.")


class CoverageFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the name, or the external id.")
    tier: Id | None = None
    lead: Id | None = Field(None, description="Id of the lead (a person).")
    industry: Industry | None = None
    sort: CoverageSort = selectors.HEATMAP_DEFAULT_SORT


def _coverage_body(
    account: Account,
    summary: AccountCoverage | None,
    cells: dict[int, RoleCoverageCell],
    roles: list[Role],
) -> dict[str, Any]:
    keys = {role.pk: role.key for role in roles}
    return {
        "account": {"id": account.pk, "name": account.name},
        "gaps": summary.gaps if summary else None,
        "missing": summary.missing if summary else None,
        "weak": summary.weak if summary else None,
        "flags": summary.flags if summary else None,
        "formula_version": summary.formula_version if summary else None,
        "computed_at": summary.computed_at if summary else None,
        "is_current": summary is not None
        and summary.formula_version == engine.FORMULA_VERSION
        and all(role.pk in cells for role in roles),
        "cells": [
            {
                "role": cell.role_id,
                "role_key": keys.get(cell.role_id, ""),
                "score": cell.score,
                "status": cell.status,
                "required": cell.required,
            }
            for role in roles
            if (cell := cells.get(role.pk)) is not None
        ],
    }


def _summary(account: Account) -> AccountCoverage | None:
    try:
        return account.coverage
    except ObjectDoesNotExist:
        return None


@router.get("/coverage", response=responses({200: Page[CoverageOut]}))
def coverage_list(
    request: HttpRequest, filters: Query[CoverageFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Role coverage of the accounts you may see, the most gaps first (the heatmap)."""
    accounts = selectors.heatmap_accounts(
        user=api_user(request),
        filters=PortfolioFilters(
            query=filters.q,
            tier=filters.tier,
            lead=filters.lead,
            industry=filters.industry or "",
            sort=filters.sort,
        ),
    ).select_related("coverage")
    count, rows = page_of(accounts, page)
    roles = role_catalogue()
    cells = selectors.cells_for(account_ids=[account.pk for account in rows])
    results = [
        _coverage_body(account, _summary(account), cells.get(account.pk, {}), roles)
        for account in rows
    ]
    return page_body(count, results, page)


@router.get("/accounts/{account_id}/coverage", response=responses({200: CoverageOut}, 404))
def coverage_detail(request: HttpRequest, account_id: Id) -> dict[str, Any]:
    """One account's role coverage as last computed (recomputed on every team change)."""
    account = account_get(user=api_user(request), pk=account_id)
    summary = AccountCoverage.objects.filter(account=account).first()
    roles = role_catalogue()
    cells = selectors.cells_for(account_ids=[account.pk]).get(account.pk, {})
    return _coverage_body(account, summary, cells, roles)
