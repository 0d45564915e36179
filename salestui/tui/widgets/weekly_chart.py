"""Horizontal bar charts drawn with textual-plotext, legible without colour: money per week and
any list of labelled bars (the Stats screen's funnel, durations and plans)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from salestui.i18n import fmt_decimal, fmt_short_date, tr
from salestui.money import fmt_amount, symbol

# Bars are drawn with a full block: on a monochrome terminal they still read as bars.
BAR: Final = "█"
# Lines a horizontal chart needs besides its bars: frame top and bottom, tick labels.
FRAME_LINES: Final = 3
# Narrower than this, the bars would have no room beside the dates and amounts.
MIN_WIDTH: Final = 30
# A "nice" axis step is one of these times a power of ten.
_STEPS: Final = (1, 2, 2.5, 5)


@dataclass(frozen=True, slots=True)
class Scale:
    """How amounts are shown on the chart: units of 1, 1 000 or 1 000 000 of the currency."""

    divisor: int  # in minor units per shown unit
    unit: str  # message id of the unit label

    def value(self, minor: int) -> float:
        """Return an amount in the scale's units (for drawing only; labels stay exact)."""
        return minor / self.divisor

    def label(self, minor: int) -> str:
        """Return an amount rounded to whole units of the scale; "<1" for a small non-zero one."""
        if 0 < minor * 2 < self.divisor:
            return "<1"
        # fmt_amount rounds hundredths to whole units half up; cutting to hundredths first
        # (not rounding) keeps that the one rounding.
        return fmt_amount(minor * 100 // self.divisor, whole=True)


def scale_for(amounts: Sequence[int]) -> Scale:
    """Choose units so the largest bar reads in at most four or five digits."""
    top = max(amounts, default=0)
    if top >= 10_000_000 * 100:
        return Scale(1_000_000 * 100, "finance.chart.unit.millions")
    if top >= 10_000 * 100:
        return Scale(1_000 * 100, "finance.chart.unit.thousands")
    return Scale(100, "finance.chart.unit.ones")


def nice_ticks(top: float, count: int) -> list[float]:
    """Return axis ticks from 0 in round steps (1, 2, 2.5, 5 × 10ⁿ, at least 1) up to top."""
    if top <= 0:
        return [0.0, 1.0]
    rough = top / max(1, count)
    power = 1.0
    while power * 10 <= rough:
        power *= 10
    while power > rough:
        power /= 10
    # Amounts are counted in whole units of the scale: no step below one.
    step = max(1.0, next(s * power for s in (*_STEPS, 10) if s * power >= rough))
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def tick_label(value: float) -> str:
    """Return an axis label as the language writes numbers (2.5 steps keep their decimal)."""
    return fmt_decimal(value, 1)


class BarChart(PlotextPlot):
    """Horizontal bars, a line each: a label at the left, the bar, its value written after it,
    so every bar reads as a line of a list even without colour. The first bar is at the top;
    when the widget is lower than the bars, the first ones are left out."""

    DEFAULT_CSS = """
    BarChart {
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: list[str] = []
        self._values: list[float] = []
        self._texts: list[str] = []
        self.empty = ""
        # A line over the bars saying what they count (in their units), or nothing.
        self.title = ""

    def replot(self, labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> None:
        """Draw these bars: a label, a length (any unit, ≥ 0) and the text written after it."""
        self._labels, self._values, self._texts = list(labels), list(values), list(texts)
        self.refresh()

    def _bar_colour(self) -> tuple[int, int, int]:
        primary = self.app.current_theme.primary
        return Color.parse(primary).rgb if primary else (128, 128, 128)

    def _draw(self, width: int, height: int) -> int:
        """Lay the figure out for a size; return the height it is drawn in (0: nothing).

        Plotext maps the y range onto the lines end to end, so bars 1…n on a 1…n axis land
        on exactly one line each.
        """
        plt = self.plt
        plt.clear_figure()
        frame = FRAME_LINES + (1 if self.title else 0)
        count = min(len(self._values), height - frame)
        if count < 1 or width < MIN_WIDTH:
            return 0
        values = self._values[-count:]
        texts = self._texts[-count:]
        labels = self._labels[-count:]
        rows = [float(count - i) for i in range(count)]
        # Room after the longest bar for its text, so no label runs past the frame.
        columns = width - max(len(label) for label in labels) - 3
        room = max(len(t) for t in texts) + 1
        top = max(values) * columns / max(1, columns - room) if max(values) else 1.0
        ticks = nice_ticks(top, max(2, columns // 12))
        plt.bar(
            rows, values, marker=BAR, width=0.3, orientation="horizontal", color=self._bar_colour()
        )
        plt.ylim(1, max(2, count))
        plt.yticks(rows, labels)
        plt.xlim(0, ticks[-1])
        plt.xticks(ticks, [tick_label(t) for t in ticks])
        for row, value, text in zip(rows, values, texts, strict=True):
            plt.text(f" {text}", x=value, y=row, alignment="left")
        if self.title:
            plt.title(self.title)
        height = count + frame
        plt.plotsize(width, height)
        return height

    def render(self) -> RenderResult:
        """Draw the chart for the widget's size (what PlotextPlot.render does, with our size)."""
        width, height = self.size
        drawn = self._draw(width, height)
        if not drawn:
            return Text(self.empty if not self._values else "", style="dim")
        # Textual-plotext sets the size twice; resizing misbehaves without the second call.
        self.plt._set_size(width, drawn)
        self.plt.theme(self._get_plotext_theme_name(self.app.theme))
        return Text.from_ansi(self.plt.build())


class WeeklyChart(BarChart):
    """Bars of money received per week, oldest at the top; the week in progress is marked *."""

    DEFAULT_CSS = """
    WeeklyChart {
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._weeks: list[tuple[date, int]] = []
        self._today: date | None = None
        self._currency = "RUB"

    def show(self, weeks: Sequence[tuple[date, int]], today: date, currency: str) -> None:
        """Draw these weekly sums (Monday, minor units); the week holding today is in progress."""
        self._weeks = list(weeks)
        self._today = today
        self._currency = currency
        self.empty = tr("finance.chart.nothing")
        scale = self.scale
        self.replot(
            self._week_labels(),
            [scale.value(amount) for _, amount in self._weeks],
            [scale.label(amount) for _, amount in self._weeks],
        )

    @property
    def scale(self) -> Scale:
        """Return the units the chart shows amounts in."""
        return scale_for([amount for _, amount in self._weeks])

    def unit_label(self) -> str:
        """Return what the numbers on the chart count, e.g. "thousands of ₽"."""
        return tr(self.scale.unit, sign=symbol(self._currency))

    def _week_labels(self) -> list[str]:
        """Return each week's label: its Monday as the language writes it; * this week."""
        labels = []
        for monday, _ in self._weeks:
            mark = "*" if self._today is not None and (self._today - monday).days < 7 else ""
            labels.append(fmt_short_date(monday) + mark)
        return labels
