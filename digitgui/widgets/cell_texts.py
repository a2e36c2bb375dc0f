"""CellTexts: a value written in each cell of a pyqtgraph heatmap, sized to the cells."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTransform

#: The texts fill at most this share of a cell's width …
WIDTH_SHARE = 0.82
#: … and their font at most this share of its height …
HEIGHT_SHARE = 0.5
#: … in a font of at most this many pixels, and are left out below this many (the
#: colours then say it).
MAX_PIXELS = 13.0
MIN_PIXELS = 8.0
_REFERENCE_PIXELS = 100  # the font size the texts are measured in once


class CellTexts(pg.GraphicsObject):
    """Writes ``texts[i][j]`` centred on the cell ``[j, j + 1] × [i, i + 1]`` (the cells
    of an ``ImageItem`` at the origin, row-major), in black or white.

    One item paints every text with its own ``QPainter``, in device pixels: the font
    follows the cells' size on screen at each paint (no second layout pass), and texts
    too small to read are not painted at all. A ``TextItem`` per cell would be up to 144
    items to place again on every resize.
    """

    def __init__(self) -> None:
        super().__init__()
        self._texts: list[list[str]] = []
        self._white = np.zeros((0, 0), dtype=bool)
        self._widest = 0.0  # advance of the widest text at _REFERENCE_PIXELS
        self._height = 0.0  # line height at _REFERENCE_PIXELS
        self._font = QFont()
        self._painted_pixels = 0.0

    def set_texts(self, texts: list[list[str]], white: np.ndarray) -> None:
        """The text of each cell (rows of equal length) and where it is white (else black)."""
        self.prepareGeometryChange()
        self._texts = [list(row) for row in texts]
        self._white = np.asarray(white, dtype=bool)
        reference = QFont(self._font)
        reference.setPixelSize(_REFERENCE_PIXELS)
        metrics = QFontMetricsF(reference)
        flat = [text for row in self._texts for text in row]
        self._widest = max((metrics.horizontalAdvance(text) for text in flat), default=0.0)
        self._height = metrics.height()
        self.update()

    def clear(self) -> None:
        self.set_texts([], np.zeros((0, 0), dtype=bool))

    def texts(self) -> list[list[str]]:
        """The text of each cell, as given."""
        return [list(row) for row in self._texts]

    def font_pixels(self, transform: QTransform | None = None) -> float:
        """The font size (pixels) the texts get in cells drawn with ``transform`` (item to
        device; the current view's by default), 0 when they are too small to be written."""
        if transform is None:
            # pyqtgraph 0.13.4 renamed its deviceTransform() (the 0.13.3 floor's name).
            device = getattr(self, "deviceTransform_", None)
            transform = device() if device is not None else self.deviceTransform()
        if transform is None or not self._texts or self._widest <= 0:
            return 0.0
        cell = transform.mapRect(QRectF(0, 0, 1, 1))
        size = min(
            MAX_PIXELS,
            _REFERENCE_PIXELS * WIDTH_SHARE * cell.width() / self._widest,
            HEIGHT_SHARE * cell.height() * _REFERENCE_PIXELS / self._height,
        )
        return size if size >= MIN_PIXELS else 0.0

    def text_width(self, pixels: float) -> float:
        """The widest text's advance (pixels) in a font of ``pixels``."""
        return self._widest * pixels / _REFERENCE_PIXELS

    def text_font(self) -> QFont:
        """The font the texts are written in (its size set at each paint)."""
        return QFont(self._font)

    def painted_pixels(self) -> float:
        """The font size of the last paint (0: nothing written)."""
        return self._painted_pixels

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        rows = len(self._texts)
        return QRectF(0, 0, len(self._texts[0]) if rows else 0, rows)

    def paint(self, painter: QPainter, *_args) -> None:
        transform = painter.transform()
        pixels = self.font_pixels(transform)
        self._painted_pixels = pixels
        if pixels <= 0:
            return
        cell = transform.mapRect(QRectF(0, 0, 1, 1))
        font = QFont(self._font)
        font.setPixelSize(max(1, round(pixels)))
        painter.save()
        painter.resetTransform()  # device pixels: the font is not stretched with the cells
        painter.setFont(font)
        white, black = QColor("white"), QColor("black")
        box = QRectF(0, 0, cell.width(), cell.height())
        align = Qt.AlignmentFlag.AlignCenter
        for i, row in enumerate(self._texts):
            for j, text in enumerate(row):
                box.moveCenter(transform.map(QPointF(j + 0.5, i + 0.5)))
                painter.setPen(white if self._white[i, j] else black)
                painter.drawText(box, align, text)
        painter.restore()
