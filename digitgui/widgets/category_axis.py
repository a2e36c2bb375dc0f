"""CategoryAxis: a pyqtgraph axis for one bar per whole number, its labels thinned to fit."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

#: Label every 1st, 2nd, 5th… category: round steps keep the labels on 0, 5, 10, ….
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
#: To label every category, the font may shrink to this share of the axis font …
SMALL_FONT_SHARE = 0.85
#: … but not below this many points.
SMALL_FONT_MIN_POINTS = 7.0
#: Pixels past its ends within which pyqtgraph may place a label (see boundingRect).
OUTSIDE = 10_000.0


@dataclass(frozen=True)
class TickLayout:
    """How the labels are drawn: every ``step``-th category, in ``font``, and whether each
    label is broken onto two lines at its first space ("3 (8)" → "3" over "(8)")."""

    step: int
    font: QFont
    two_lines: bool = False


class CategoryAxis(pg.AxisItem):
    """Labels the categories 0..n-1 with given texts, only as many as fit without overlap.

    At every paint the axis measures its labels against the pixels one category gets.
    When one line in the axis font leaves no gap between neighbours, it first tries to
    label every category another way: each label on two lines (broken at its first space),
    then a smaller font (:data:`SMALL_FONT_SHARE`, at least :data:`SMALL_FONT_MIN_POINTS`)
    on one or two lines. Only when none fits does it label every ``step``-th category
    (the smallest step in :data:`STEPS` that leaves a gap) in the axis font, so the labels
    stay readable from 2 to 50 bars and at any width.
    """

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._labels: list[str] = []
        self._painting: TickLayout | None = None  # the layout of the paint in progress
        self._layouts: dict[tuple[float, str], TickLayout] = {}  # measured ones, by room
        self._drawn: list[tuple[QRectF, str]] = []  # the labels of the last paint
        self._keep_every_label = False  # see boundingRect

    def set_labels(self, labels: list[str]) -> None:
        """The text of each category, in order (an empty list: no ticks)."""
        self._labels = list(labels)
        self._layouts.clear()
        self.picture = None  # pyqtgraph's cached drawing of the ticks
        self.update()

    def labels(self) -> list[str]:
        return list(self._labels)

    def step_for(self, pixels_per_category: float) -> int:
        """Label every this many categories when each gets ``pixels_per_category``."""
        return self.layout_for(pixels_per_category).step

    def layout_for(self, pixels_per_category: float) -> TickLayout:
        """How to label the categories when each gets ``pixels_per_category``."""
        base = self._base_font()
        key = (round(pixels_per_category, 3), base.key())
        if key not in self._layouts:
            if len(self._layouts) > 32:  # a few sizes are in use at a time
                self._layouts.clear()
            self._layouts[key] = self._measure(pixels_per_category, base)
        return self._layouts[key]

    def _measure(self, pixels_per_category: float, base: QFont) -> TickLayout:
        if not self._labels or pixels_per_category <= 0:
            return TickLayout(1, base)
        small = _smaller(base)
        breakable = all(" " in text for text in self._labels)
        every_category = [
            TickLayout(1, font, two_lines)
            for font in (base, small)
            for two_lines in ((False, True) if breakable else (False,))
        ]
        for layout in every_category:
            if self._needed(layout, pixels_per_category) <= 1:
                return layout
        needed = self._needed(TickLayout(1, base), pixels_per_category)
        return TickLayout(next((step for step in STEPS if step >= needed), STEPS[-1]), base)

    def _needed(self, layout: TickLayout, pixels_per_category: float) -> float:
        """Categories one label spans in ``layout``, with a gap between neighbours: two
        spaces wide, or one where no line of a label holds a space (then one space
        cannot be mistaken for a space inside a label)."""
        metrics = QFontMetricsF(layout.font)
        lines = [line for text in self._labels for line in self._lines(text, layout.two_lines)]
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        gap = "  " if any(" " in line for line in lines) else " "
        return (widest + metrics.horizontalAdvance(gap)) / pixels_per_category

    @staticmethod
    def _lines(text: str, two_lines: bool) -> list[str]:
        return text.split(" ", 1) if two_lines else [text]

    def _base_font(self) -> QFont:
        return QFont(self.style.get("tickFont") or self.font())

    # -- pyqtgraph's hooks --------------------------------------------------------------
    def generateDrawSpecs(self, p):  # noqa: N802
        """pyqtgraph's hook: measures and places the labels with the painter's font, so
        the font of the chosen layout is set first (and kept for drawing them)."""
        low, high = self.range
        layout = self.layout_for(self._length() / (high - low)) if high > low else None
        self._painting = layout
        saved = self.style["tickFont"]
        if layout is not None:
            self.style["tickFont"] = layout.font
        self._keep_every_label = True
        try:
            specs = super().generateDrawSpecs(p)
        finally:
            self.style["tickFont"] = saved
            self._painting = None
            self._keep_every_label = False
        if specs is None:  # no view or no length yet
            return None
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, tick_specs, self._inside(text_specs)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        # pyqtgraph drops a label that sticks out of this rectangle, so "0 (7)" under the
        # first bar was never drawn. While it places them, every label passes; _inside()
        # then moves the end ones in.
        rect = super().boundingRect()
        if self._keep_every_label:
            return rect.adjusted(-OUTSIDE, -OUTSIDE, OUTSIDE, OUTSIDE)
        return rect

    def _inside(self, text_specs: list) -> list:
        """``text_specs`` with a label that sticks out past an end of the axis moved
        inside it; a label the moved one then touches is left out instead."""
        along = self.orientation in ("top", "bottom")
        extent = self.mapRectFromParent(self.geometry())
        low, high = (extent.left(), extent.right()) if along else (extent.top(), extent.bottom())
        specs = sorted(text_specs, key=lambda spec: _start(spec[0], along))
        moved = set()
        for index in {0, len(specs) - 1} if specs else set():
            rect = QRectF(specs[index][0])
            start = _start(rect, along)
            shift = max(0.0, low - start) - max(0.0, start + _size(rect, along) - high)
            if shift:
                rect.translate(shift if along else 0.0, 0.0 if along else shift)
                specs[index] = (rect, *specs[index][1:])
                moved.add(index)
        left_out = {
            other
            for index in moved
            for other in (index - 1, index + 1)
            if 0 <= other < len(specs)
            and other not in moved
            and _touch(specs[index][0], specs[other][0], along)
        }
        return [spec for index, spec in enumerate(specs) if index not in left_out]

    def _updateMaxTextSize(self, x: int) -> None:  # noqa: N802
        # pyqtgraph's hook for the room the labels need across the axis. It measures a
        # label at 0.8 of its height (trimming one line's leading), which on two lines
        # leaves the second touching the axis title: give the lines their full height.
        if self._painting is not None and self._painting.two_lines:
            x = math.ceil(x / 0.8)
        super()._updateMaxTextSize(x)

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):  # noqa: N802, N803
        # generateDrawSpecs left the layout's font on the painter; without a tick font of
        # its own the axis keeps it (a set one would be put back here).
        self._drawn = [(QRectF(rect), text) for rect, _flags, text in textSpecs]
        saved, self.style["tickFont"] = self.style["tickFont"], None
        try:
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        finally:
            self.style["tickFont"] = saved

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        """pyqtgraph's hook: the categories to label for this range and length."""
        if not self._labels or maxVal <= minVal:
            return []
        layout = self._painting or self.layout_for(size / (maxVal - minVal))
        step = layout.step
        first, last = max(0, math.ceil(minVal)), min(len(self._labels) - 1, math.floor(maxVal))
        return [(float(step), [float(v) for v in range(0, last + 1, step) if v >= first])]

    def tickStrings(self, values, scale, spacing) -> list[str]:  # noqa: N802
        """pyqtgraph's hook: the label of each category in ``values``."""
        two_lines = self._painting is not None and self._painting.two_lines
        texts = []
        for value in values:
            index = int(round(value))
            text = self._labels[index] if 0 <= index < len(self._labels) else ""
            texts.append("\n".join(self._lines(text, two_lines)))
        return texts

    # -- for tests and checks -----------------------------------------------------------
    def _length(self) -> float:
        geometry = self.geometry()
        return geometry.width() if self.orientation in ("top", "bottom") else geometry.height()

    def shown_layout(self) -> TickLayout | None:
        """The layout at the axis' current length and range (None without a view)."""
        view = self.linkedView()
        if view is None or not self._labels:
            return None
        low, high = view.viewRange()[0]
        return self.layout_for(self._length() / (high - low)) if high > low else None

    def drawn_labels(self) -> list[tuple[QRectF, str]]:
        """Each label of the last paint: its box (axis coordinates) and text."""
        return list(self._drawn)

    def shown_labels(self) -> list[str]:
        """The labels drawn at the axis' current length and range (one line each)."""
        view = self.linkedView()
        if view is None or not self._labels:
            return []
        low, high = view.viewRange()[0]
        levels = self.tickValues(low, high, self._length())
        return [self._labels[int(round(v))] for v in levels[0][1]] if levels else []


def _smaller(font: QFont) -> QFont:
    """``font`` at :data:`SMALL_FONT_SHARE` of its size, not below the smallest size."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(SMALL_FONT_MIN_POINTS, font.pointSizeF() * SMALL_FONT_SHARE))
    else:  # sized in pixels
        small.setPixelSize(max(9, round(font.pixelSize() * SMALL_FONT_SHARE)))
    return small


def _start(rect: QRectF, along: bool) -> float:
    return rect.left() if along else rect.top()


def _size(rect: QRectF, along: bool) -> float:
    return rect.width() if along else rect.height()


def _touch(a: QRectF, b: QRectF, along: bool) -> bool:
    """Do two labels overlap or touch along the axis?"""
    a_start, b_start = _start(a, along), _start(b, along)
    return a_start <= b_start + _size(b, along) and b_start <= a_start + _size(a, along)
