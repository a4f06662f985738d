"""Growth figures: pure functions over plain data (no ORM), so they are easy to test.

Every formula here is written out in docs/growth.md; amounts are `Decimal` in one
account's currency, ratios are `Decimal` fractions (0.25 is 25 %) or None when the
denominator is missing or zero.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
ZERO = Decimal(0)


def money(value: Decimal) -> Decimal:
    """Rounded to the cent, halves away from zero (as invoices are)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator to four decimals; None when either is missing or the
    denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (numerator / denominator).quantize(RATIO, rounding=ROUND_HALF_UP)


def weighted(value: Decimal, probability: int) -> Decimal:
    """An opportunity's weighted value: value × probability / 100, to the cent."""
    return money(value * probability / 100)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values given; None when none is given (not zero: "not known")."""
    present = [value for value in values if value is not None]
    return sum(present, ZERO) if present else None


# --- periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One stored figure: a quarter of a year, or the whole year when `quarter` is None."""

    year: int
    quarter: int | None
    revenue: Decimal | None = None
    target: Decimal | None = None
    potential: Decimal | None = None
    id: int | None = None  # the stored row's, when there is one

    @property
    def end(self) -> tuple[int, int]:
        """Sorts periods by when they end: a yearly figure ends with the year's Q4."""
        return (self.year, self.quarter or 4)

    @property
    def label(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year} Q{self.quarter}"

    @property
    def share(self) -> Decimal | None:
        """Share of wallet: revenue / potential."""
        return ratio(self.revenue, self.potential)

    @property
    def attainment(self) -> Decimal | None:
        """Against target: revenue / target (1.0 is the target reached)."""
        return ratio(self.revenue, self.target)

    @property
    def untapped(self) -> Decimal | None:
        """Untapped potential: potential − revenue."""
        if self.potential is None:
            return None
        return self.potential - (self.revenue or ZERO)


def chronological(periods: Iterable[Period]) -> list[Period]:
    return sorted(periods, key=lambda p: (p.end, p.quarter is None))


def previous_revenue(period: Period, periods: Sequence[Period]) -> Decimal | None:
    """Revenue of the period before `period`, of the same kind.

    Before a quarter comes the quarter before it (Q1 follows the previous year's Q4).
    Before a year comes the previous year: its yearly figure, or the sum of its four
    quarters when all four have revenue. None when that period has no revenue.
    """
    by_key = {(p.year, p.quarter): p for p in periods}
    if period.quarter is not None:
        year, quarter = (
            (period.year, period.quarter - 1) if period.quarter > 1 else (period.year - 1, 4)
        )
        before = by_key.get((year, quarter))
        return before.revenue if before else None
    yearly = by_key.get((period.year - 1, None))
    if yearly is not None:
        return yearly.revenue
    quarters = [by_key.get((period.year - 1, q)) for q in (1, 2, 3, 4)]
    if all(q is not None and q.revenue is not None for q in quarters):
        return sum((q.revenue for q in quarters if q and q.revenue is not None), ZERO)
    return None


