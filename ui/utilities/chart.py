"""The month-on-month chart on screen, drawn by Qt Charts (PySide6-Addons).

Qt Charts is imported with this module, and this module only when the chart is first shown (the
desk starts without it). Bars per month: the amount per kind in yuan, or one kind's usage.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from frontdesk.i18n import _
from frontdesk.utilities.kinds import MeterKind, label, usage_unit
from ui.utilities.month_history import Point

#: the printed chart's colours (reports.utility_table), so screen and paper look alike
COLOURS = {MeterKind.WATER: "#4A7FB5", MeterKind.ELECTRICITY: "#E0A030", MeterKind.GAS: "#6AA86A"}
AMOUNT = "amount"


class MonthChart(QChartView):
    """Twelve months of one building or of the estate: amounts per kind, or one kind's usage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.sets: list[QBarSet] = []
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)

    def show_points(self, points: tuple[Point, ...], measure: str, title: str) -> None:
        """Draw ``points``: ``measure`` is :data:`AMOUNT` or a kind's value (its usage)."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QBarSeries()
        self.sets = []
        if measure == AMOUNT:
            kinds = [k for k in MeterKind if any(p.amount_of(k) for p in points)]
            for kind in kinds:
                self._add_set(series, label(kind), COLOURS[kind], [p.amount_of(kind) / 100 for p in points])
            axis_title = _("Amount (yuan)")
        else:
            kind = MeterKind(measure)
            values = [float(p.usage_of(kind)) for p in points]
            self._add_set(series, f"{label(kind)} ({usage_unit(kind)})", COLOURS[kind], values)
            axis_title = _("Usage ({unit})").format(unit=usage_unit(kind))
        chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append([p.month for p in points])
        values_axis = QValueAxis()
        values_axis.setTitleText(axis_title)
        values_axis.setLabelFormat("%.0f")
        values_axis.setMin(0)
        highest = max((max(s.at(i) for i in range(s.count())) for s in self.sets if s.count()), default=0.0)
        values_axis.setMax(_round_up(highest))
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(values_axis)
        chart.setTitle(title)
        chart.legend().setVisible(bool(self.sets))

    def _add_set(self, series: QBarSeries, name: str, colour: str, values: list[float]) -> None:
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(colour))
        bar_set.append(values)
        series.append(bar_set)
        self.sets.append(bar_set)


def _round_up(value: float) -> float:
    """A tidy top for the value axis: 1, 2 or 5 times a power of ten above ``value``."""
    if value <= 0:
        return 1.0
    step = Decimal(10) ** (len(str(int(value))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * step >= Decimal(str(value)):
            return float(factor * step)
    return float(10 * step)
