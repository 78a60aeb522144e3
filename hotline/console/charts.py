"""Server-side SVG charts: geometry computed here, drawn by `templates/console/_chart.html`.

No JavaScript and no external library: a stacked bar chart is a handful of rectangles, and the
template's autoescaping keeps labels (topic names, languages) inert. The legend stands beside
the bars, each name level with its own slice of the last bar (names pushed apart when slices
are thin), so a reader follows a series without matching colours across the page.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 260
LEGEND_WIDTH = 150  # right of the bars: the series names
LEGEND_GAP = 14  # px between two names at least
MARGIN_LEFT = 44
MARGIN_BOTTOM = 40
MARGIN_TOP = 12
PALETTE = (
    "#1f5fa8", "#e07b00", "#2e8b57", "#b03060", "#6a5acd",
    "#8b6914", "#008b8b", "#cd5c5c", "#556b2f", "#708090",
)  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """One rectangle: a series' value in one column."""

    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw a stacked bar chart."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[tuple[float, str], ...]  # x centre, column label
    ticks: tuple[tuple[float, int], ...]  # y, value
    legend: tuple[tuple[str, str, float], ...]  # colour, series name, y beside its slice
    empty: bool
    legend_x: float = WIDTH - LEGEND_WIDTH + 8


def _scale_max(values: list[int]) -> int:
    """The top of the y axis: five ticks of a round step (1, 2, 5, 10, 20, 50...)."""
    top = max(values, default=0)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if step * 5 >= top:
                return step * 5
        magnitude *= 10


def stacked(
    columns: list[str], series: dict[str, list[int]], names: dict[str, str] | None = None
) -> Chart:
    """A stacked bar chart: one bar per column, one colour per series (named by `names`)."""
    names = names or {}
    totals = [sum(values[i] for values in series.values()) for i in range(len(columns))]
    top = _scale_max(totals)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - LEGEND_WIDTH - MARGIN_LEFT) / max(len(columns), 1)
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    bars, middles = [], {}
    for i, column in enumerate(columns):
        base: float = HEIGHT - MARGIN_BOTTOM
        for name, values in series.items():
            if not values[i]:
                continue
            height = values[i] / top * plot_height
            base -= height
            middles[name] = base + height / 2  # the latest column where the series shows
            x = MARGIN_LEFT + i * slot + slot * 0.15
            title = f"{column} · {names.get(name, name)}: {values[i]}"
            bars.append(Bar(round(x, 1), round(base, 1), round(slot * 0.7, 1), round(height, 1),
                            colors[name], title))  # fmt: skip
    labels = tuple((round(MARGIN_LEFT + (i + 0.5) * slot, 1), c) for i, c in enumerate(columns))
    ticks = tuple(
        (round(HEIGHT - MARGIN_BOTTOM - plot_height * k / 5, 1), top * k // 5) for k in range(6)
    )
    legend = _legend(series, colors, middles, names)
    return Chart(WIDTH, HEIGHT, tuple(bars), labels, ticks, legend, not any(totals))


def _legend(
    series: dict[str, list[int]],
    colors: dict[str, str],
    middles: dict[str, float],
    names: dict[str, str],
) -> tuple[tuple[str, str, float], ...]:
    """Names beside their slices, top to bottom, at least LEGEND_GAP apart."""
    order = sorted(series, key=lambda name: middles.get(name, HEIGHT))
    placed: list[tuple[str, str, float]] = []
    y: float = MARGIN_TOP
    for name in order:
        y = max(middles.get(name, y), y)
        placed.append((colors[name], names.get(name, name), round(y + 4, 1)))
        y += LEGEND_GAP
    return tuple(placed)
