"""Money per week and the weeks ahead: a line chart drawn with textual-plotext.

The weeks behind are a line of one character and the weeks ahead a line of another, each
named in the legend, so the chart reads on a monochrome terminal as well as in colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from salestui.i18n import fmt_short_date, tr
from salestui.money import symbol
from salestui.tui.widgets.weekly_chart import MIN_WIDTH, nice_ticks, scale_for, tick_label

# The weeks behind and the weeks ahead are drawn with these (not told apart by colour alone).
RECEIVED: Final = "•"
EXPECTED: Final = "+"
# Lines the chart needs at least: the frame, the legend, a few rows of line and the dates.
MIN_HEIGHT: Final = 6
# A date under every this many weeks (more would run into each other at 40 columns).
TICK_EVERY: Final = 4


class TrendChart(PlotextPlot):
    """Money received per week up to a day, then the money the funnel forecast expects."""

    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 6;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._history: list[tuple[date, int]] = []
        self._ahead: list[tuple[date, int]] = []
        self._currency = "RUB"
        self.title = ""

    def replot(
        self,
        history: Sequence[tuple[date, int]],
        ahead: Sequence[tuple[date, int]],
        as_of: date,
        currency: str,
        who: str,
    ) -> None:
        """Draw weekly money received (Monday, minor units) and the weeks ahead."""
        self._history, self._ahead, self._currency = list(history), list(ahead), currency
        scale = scale_for([v for _, v in [*self._history, *self._ahead]])
        self.title = tr("stats.trend.title", who=who, unit=tr(scale.unit, sign=symbol(currency)))
        self.refresh()

    def render(self) -> RenderResult:
        """Draw the two lines for the widget's size."""
        width, height = self.size
        points = [*self._history, *self._ahead]
        plt = self.plt
        plt.clear_figure()
        if width < MIN_WIDTH or height < MIN_HEIGHT or not any(v for _, v in points):
            return Text(tr("stats.nothing"), style="dim")
        scale = scale_for([v for _, v in points])
        behind = [scale.value(v) for _, v in self._history]
        xs = [float(x) for x in range(1, len(points) + 1)]
        if behind:
            plt.plot(xs[: len(behind)], behind, marker=RECEIVED, label=tr("stats.trend.received"))
        if self._ahead:
            # The line ahead starts from the last week behind, so the two join.
            start = len(behind)
            ahead_xs = xs[max(start - 1, 0) :]
            ahead_ys = ([behind[-1]] if behind else []) + [scale.value(v) for _, v in self._ahead]
            plt.plot(ahead_xs, ahead_ys, marker=EXPECTED, label=tr("stats.trend.expected"))
        top = max([*behind, *(scale.value(v) for _, v in self._ahead)])
        ticks = nice_ticks(top, max(2, (height - 4) // 2))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [tick_label(t) for t in ticks])
        shown = xs[::TICK_EVERY]
        plt.xticks(shown, [fmt_short_date(points[int(x) - 1][0]) for x in shown])
        plt.xlim(1, len(points))
        plt.title(self.title)
        plt.plotsize(width, height)
        self.plt._set_size(width, height)
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        return Text.from_ansi(plt.build())
