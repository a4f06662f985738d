"""Charts drawn on the server as SVG: pure functions from numbers to coordinates.

A template draws what these return (paths, ticks, legend positions) inside an `<svg>`, so
pages need no JavaScript library and work offline. Colours come from CSS classes
`series-0` … `series-7` (see app.css), never from inline styles, which the Content
Security Policy forbids.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

PALETTE_SIZE = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per x value; None leaves a gap in the line


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    x_label: str


@dataclass(frozen=True)
class Line:
    label: str
    slot: int  # colour slot: CSS class series-<slot>
    path: str  # SVG path data ("M x y L x y …"); a gap starts a new "M"
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Tick:
    position: float  # x for the x axis, y for the y axis, in SVG units
    label: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    slot: int
    x: float
    y: float  # the middle of the line of text


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    left: float  # the plot area
    top: float
    right: float
    bottom: float
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    y_max: float

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def nice_step(maximum: float, target_ticks: int = 5) -> float:
    """A step of 1, 2 or 5 × 10ⁿ giving about `target_ticks` steps from 0 to `maximum`."""
    if maximum <= 0:
        return 1.0
    raw = maximum / max(1, target_ticks)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)  # pragma: no cover - the loop always returns


def y_scale(maximum: float, *, minimum_top: float = 4, integers: bool = True) -> list[float]:
    """Tick values from 0 up to a round number at or above `maximum`."""
    top = max(maximum, minimum_top)
    step = nice_step(top)
    if integers:
        step = max(1.0, math.ceil(step))
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    parts: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        x, y = point
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
        pen_down = True
    return " ".join(parts)


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    x_values: Sequence[float] | None = None,
    width: float = 760,
    height: float = 300,
    legend_width: float = 200,
    margin: tuple[float, float, float, float] = (16, 16, 36, 44),  # top, right, bottom, left
    legend_row: float = 22,
    min_tick_gap: float = 70,
    y_format: Callable[[float], str] = plain_number,
) -> LineChart:
    """Lines over shared x positions, scaled into a `width` × `height` box.

    `x_values` place the points in proportion (e.g. timestamps); without them the points
    are evenly spaced. The legend sits right of the plot; the chart grows taller when the
    legend needs it. X tick labels closer than `min_tick_gap` to the previous one are left
    out (the last point always keeps its label).
    """
    n = len(x_labels)
    xs = list(x_values) if x_values is not None else [float(i) for i in range(n)]
    if len(xs) != n or any(len(s.values) != n for s in series):
        raise ValueError("every series needs one value per x label")
    top_margin, right_margin, bottom_margin, left_margin = margin
    height = max(height, top_margin + bottom_margin + legend_row * len(series))
    left = left_margin
    right = width - legend_width - right_margin
    top = top_margin
    bottom = height - bottom_margin

    values = [v for s in series for v in s.values if v is not None]
    ticks = y_scale(max(values, default=0))
    y_max = ticks[-1]

    x_min, x_max = (min(xs), max(xs)) if xs else (0.0, 0.0)

    def x_of(x: float) -> float:
        if x_max == x_min:
            return (left + right) / 2
        return left + (x - x_min) / (x_max - x_min) * (right - left)

    def y_of(value: float) -> float:
        return bottom - value / y_max * (bottom - top)

    lines = []
    for index, one in enumerate(series):
        coordinates = [
            None if value is None else (x_of(x), y_of(value))
            for x, value in zip(xs, one.values, strict=True)
        ]
        points = tuple(
            Point(x=c[0], y=c[1], value=value, x_label=label)
            for c, value, label in zip(coordinates, one.values, x_labels, strict=True)
            if c is not None and value is not None
        )
        lines.append(
            Line(label=one.label, slot=index % PALETTE_SIZE, path=_path(coordinates), points=points)
        )

    x_ticks: list[Tick] = []
    for position, label in sorted(zip((x_of(x) for x in xs), x_labels, strict=True)):
        if x_ticks and position - x_ticks[-1].position < min_tick_gap:
            if position == x_of(x_max) and len(x_ticks) > 1:
                x_ticks[-1] = Tick(position, label)  # keep the latest date labelled
            continue
        x_ticks.append(Tick(position, label))

    legend_x = right + right_margin + 8
    legend = tuple(
        LegendItem(label=line.label, slot=line.slot, x=legend_x, y=top + 8 + i * legend_row)
        for i, line in enumerate(lines)
    )
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        lines=tuple(lines),
        x_ticks=tuple(x_ticks),
        y_ticks=tuple(Tick(y_of(value), y_format(value)) for value in ticks),
        legend=legend,
        y_max=y_max,
    )


# --- bar charts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float  # left edge
    y: float  # top edge
    width: float
    height: float
    value: float
    category: str
    label: str  # the series' label
    slot: int  # colour slot: CSS class series-<slot>


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    left: float  # the plot area
    top: float
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]  # one per category, at the middle of its group
    y_ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    y_max: float


def bar_chart(
    series: Sequence[Series],
    categories: Sequence[str],
    *,
    width: float = 760,
    height: float = 280,
    legend_width: float = 180,
    margin: tuple[float, float, float, float] = (16, 16, 36, 80),  # top, right, bottom, left
    legend_row: float = 22,
    group_gap: float = 0.3,
    y_format: Callable[[float], str] = plain_number,
) -> BarChart:
    """Grouped vertical bars: one group per category, one bar per series in each group,
    from 0 up, scaled into a `width` × `height` box.

    `group_gap` is the share of each category's slot left empty between groups. A value
    of None draws no bar; negative values are drawn as 0 (these charts show amounts).
    The legend sits right of the plot, as in `line_chart`.
    """
    n = len(categories)
    if any(len(s.values) != n for s in series):
        raise ValueError("every series needs one value per category")
    top_margin, right_margin, bottom_margin, left_margin = margin
    height = max(height, top_margin + bottom_margin + legend_row * len(series))
    left = left_margin
    right = width - legend_width - right_margin
    top = top_margin
    bottom = height - bottom_margin

    values = [max(0.0, v) for s in series for v in s.values if v is not None]
    ticks = y_scale(max(values, default=0))
    y_max = ticks[-1]

    def y_of(value: float) -> float:
        return bottom - value / y_max * (bottom - top)

    slot_width = (right - left) / n if n else 0.0
    group_width = slot_width * (1 - group_gap)
    bar_width = group_width / len(series) if series else 0.0
    bars = []
    for i, category in enumerate(categories):
        group_left = left + i * slot_width + (slot_width - group_width) / 2
        for j, one in enumerate(series):
            value = one.values[i]
            if value is None:
                continue
            shown = max(0.0, value)
            y = y_of(shown)
            bars.append(
                Bar(
                    x=group_left + j * bar_width,
                    y=y,
                    width=bar_width,
                    height=bottom - y,
                    value=value,
                    category=category,
                    label=one.label,
                    slot=j % PALETTE_SIZE,
                )
            )
    x_ticks = tuple(
        Tick(left + (i + 0.5) * slot_width, category) for i, category in enumerate(categories)
    )
    legend_x = right + right_margin + 8
    legend = tuple(
        LegendItem(label=one.label, slot=j % PALETTE_SIZE, x=legend_x, y=top + 8 + j * legend_row)
        for j, one in enumerate(series)
    )
    return BarChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        bars=tuple(bars),
        x_ticks=x_ticks,
        y_ticks=tuple(Tick(y_of(value), y_format(value)) for value in ticks),
        legend=legend,
        y_max=y_max,
    )
