"""Reads of growth data. Account-scoped reads take an account the caller looked up with
`accounts.selectors.account_get` (404 for outsiders); portfolio reads take the user and
start from `accounts_visible_to`. Each names the queries it runs: the count never grows
with the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404

from hexad.accounts.models import Account, BusinessUnit, TeamMembership
from hexad.accounts.selectors import (
    PORTFOLIO_SORTS,
    PortfolioFilters,
    accounts_visible_to,
    portfolio_list,
)
from hexad.growth import figures
from hexad.growth.derived import value_times_probability
from hexad.growth.models import (
    OPEN_STAGES,
    AccountGrowthPlan,
    FinancialPeriod,
    Offering,
    OfferingAdoption,
    Opportunity,
    OpportunityStage,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)
from hexad.people.models import Person, User
from hexad.relationships.models import Stakeholder, StakeholderStatus

# --- offerings --------------------------------------------------------------------------


def offerings_all() -> QuerySet[Offering]:
    return Offering.objects.all()


def offering_get(*, pk: int) -> Offering:
    offering = Offering.objects.filter(pk=pk).first()
    if offering is None:
        raise Http404("No such offering.")
    return offering


# --- financials and the account's figures -------------------------------------------------


def financials_of(*, account: Account) -> list[FinancialPeriod]:
    return list(FinancialPeriod.objects.filter(account=account))


def financial_get(*, account: Account, pk: int) -> FinancialPeriod:
    financial = (
        FinancialPeriod.objects.select_related("account").filter(account=account, pk=pk).first()
    )
    if financial is None:
        raise Http404("No such period.")
    return financial


def as_periods(financials: list[FinancialPeriod]) -> list[figures.Period]:
    return [
        figures.Period(f.year, f.quarter, f.revenue, f.target, f.potential, f.pk)
        for f in financials
    ]


def growth_plan_of(*, account: Account) -> AccountGrowthPlan | None:
    return AccountGrowthPlan.objects.filter(account=account).first()


@dataclass(frozen=True)
class StageTotal:
    stage: str
    label: str
    count: int
    value: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Pipeline:
    stages: list[StageTotal]  # every stage, in order, zeros included
    weighted_by_year_end: Decimal  # open, expected to close by the end of `year`
    year: int

    @property
    def open(self) -> list[StageTotal]:
        return [s for s in self.stages if s.stage in OPEN_STAGES]

    @property
    def open_count(self) -> int:
        return sum(s.count for s in self.open)

    @property
    def open_value(self) -> Decimal:
        return sum((s.value for s in self.open), figures.ZERO)

    @property
    def weighted(self) -> Decimal:
        """The weighted pipeline: Σ value × probability / 100 of the open opportunities."""
        return sum((s.weighted for s in self.open), figures.ZERO)

    @property
    def won(self) -> StageTotal:
        return next(s for s in self.stages if s.stage == OpportunityStage.WON)


def pipeline_of(*, account: Account, year: int) -> Pipeline:
    """Opportunities of the account by stage: one grouped query."""
    year_end = datetime.date(year, 12, 31)
    rows = (
        Opportunity.objects.filter(account=account)
        .values("stage")
        .annotate(
            n=Count("pk"),
            total=Sum("value"),
            vp=Sum(value_times_probability()),
            vp_year=Sum(value_times_probability(), filter=Q(expected_close__lte=year_end)),
        )
        .order_by()
    )
    by_stage = {row["stage"]: row for row in rows}
    stages = []
    by_year_end = figures.ZERO
    for stage, label in OpportunityStage.choices:
        row = by_stage.get(stage)
        if row is None:
            stages.append(StageTotal(stage, str(label), 0, figures.ZERO, figures.ZERO))
            continue
        stages.append(
            StageTotal(
                stage=stage,
                label=str(label),
                count=row["n"],
                value=row["total"] or figures.ZERO,
                weighted=figures.money((row["vp"] or figures.ZERO) / 100),
            )
        )
        if stage in OPEN_STAGES:
            by_year_end += (row["vp_year"] or figures.ZERO) / 100
    return Pipeline(stages=stages, weighted_by_year_end=figures.money(by_year_end), year=year)


@dataclass(frozen=True)
class Market:
    """The market inside the account: the whitespace cells' potential, and our part."""

    potential: Decimal
    revenue: Decimal
    cells: int

    @property
    def share(self) -> Decimal | None:
        return figures.ratio(self.revenue, self.potential)

    @property
    def untapped(self) -> Decimal:
        return self.potential - self.revenue


