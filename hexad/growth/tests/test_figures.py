"""The growth formulas (hexad.growth.figures) on small cases worked out by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hexad.growth import figures
from hexad.growth.figures import Cell, Period

D = Decimal


def q(year: int, quarter: int | None, revenue=None, target=None, potential=None) -> Period:
    as_decimal = [None if v is None else D(v) for v in (revenue, target, potential)]
    return Period(year, quarter, *as_decimal)


# --- one period -------------------------------------------------------------------------


def test_share_of_wallet_attainment_and_untapped_of_a_period():
    period = q(2025, 2, revenue="250000", target="200000", potential="1000000")

    assert period.share == D("0.2500")  # 250 000 / 1 000 000
    assert period.attainment == D("1.2500")  # 250 000 / 200 000: 125 % of target
    assert period.untapped == D("750000")  # 1 000 000 − 250 000
    assert period.label == "2025 Q2"


def test_ratios_are_none_without_a_denominator():
    assert q(2025, 1, revenue="10").share is None  # no potential
    assert q(2025, 1, revenue="10", potential="0").share is None  # zero potential
    assert q(2025, 1, revenue="10", target="0").attainment is None
    assert q(2025, 1, potential="40").untapped == D("40")  # no revenue yet: all untapped
    assert q(2025, None, revenue="1").label == "2025"


# --- growth against the period before ---------------------------------------------------


def test_growth_against_the_quarter_before_crosses_the_year():
    rows = figures.period_rows(
        [q(2026, 1, revenue="90"), q(2025, 4, revenue="120"), q(2025, 3, revenue="100")]
    )

    assert [r.period.label for r in rows] == ["2025 Q3", "2025 Q4", "2026 Q1"]
    assert [r.growth for r in rows] == [None, D("0.2000"), D("-0.2500")]  # +20 %, then −25 %
    assert [r.previous_label for r in rows] == ["2025 Q2", "2025 Q3", "2025 Q4"]


def test_a_year_compares_with_the_year_before_or_the_sum_of_its_four_quarters():
    quarters = [q(2024, n, revenue="100") for n in (1, 2, 3, 4)]  # 400 in all
    rows = figures.period_rows([*quarters, q(2025, None, revenue="500")])

    assert rows[-1].previous_revenue == D("400")
    assert rows[-1].growth == D("0.2500")  # (500 − 400) / 400

    three_quarters = figures.period_rows([*quarters[:3], q(2025, None, revenue="500")])
    assert three_quarters[-1].growth is None  # 2024 is not complete: nothing to compare


def test_no_growth_from_a_period_without_revenue():
    rows = figures.period_rows([q(2025, 1, target="10"), q(2025, 2, revenue="50")])
    assert rows[1].growth is None


# --- the latest yearly figures --------------------------------------------------------------


def test_latest_year_sums_the_four_quarters_ending_with_the_latest_revenue():
    periods = [
        q(2025, 1, revenue="100", target="110", potential="1000"),  # outside the window
        q(2025, 2, revenue="200", target="210", potential="1000"),
        q(2025, 3, revenue="300", target="310", potential="1000"),
        q(2025, 4, revenue="400", target="410", potential="1000"),
        q(2026, 1, revenue="500", target="510", potential="1000"),
        q(2026, 2, target="600", potential="1000"),  # a target only: not yet revenue
    ]

    latest = figures.latest_year(periods)

    assert latest is not None
    assert latest.label == "2025 Q2 – 2026 Q1"
    assert latest.revenue == D("1400")  # 200 + 300 + 400 + 500
    assert latest.target == D("1440")  # 210 + 310 + 410 + 510
    assert latest.potential == D("4000")
    assert latest.share == D("0.3500")  # 1 400 / 4 000
    assert latest.untapped == D("2600")
    assert latest.attainment == D("0.9722")  # 1 400 / 1 440
    assert latest.gap_to_target == D("40")


def test_latest_year_is_a_yearly_figure_when_that_is_the_latest():
    latest = figures.latest_year([q(2023, 4, revenue="5"), q(2024, None, revenue="80")])
    assert latest is not None
    assert (latest.label, latest.revenue, latest.periods) == ("2024", D("80"), 1)
    assert figures.latest_year([q(2024, 1, target="1")]) is None


def test_the_year_so_far_and_its_gap_to_target():
    periods = [
        q(2026, 1, revenue="300", target="250"),
        q(2026, 2, revenue="200", target="250"),
        q(2026, 3, target="250"),
        q(2026, 4, target="250"),
    ]
    year = figures.year_totals(periods, 2026)

    assert year is not None
    assert (year.revenue, year.target) == (D("500"), D("1000"))
    assert year.gap_to_target == D("500")  # 1 000 − 500
    coverage = figures.GapCoverage(year=year, weighted_pipeline=D("125"))
    assert coverage.coverage == D("0.2500")  # 125 of the 500 missing
    assert figures.year_totals(periods, 2025) is None


def test_a_target_beaten_leaves_no_gap_and_no_coverage_ratio():
    year = figures.year_totals([q(2026, None, revenue="120", target="100")], 2026)
    assert year is not None
    assert year.gap_to_target == D(0)
    assert figures.GapCoverage(year=year, weighted_pipeline=D("10")).coverage is None


# --- the ambition ---------------------------------------------------------------------------


def test_ambition_of_doubling_the_baseline_year():
    periods = [
        *(q(2024, n, revenue="250") for n in (1, 2, 3, 4)),  # baseline 1 000
        *(q(2025, n, revenue="350") for n in (1, 2, 3, 4)),  # latest yearly 1 400
    ]

    ambition = figures.ambition(periods, multiple=D("2"), baseline_year=2024)

    assert ambition is not None
    assert ambition.baseline_revenue == D("1000")
    assert ambition.target_revenue == D("2000.00")
    assert ambition.current.revenue == D("1400")
    assert ambition.reached == D("0.7000")  # 1 400 / 2 000
    assert ambition.progress == D("0.4000")  # (1 400 − 1 000) / (2 000 − 1 000)
    assert ambition.gap == D("600.00")


def test_ambition_of_tripling_when_revenue_fell_shows_negative_progress():
    periods = [q(2024, None, revenue="1000"), q(2025, None, revenue="900")]
    ambition = figures.ambition(periods, multiple=D("3"), baseline_year=2024)
    assert ambition is not None
    assert ambition.target_revenue == D("3000.00")
    assert ambition.progress == D("-0.0500")  # −100 / 2 000
    assert figures.ambition(periods, multiple=D("2"), baseline_year=2020) is None


# --- money -------------------------------------------------------------------------------


def test_weighted_value_rounds_half_up_to_the_cent():
    assert figures.weighted(D("1234.57"), 33) == D("407.41")  # 407.4081
    assert figures.weighted(D("0.50"), 1) == D("0.01")  # 0.005 → 0.01
    assert figures.weighted(D("80000"), 50) == D("40000.00")


# --- whitespace -------------------------------------------------------------------------


def test_whitespace_row_column_and_grand_totals():
    # Two units (1, 2) × two offerings (10, 20); unit 2 × offering 20 was never stored.
    cells = [
        Cell(1, 10, "ours", D("30"), D("100")),
        Cell(1, 20, "competitor", D("0"), D("50")),
        Cell(2, 10, "open", D("0"), D("70")),
        Cell(9, 10, "ours", D("999"), D("999")),  # another unit: ignored
    ]

    totals = figures.whitespace_totals(cells, unit_ids=[1, 2], offering_ids=[10, 20])

    assert (totals.rows[1].revenue, totals.rows[1].potential) == (D("30"), D("150"))
    assert (totals.rows[2].revenue, totals.rows[2].potential) == (D("0"), D("70"))
    assert (totals.columns[10].revenue, totals.columns[10].potential) == (D("30"), D("170"))
    assert (totals.columns[20].revenue, totals.columns[20].potential) == (D("0"), D("50"))
    assert totals.grand.potential == D("220")  # the market inside the account
    assert totals.grand.revenue == D("30")
    assert totals.grand.share == D("0.1364")  # 30 / 220
    assert totals.grand.untapped == D("190")
    assert dict(totals.grand.statuses) == {"ours": 1, "competitor": 1, "open": 1, "unknown": 1}


# --- adoption -------------------------------------------------------------------------------


def test_first_adoption_is_the_earliest_of_the_three_sources():
    day = datetime.date
    first = figures.first_adoption(
        won=[day(2025, 5, 1), None], adopted=[day(2025, 3, 1)], ours=[day(2025, 4, 1)]
    )
    assert first == figures.Adoption(day(2025, 3, 1), "initiative")
    tie = figures.first_adoption(won=[day(2025, 3, 1)], ours=[day(2025, 3, 1)])
    assert tie is not None and tie.source == "opportunity"
    assert figures.first_adoption(won=[None], adopted=[], ours=[None]) is None


def test_adoption_lag_in_days_never_below_zero():
    launch = datetime.date(2025, 1, 1)
    assert figures.adoption_lag(launch, datetime.date(2025, 3, 2)) == 60
    assert figures.adoption_lag(launch, datetime.date(2024, 12, 1)) == 0  # a pilot before launch
    assert figures.adoption_lag(None, datetime.date(2025, 3, 2)) is None
    assert figures.adoption_lag(launch, None) is None


@pytest.mark.parametrize(
    ("values", "expected"), [([60, 90, 100], D("83.3")), ([], None), ([D("1.25")], D("1.3"))]
)
def test_mean_to_one_decimal(values, expected):
    assert figures.mean(values) == expected
