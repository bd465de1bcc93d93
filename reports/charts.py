"""Bar charts drawn on the server as inline SVG geometry: no script, nothing from elsewhere, and the
Content-Security-Policy unchanged. Each chart is drawn from a table's shown cells, so a suppressed
count has no bar (only its "<5"), and the table is printed beside it for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from reports.tables import Chart

WIDTH = 640
LABEL_WIDTH = 330
ROW_HEIGHT = 26
BAR_HEIGHT = 16
VALUE_GAP = 6
RIGHT_MARGIN = 60


@dataclass(frozen=True)
class DrawnBar:
    label: str
    text: str
    y: int
    text_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class DrawnChart:
    key: str
    title: str
    table_key: str
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[DrawnBar]


def draw(chart: Chart) -> DrawnChart:
    """Positions for every bar: lengths in proportion to the largest shown value."""
    values = [b.value for b in chart.bars if b.value is not None]
    largest = max(values, default=0.0) or 1.0
    room = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
    bars = []
    for i, bar in enumerate(chart.bars):
        length = 0.0 if bar.value is None else round(room * bar.value / largest, 1)
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            DrawnBar(
                label=bar.label if len(bar.label) <= 52 else bar.label[:51] + "…",
                text=bar.text,
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                width=length,
                value_x=LABEL_WIDTH + length + VALUE_GAP,
            )
        )
    return DrawnChart(
        key=chart.key,
        title=chart.title,
        table_key=chart.table_key,
        width=WIDTH,
        height=max(1, len(bars)) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
    )