def market_of(*, account: Account) -> Market:
    """One aggregate over the account's whitespace cells."""
    row = WhitespaceCell.objects.filter(account=account).aggregate(
        potential=Sum("potential"), revenue=Sum("revenue"), cells=Count("pk")
    )
    return Market(
        potential=row["potential"] or figures.ZERO,
        revenue=row["revenue"] or figures.ZERO,
        cells=row["cells"],
    )


@dataclass(frozen=True)
class GrowthSummary:
    account: Account
    plan: AccountGrowthPlan | None
    rows: list[figures.PeriodRow]  # oldest first
    latest: figures.Totals | None  # the latest yearly figures
    this_year: figures.GapCoverage | None  # the gap to this year's target and the pipeline
    ambition: figures.Ambition | None
    pipeline: Pipeline
    market: Market

    @property
    def latest_row(self) -> figures.PeriodRow | None:
        with_revenue = [row for row in self.rows if row.period.revenue is not None]
        return with_revenue[-1] if with_revenue else None


def growth_summary(*, account: Account, on: datetime.date) -> GrowthSummary:
    """The account's growth figures in four queries: the plan, the financials, the
    pipeline by stage and the whitespace market."""
    plan = growth_plan_of(account=account)
    periods = as_periods(financials_of(account=account))
    pipeline = pipeline_of(account=account, year=on.year)
    year = figures.year_totals(periods, on.year)
    return GrowthSummary(
        account=account,
        plan=plan,
        rows=figures.period_rows(periods),
        latest=figures.latest_year(periods),
        this_year=(
            figures.GapCoverage(year=year, weighted_pipeline=pipeline.weighted_by_year_end)
            if year is not None and year.target is not None
            else None
        ),
        ambition=(
            figures.ambition(
                periods, multiple=plan.ambition_multiple, baseline_year=plan.baseline_year
            )
            if plan is not None
            else None
        ),
        pipeline=pipeline,
        market=market_of(account=account),
    )


# --- new offerings on one account ---------------------------------------------------------


@dataclass(frozen=True)
class AccountAdoption:
    offering: Offering
    adoption: OfferingAdoption | None  # None: not yet offered to the account

    @property
    def state(self) -> str:
        if self.adoption is None:
            return "not_offered"
        return "adopted" if self.adoption.adopted_on else "offered"


def account_adoptions(*, account: Account) -> list[AccountAdoption]:
    """Each new offering and where the account stands with it: two queries."""
    offerings = list(Offering.objects.filter(is_new=True).order_by("launch_date", "name"))
    adoptions = {
        row.offering_id: row
        for row in OfferingAdoption.objects.filter(
            account=account, offering_id__in=[o.pk for o in offerings]
        )
    }
    return [AccountAdoption(offering, adoptions.get(offering.pk)) for offering in offerings]


# --- whitespace ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """A business unit × offering as the matrix draws it. Everything a page shows is a
    plain attribute, computed once: a large matrix draws hundreds of these."""

    business_unit: BusinessUnit
    offering: Offering
    stored: WhitespaceCell | None
    status: str
    status_label: str
    anchor: str  # the cell's id in the page: cell-<unit>-<offering>
    path: str  # its form's URL below the whitespace page's: <unit>/<offering>/

    @classmethod
    def of(
        cls,
        unit: BusinessUnit,
        offering: Offering,
        stored: WhitespaceCell | None,
        labels: dict[str, str] | None = None,
    ) -> MatrixCell:
        status = stored.status if stored else str(WhitespaceStatus.UNKNOWN)
        label = (labels or {}).get(status) or str(WhitespaceStatus(status).label)
        return cls(
            business_unit=unit,
            offering=offering,
            stored=stored,
            status=status,
            status_label=label,
            anchor=f"cell-{unit.pk}-{offering.pk}",
            path=f"{unit.pk}/{offering.pk}/",
        )


@dataclass(frozen=True)
class MatrixRow:
    """One offering across the account's business units."""

    offering: Offering
    cells: list[MatrixCell]  # one per business unit, in the units' order
    totals: figures.CellTotals
    starts_family: bool  # the first offering of its family (the family's heading goes here)


