"""The server-drawn bar chart (core.charts.bar_chart): geometry computed by hand."""

from __future__ import annotations

import pytest

from hexad.core.charts import Series, bar_chart


def test_grouped_bars_by_hand():
    # plot box: left 40, right 400 - 100 (legend) - 10 = 290, top 10, bottom 200 - 30 = 170;
    # two categories of 125 units each; with a gap of 0.2 each group is 100 wide, starting
    # 12.5 into its slot, so two series give bars 50 wide. Values up to 8 give ticks
    # 0, 2, 4, 6, 8 (step 2): a value v is v × 20 high.
    chart = bar_chart(
        [Series("Value", [8, 2]), Series("Weighted", [4, None])],
        ["Qualify", "Won"],
        width=400,
        height=200,
        legend_width=100,
        margin=(10, 10, 30, 40),
        group_gap=0.2,
    )

    assert (chart.left, chart.right, chart.top, chart.bottom) == (40, 290, 10, 170)
    assert [(b.category, b.label, b.x, b.y, b.width, b.height, b.slot) for b in chart.bars] == [
        ("Qualify", "Value", 52.5, 10, 50, 160, 0),
        ("Qualify", "Weighted", 102.5, 90, 50, 80, 1),
        ("Won", "Value", 177.5, 130, 50, 40, 0),
    ]  # None leaves no bar
    assert [(t.position, t.label) for t in chart.x_ticks] == [(102.5, "Qualify"), (227.5, "Won")]
    assert [(t.position, t.label) for t in chart.y_ticks] == [
        (170, "0"), (130, "2"), (90, "4"), (50, "6"), (10, "8"),
    ]  # fmt: skip
    assert [(i.label, i.slot, i.x, i.y) for i in chart.legend] == [
        ("Value", 0, 308, 18), ("Weighted", 1, 308, 40),
    ]  # fmt: skip
    assert chart.y_max == 8


def test_large_amounts_get_round_ticks_and_their_own_labels():
    chart = bar_chart(
        [Series("Value", [1_250_000, 0])],
        ["Propose", "Lost"],
        y_format=lambda value: f"{value / 1000:.0f}k",
    )

    assert [t.label for t in chart.y_ticks] == ["0k", "500k", "1000k", "1500k"]
    assert chart.y_max == 1_500_000
    lost = chart.bars[1]
    assert (lost.value, lost.height) == (0, 0)


def test_negative_values_are_drawn_at_zero_and_an_empty_chart_still_has_an_axis():
    chart = bar_chart([Series("A", [-5, None])], ["x", "y"])
    assert chart.bars[0].height == 0
    assert chart.bars[0].value == -5
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert bar_chart([], []).bars == ()


def test_every_series_needs_a_value_per_category():
    with pytest.raises(ValueError, match="one value per category"):
        bar_chart([Series("A", [1, 2])], ["one"])


def test_the_chart_grows_taller_for_a_long_legend():
    chart = bar_chart([Series(str(i), [i]) for i in range(12)], ["x"], height=200)
    assert chart.height == 16 + 36 + 22 * 12