def growth(current: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Growth against the previous period: (revenue − previous) / previous."""
    if current is None or before is None:
        return None
    return ratio(current - before, before)


def previous_label(period: Period) -> str:
    """The period `previous_revenue` compares with: "2025 Q4" before "2026 Q1"."""
    if period.quarter is None:
        return str(period.year - 1)
    if period.quarter == 1:
        return f"{period.year - 1} Q4"
    return f"{period.year} Q{period.quarter - 1}"


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    previous_revenue: Decimal | None
    growth: Decimal | None

    @property
    def previous_label(self) -> str:
        return previous_label(self.period)


def period_rows(periods: Iterable[Period]) -> list[PeriodRow]:
    """Each period, oldest first, with its growth against the period before."""
    ordered = chronological(periods)
    rows = []
    for period in ordered:
        before = previous_revenue(period, ordered)
        rows.append(PeriodRow(period, before, growth(period.revenue, before)))
    return rows


@dataclass(frozen=True)
class Totals:
    """Sums over several periods (a year, or the latest four quarters)."""

    label: str
    revenue: Decimal | None
    target: Decimal | None
    potential: Decimal | None
    periods: int  # how many stored periods were summed

    @property
    def share(self) -> Decimal | None:
        return ratio(self.revenue, self.potential)

    @property
    def attainment(self) -> Decimal | None:
        return ratio(self.revenue, self.target)

    @property
    def untapped(self) -> Decimal | None:
        if self.potential is None:
            return None
        return self.potential - (self.revenue or ZERO)

    @property
    def gap_to_target(self) -> Decimal | None:
        """What is still missing to reach the target: target − revenue, never below 0."""
        if self.target is None:
            return None
        return max(ZERO, self.target - (self.revenue or ZERO))


def _totals(label: str, periods: Sequence[Period]) -> Totals:
    return Totals(
        label=label,
        revenue=_sum(p.revenue for p in periods),
        target=_sum(p.target for p in periods),
        potential=_sum(p.potential for p in periods),
        periods=len(periods),
    )


def year_totals(periods: Iterable[Period], year: int) -> Totals | None:
    """The year's figures: its yearly figure, or the sum of its quarters so far."""
    of_year = [p for p in periods if p.year == year]
    return _totals(str(year), of_year) if of_year else None


def latest_year(periods: Iterable[Period]) -> Totals | None:
    """The latest yearly revenue: the latest yearly figure, or the four quarters ending
    with the latest quarter that has revenue (those of them stored). Target and
    potential are summed over the same periods."""
    with_revenue = [p for p in periods if p.revenue is not None]
    if not with_revenue:
        return None
    last = max(with_revenue, key=lambda p: p.end)
    if last.quarter is None:
        return _totals(last.label, [last])
    window = set()
    year, quarter = last.year, last.quarter
    for _ in range(4):
        window.add((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    chosen = chronological(p for p in periods if (p.year, p.quarter) in window)
    first = chosen[0]
    label = last.label if first is last else f"{first.label} – {last.label}"
    return _totals(label, chosen)


# --- ambition -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ambition:
    multiple: Decimal
    baseline_year: int
    baseline_revenue: Decimal
    target_revenue: Decimal  # baseline revenue × multiple
    current: Totals  # the latest yearly revenue

    @property
    def reached(self) -> Decimal | None:
        """Current yearly revenue / the ambition's revenue."""
        return ratio(self.current.revenue, self.target_revenue)

    @property
    def progress(self) -> Decimal | None:
        """How far along from the baseline to the ambition: (current − baseline) /
        (ambition − baseline); 0 at the baseline, 1 at the ambition, below 0 when
        revenue fell."""
        if self.current.revenue is None:
            return None
        return ratio(self.current.revenue - self.baseline_revenue,
                     self.target_revenue - self.baseline_revenue)  # fmt: skip

    @property
    def gap(self) -> Decimal:
        return max(ZERO, self.target_revenue - (self.current.revenue or ZERO))


def ambition(
    periods: Sequence[Period], *, multiple: Decimal, baseline_year: int
) -> Ambition | None:
    """The ambition: the baseline year's revenue × `multiple`, against the latest
    yearly revenue. None when the baseline year or the latest revenue is unknown."""
    baseline = year_totals(periods, baseline_year)
    current = latest_year(periods)
    if baseline is None or baseline.revenue is None or current is None:
        return None
    return Ambition(
        multiple=multiple,
        baseline_year=baseline_year,
        baseline_revenue=baseline.revenue,
        target_revenue=money(baseline.revenue * multiple),
        current=current,
    )


@dataclass(frozen=True)
class GapCoverage:
    """How much of the year's gap to target the weighted pipeline closing by the end of
    that year would fill."""

    year: Totals
    weighted_pipeline: Decimal

    @property
    def gap(self) -> Decimal | None:
        return self.year.gap_to_target

    @property
    def coverage(self) -> Decimal | None:
        """weighted pipeline / gap; None when there is no gap (or no target)."""
        return ratio(self.weighted_pipeline, self.gap)


# --- whitespace ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    business_unit_id: int
    offering_id: int
    status: str
    revenue: Decimal = ZERO
    potential: Decimal = ZERO


@dataclass
class CellTotals:
    revenue: Decimal = ZERO
    potential: Decimal = ZERO
    statuses: Counter[str] = field(default_factory=Counter)

    def add(self, cell: Cell) -> None:
        self.revenue += cell.revenue
        self.potential += cell.potential
        self.statuses[cell.status] += 1

    @property
    def share(self) -> Decimal | None:
        """Our share: our revenue / the potential."""
        return ratio(self.revenue, self.potential)

    @property
    def untapped(self) -> Decimal:
        return self.potential - self.revenue


@dataclass(frozen=True)
class MatrixTotals:
    rows: dict[int, CellTotals]  # per business unit
    columns: dict[int, CellTotals]  # per offering
    grand: CellTotals  # the market inside the account (potential) and our part of it


def whitespace_totals(
    cells: Iterable[Cell], *, unit_ids: Sequence[int], offering_ids: Sequence[int]
) -> MatrixTotals:
    """Row, column and grand totals of the cells of these units and offerings. Cells
    never stored count as "unknown" with zeros (their status is counted as unknown)."""
    rows = {pk: CellTotals() for pk in unit_ids}
    columns = {pk: CellTotals() for pk in offering_ids}
    grand = CellTotals()
    seen = 0
    for cell in cells:
        if cell.business_unit_id not in rows or cell.offering_id not in columns:
            continue
        rows[cell.business_unit_id].add(cell)
        columns[cell.offering_id].add(cell)
        grand.add(cell)
        seen += 1
    missing = len(unit_ids) * len(offering_ids) - seen
    if missing:
        grand.statuses["unknown"] += missing
    return MatrixTotals(rows=rows, columns=columns, grand=grand)


# --- adoption -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    adopted_on: datetime.date
    source: str


def first_adoption(
    *,
    won: Iterable[datetime.date | None] = (),
    adopted: Iterable[datetime.date | None] = (),
    ours: Iterable[datetime.date | None] = (),
) -> Adoption | None:
    """The earliest of: a won opportunity's close date, an adopted initiative's adoption
    date, the day a whitespace cell became ours. On a tie the opportunity counts first,
    then the initiative."""
    candidates = [
        (day, order, source)
        for order, (source, days) in enumerate(
            (("opportunity", won), ("initiative", adopted), ("whitespace", ours))
        )
        for day in days
        if day is not None
    ]
    if not candidates:
        return None
    day, _order, source = min(candidates)
    return Adoption(adopted_on=day, source=source)


def adoption_lag(launch: datetime.date | None, adopted_on: datetime.date | None) -> int | None:
    """Days from the offering's launch to the account's first adoption; an account that
    adopted before the launch (a pilot) counts 0."""
    if launch is None or adopted_on is None:
        return None
    return max(0, (adopted_on - launch).days)


def mean(values: Iterable[int | Decimal]) -> Decimal | None:
    numbers = [Decimal(v) for v in values]
    if not numbers:
        return None
    return (sum(numbers, ZERO) / len(numbers)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