@dataclass(frozen=True)
class WhitespaceMatrix:
    units: list[BusinessUnit]
    rows: list[MatrixRow]  # one per offering, by family and name
    columns: list[figures.CellTotals]  # per business unit, in the units' order
    grand: figures.CellTotals  # the market inside the account and our part of it
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.units) * len(self.rows)

    @property
    def families(self) -> list[tuple[str, list[MatrixRow]]]:
        """The rows grouped by offering family, in order."""
        groups: list[tuple[str, list[MatrixRow]]] = []
        for row in self.rows:
            if row.starts_family or not groups:
                groups.append((row.offering.family, []))
            groups[-1][1].append(row)
        return groups


def whitespace_matrix(*, account: Account) -> WhitespaceMatrix:
    """Offerings × the account's business units with stored cells and totals: three
    queries (units, offerings, cells)."""
    units = list(BusinessUnit.objects.filter(account=account).order_by("name", "id"))
    offerings = list(Offering.objects.all())
    stored = {
        (cell.business_unit_id, cell.offering_id): cell
        for cell in WhitespaceCell.objects.filter(account=account)
    }
    totals = figures.whitespace_totals(
        (
            figures.Cell(c.business_unit_id, c.offering_id, c.status, c.revenue, c.potential)
            for c in stored.values()
        ),
        unit_ids=[u.pk for u in units],
        offering_ids=[o.pk for o in offerings],
    )
    labels = {str(value): str(label) for value, label in WhitespaceStatus.choices}
    rows = []
    family = None
    for offering in offerings:
        rows.append(
            MatrixRow(
                offering=offering,
                cells=[
                    MatrixCell.of(u, offering, stored.get((u.pk, offering.pk)), labels)
                    for u in units
                ],
                totals=totals.columns[offering.pk],
                starts_family=offering.family != family,
            )
        )
        family = offering.family
    counts = [
        (str(status), str(label), totals.grand.statuses.get(str(status), 0))
        for status, label in WhitespaceStatus.choices
    ]
    return WhitespaceMatrix(
        units=units,
        rows=rows,
        columns=[totals.rows[u.pk] for u in units],
        grand=totals.grand,
        status_counts=[c for c in counts if c[2]],
    )


def whitespace_cell_get(
    *, account: Account, unit_pk: int, offering_pk: int
) -> tuple[BusinessUnit, Offering, WhitespaceCell | None]:
    """A business unit of this account (404 otherwise), an offering and their cell."""
    unit = BusinessUnit.objects.filter(account=account, pk=unit_pk).first()
    offering = Offering.objects.filter(pk=offering_pk).first()
    if unit is None or offering is None:
        raise Http404("No such cell.")
    cell = WhitespaceCell.objects.filter(business_unit=unit, offering=offering).first()
    return unit, offering, cell


def business_units_of(*, account: Account) -> QuerySet[BusinessUnit]:
    return BusinessUnit.objects.filter(account=account).order_by("name", "id")


# --- opportunities ------------------------------------------------------------------------

