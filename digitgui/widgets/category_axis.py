"""CategoryAxis: a pyqtgraph axis for one bar per whole number, its labels thinned to fit."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

#: Label every 1st, 2nd, 5th… category: round steps keep the labels on 0, 5, 10, ….
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)


class CategoryAxis(pg.AxisItem):
    """Labels the categories 0..n-1 with given texts, only as many as fit without overlap.

    At every paint the axis measures its widest label against the pixels one category
    gets and labels every ``step``-th category (the smallest step in :data:`STEPS` that
    leaves a gap), so the labels stay readable from 2 to 50 bars and at any width.
    """

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._labels: list[str] = []

    def set_labels(self, labels: list[str]) -> None:
        """The text of each category, in order (an empty list: no ticks)."""
        self._labels = list(labels)
        self.picture = None  # pyqtgraph's cached drawing of the ticks
        self.update()

    def labels(self) -> list[str]:
        return list(self._labels)

    def step_for(self, pixels_per_category: float) -> int:
        """Label every this many categories when each gets ``pixels_per_category``."""
        if not self._labels or pixels_per_category <= 0:
            return 1
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        widest = max(metrics.horizontalAdvance(text) for text in self._labels)
        needed = (widest + metrics.horizontalAdvance("  ")) / pixels_per_category
        return next((step for step in STEPS if step >= needed), STEPS[-1])

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        """pyqtgraph's hook: the categories to label for this range and length."""
        if not self._labels or maxVal <= minVal:
            return []
        step = self.step_for(size / (maxVal - minVal))
        first, last = max(0, math.ceil(minVal)), min(len(self._labels) - 1, math.floor(maxVal))
        return [(float(step), [float(v) for v in range(0, last + 1, step) if v >= first])]

    def tickStrings(self, values, scale, spacing) -> list[str]:  # noqa: N802
        """pyqtgraph's hook: the label of each category in ``values``."""
        texts = []
        for value in values:
            index = int(round(value))
            texts.append(self._labels[index] if 0 <= index < len(self._labels) else "")
        return texts

    def shown_labels(self) -> list[str]:
        """The labels drawn at the axis' current length and range (for tests and checks)."""
        view = self.linkedView()
        if view is None or not self._labels:
            return []
        low, high = view.viewRange()[0]
        length = (
            self.geometry().width()
            if self.orientation in ("top", "bottom")
            else (self.geometry().height())
        )
        levels = self.tickValues(low, high, length)
        return self.tickStrings(levels[0][1], 1.0, levels[0][0]) if levels else []