OPPORTUNITY_SORTS: dict[str, tuple[Any, ...]] = {
    "close": ("expected_close", "id"),
    "-close": ("-expected_close", "-id"),
    "value": ("value", "id"),
    "-value": ("-value", "-id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "probability": ("probability", "id"),
    "-probability": ("-probability", "-id"),
}


@dataclass(frozen=True)
class OpportunityFilters:
    stage: str = "open"  # "open", "all", or one stage
    sort: str = "close"


def opportunities_of(*, account: Account, filters: OpportunityFilters) -> QuerySet[Opportunity]:
    rows = Opportunity.objects.filter(account=account).select_related(
        "offering", "business_unit", "owner"
    )
    if filters.stage == "open":
        rows = rows.filter(stage__in=OPEN_STAGES)
    elif filters.stage in OpportunityStage.values:
        rows = rows.filter(stage=filters.stage)
    return rows.order_by(*OPPORTUNITY_SORTS.get(filters.sort, OPPORTUNITY_SORTS["close"]))


def opportunity_get(*, account: Account, pk: int) -> Opportunity:
    opportunity = (
        Opportunity.objects.select_related("account", "offering", "business_unit", "owner")
        .filter(account=account, pk=pk)
        .first()
    )
    if opportunity is None:
        raise Http404("No such opportunity.")
    return opportunity


def team_people(*, account: Account, also: int | None = None) -> QuerySet[Person]:
    """Our people on the account's team today (and `also`, a current owner)."""
    on_team = TeamMembership.objects.active().filter(account=account).values("person_id")
    wanted = Q(id__in=on_team)
    if also:
        wanted |= Q(pk=also)
    return Person.objects.filter(wanted).order_by("full_name")


# --- value initiatives --------------------------------------------------------------------


def initiatives_of(*, account: Account) -> QuerySet[ValueInitiative]:
    return ValueInitiative.objects.filter(account=account).select_related("sponsor", "offering")


def initiative_get(*, account: Account, pk: int) -> ValueInitiative:
    initiative = (
        ValueInitiative.objects.select_related("account", "sponsor", "offering")
        .filter(account=account, pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404("No such value initiative.")
    return initiative


def sponsors_for(*, account: Account, also: int | None = None) -> QuerySet[Stakeholder]:
    """The account's active stakeholders, executives first (and `also`, a current sponsor)."""
    wanted = Q(status=StakeholderStatus.ACTIVE)
    if also:
        wanted |= Q(pk=also)
    return Stakeholder.objects.filter(Q(account=account) & wanted).order_by("level", "name")


def initiative_counts(*, account: Account) -> dict[str, int]:
    rows = (
        ValueInitiative.objects.filter(account=account)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


# --- the portfolio ------------------------------------------------------------------------

GROWTH_DEFAULT_SORT = "-untapped"
# Accounts without figures have no untapped potential: they come last, both ways.
GROWTH_SORTS: dict[str, tuple[Any, ...]] = {
    "-untapped": (F("growth__untapped").desc(nulls_last=True), "name", "id"),
    "untapped": (F("growth__untapped").asc(nulls_last=True), "name", "id"),
    "-revenue": (F("growth__revenue").desc(nulls_last=True), "name", "id"),
    "revenue": (F("growth__revenue").asc(nulls_last=True), "name", "id"),
    "-potential": (F("growth__potential").desc(nulls_last=True), "name", "id"),
    "potential": (F("growth__potential").asc(nulls_last=True), "name", "id"),
    "-share": (F("growth__share").desc(nulls_last=True), "name", "id"),
    "share": (F("growth__share").asc(nulls_last=True), "name", "id"),
    "-pipeline": (F("growth__weighted_pipeline").desc(nulls_last=True), "name", "id"),
    "pipeline": (F("growth__weighted_pipeline").asc(nulls_last=True), "name", "id"),
    **PORTFOLIO_SORTS,
}


@dataclass(frozen=True)
class GrowthFilters:
    portfolio: PortfolioFilters
    currency: str = ""

    @property
    def sort(self) -> str:
        return self.portfolio.sort

    @property
    def active(self) -> bool:
        p = self.portfolio
        return bool(p.query or p.tier or p.lead or p.industry or self.currency)


def growth_accounts(*, user: User, filters: GrowthFilters) -> QuerySet[Account]:
    """The portfolio (scope and filters as `portfolio_list`) with the stored growth row,
    through a LEFT JOIN: accounts never computed are listed too, with no figures."""
    accounts = portfolio_list(user=user, filters=filters.portfolio).select_related("growth")
    if filters.currency:
        accounts = accounts.filter(currency=filters.currency)
    order = GROWTH_SORTS.get(filters.sort, GROWTH_SORTS[GROWTH_DEFAULT_SORT])
    return accounts.order_by(*order)


def growth_portfolio_page(
    *, user: User, filters: GrowthFilters, page_number: Any, per_page: int
) -> Page:
    """One page of accounts with their stored growth figures, in two queries (the count
    and the page); nothing is summed over the portfolio."""
    return Paginator(growth_accounts(user=user, filters=filters), per_page).get_page(page_number)


# --- adoption of new offerings across the portfolio -----------------------------------------


@dataclass(frozen=True)
class OfferingAdoptionRow:
    offering: Offering
    offered: int  # accounts it has been put to (adopted included)
    adopted: int
    average_lag: Decimal | None  # days, over the accounts that adopted it
    not_offered: int  # visible accounts it has never been put to


@dataclass(frozen=True)
class AdoptionOverview:
    accounts: int
    rows: list[OfferingAdoptionRow]
    average_lag: Decimal | None  # over every adoption of every new offering


def adoption_overview(*, user: User) -> AdoptionOverview:
    """New offerings across the accounts the user sees, in three queries: the offerings,
    the count of visible accounts and one GROUP BY over the stored adoptions."""
    offerings = list(Offering.objects.filter(is_new=True).order_by("launch_date", "name"))
    visible = accounts_visible_to(user)
    total = visible.count()
    rows = (
        OfferingAdoption.objects.filter(
            offering_id__in=[o.pk for o in offerings],
            account_id__in=visible.order_by().values("id"),
        )
        .values("offering_id")
        .annotate(
            offered=Count("pk"),
            adopted=Count("pk", filter=Q(adopted_on__isnull=False)),
            lag_sum=Sum("lag_days"),
            lag_count=Count("lag_days"),
        )
        .order_by()
    )
    by_offering: dict[int, dict[str, Any]] = {row["offering_id"]: dict(row) for row in rows}
    result = []
    lag_sum, lag_count = 0, 0
    for offering in offerings:
        row: dict[str, Any] = by_offering.get(offering.pk) or {}
        offered = row.get("offered", 0)
        count = row.get("lag_count", 0)
        lag_sum += row.get("lag_sum") or 0
        lag_count += count
        result.append(
            OfferingAdoptionRow(
                offering=offering,
                offered=offered,
                adopted=row.get("adopted", 0),
                average_lag=_average(row.get("lag_sum"), count),
                not_offered=total - offered,
            )
        )
    return AdoptionOverview(
        accounts=total,
        rows=result,
        average_lag=_average(lag_sum, lag_count),
    )


def _average(total: int | None, count: int) -> Decimal | None:
    """total / count in days, to one decimal; None for no adoptions."""
    if not count or total is None:
        return None
    return figures.mean([Decimal(total) / count])


ADOPTION_VIEWS = ("not_offered", "offered", "adopted")


def adoption_accounts(*, user: User, offering: Offering, show: str) -> QuerySet[Account]:
    """The visible accounts the offering has not been put to (`not_offered`), has been
    put to but not adopted yet (`offered`), or that adopted it (`adopted`, with the date
    and lag), for paging."""
    adoptions = OfferingAdoption.objects.filter(offering=offering, account_id=OuterRef("pk"))
    accounts = accounts_visible_to(user).select_related("tier", "lead")
    if show == "adopted":
        return (
            accounts.filter(Exists(adoptions.filter(adopted_on__isnull=False)))
            .annotate(
                adopted_on=Subquery(adoptions.values("adopted_on")[:1]),
                lag_days=Subquery(adoptions.values("lag_days")[:1]),
                adopted_via=Subquery(adoptions.values("source")[:1]),
            )
            .order_by("adopted_on", "name", "id")
        )
    if show == "offered":
        return accounts.filter(Exists(adoptions.filter(adopted_on__isnull=True))).order_by(
            "name", "id"
        )
    return accounts.exclude(Exists(adoptions)).order_by("name", "id")
