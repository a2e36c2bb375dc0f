"""Colours shared by every view: a cluster has the same colour everywhere, and charts take
their background, text and grid colours from the application palette (light or dark)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

# A qualitative palette readable on white (Tableau 10 order, then 10 more muted tones).
_HEX = (
    "#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 #b07aa1 #ff9da7 #9c755f #bab0ac "
    "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
).split()


def cluster_color(cluster: int) -> QColor:
    """The colour of ``cluster`` (cycles after 20)."""
    return QColor(_HEX[cluster % len(_HEX)])


def cluster_hex(cluster: int) -> str:
    return _HEX[cluster % len(_HEX)]


# The nine anchor colours of the ColorBrewer "Blues" scale, light to dark.
_BLUES = np.array(
    [
        [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        for h in "#f7fbff #deebf7 #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #08519c #08306b".split()
    ]
)


def blues(share: float) -> tuple[float, float, float]:
    """The "Blues" scale at ``share`` (0 light … 1 dark), as RGB floats in 0..1."""
    position = float(np.clip(share, 0.0, 1.0)) * (len(_BLUES) - 1)
    low = int(np.floor(position))
    high = min(low + 1, len(_BLUES) - 1)
    mix = position - low
    red, green, blue = _BLUES[low] * (1 - mix) + _BLUES[high] * mix
    return float(red), float(green), float(blue)


# Ten evenly spaced colours of matplotlib's "viridis" scale (dark purple to yellow).
_VIRIDIS = "#440154 #482878 #3e4989 #31688e #26828e #1f9e89 #35b779 #6ece58 #b5de2b #fde725"


def viridis() -> pg.ColorMap:
    """The "viridis" scale as a pyqtgraph colour map (0 dark purple … 1 yellow), built
    from its anchors here rather than read from pyqtgraph's bundled files."""
    colours = [QColor(h) for h in _VIRIDIS.split()]
    return pg.ColorMap(np.linspace(0.0, 1.0, len(colours)), colours)


def white_text_on(rgb: np.ndarray) -> np.ndarray:
    """Where white text reads better than black on cells of colour ``rgb`` ((..., 3),
    floats 0..1): their relative luminance is below one half."""
    return np.asarray(rgb, dtype=np.float64) @ np.array([0.2126, 0.7152, 0.0722]) < 0.5


#: How a measured curve is drawn in the exploration plots (line with dots), and the colour
#: of what is marked on it (the current step, the best k).
CURVE_STYLE = dict(
    pen=pg.mkPen("#1f77b4", width=2),
    symbol="o",
    symbolSize=6,
    symbolBrush="#1f77b4",
    symbolPen=None,
)
MARK_COLOR = "#d62728"


# ----------------------------------------------------------------- following the app palette
class PlotColors:
    """The colours a chart takes from a widget's palette, so a dark palette gives dark plots.

    Attributes
    ----------
    background : the plot area (``QPalette.Base``, where text fields are drawn too).
    foreground : axes, tick labels and titles (``QPalette.Text``).
    muted : secondary text and grid lines, half-way between the two.
    dark : True when the background is darker than the text.
    """

    def __init__(self, palette: QPalette) -> None:
        self.background = QColor(palette.color(QPalette.ColorRole.Base))
        self.foreground = QColor(palette.color(QPalette.ColorRole.Text))
        self.muted = mix(self.background, self.foreground, 0.55)
        self.dark = self.background.lightnessF() < self.foreground.lightnessF()

    def hex(self, name: str) -> str:
        """``"background"``, ``"foreground"`` or ``"muted"`` as ``#rrggbb``."""
        return getattr(self, name).name()


def plot_colors(widget: QWidget | None = None) -> PlotColors:
    """The chart colours of ``widget``'s palette (the application's palette without one)."""
    return PlotColors(widget.palette() if widget is not None else QGuiApplication.palette())


def mix(low: QColor, high: QColor, share: float) -> QColor:
    """The colour ``share`` (0..1) of the way from ``low`` to ``high``."""
    share = float(np.clip(share, 0.0, 1.0))
    return QColor.fromRgbF(
        low.redF() + (high.redF() - low.redF()) * share,
        low.greenF() + (high.greenF() - low.greenF()) * share,
        low.blueF() + (high.blueF() - low.blueF()) * share,
    )


def is_palette_change(event: QEvent) -> bool:
    """True for the events after which a chart must take its colours again."""
    return event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def style_plot_item(plot: pg.PlotItem, colors: PlotColors) -> None:
    """Axes, tick labels, axis labels and title of a pyqtgraph plot in ``colors``."""
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.setPen(colors.foreground)
        axis.setTextPen(colors.foreground)
        if axis.label is not None:
            axis.label.setDefaultTextColor(colors.foreground)
    if plot.titleLabel is not None and plot.titleLabel.text:
        plot.titleLabel.setText(plot.titleLabel.text, color=colors.foreground)


def style_plot_widget(widget: pg.PlotWidget | pg.GraphicsLayoutWidget, colors: PlotColors) -> None:
    """A pyqtgraph widget's background and every plot in it in ``colors``."""
    widget.setBackground(colors.background)
    if isinstance(widget, pg.PlotWidget):
        style_plot_item(widget.getPlotItem(), colors)
        return
    for item in widget.ci.items:
        if isinstance(item, pg.PlotItem):
            style_plot_item(item, colors)


def heat_rgb(shares: np.ndarray, colors: PlotColors) -> tuple[np.ndarray, np.ndarray]:
    """Cell colours of a heatmap whose cells hold ``shares`` (0..1), for every cell at once.

    Light palettes use the "Blues" scale (white to dark blue); dark ones run from the
    background to a light blue, so an empty cell is never a white box on a dark page.

    Returns
    -------
    rgb : (..., 3) floats in 0..1, the background of each cell.
    white_text : (...) bool, True where white text reads better than black.
    """
    shares = np.clip(np.asarray(shares, dtype=np.float64), 0.0, 1.0)[..., None]
    if colors.dark:
        # PySide6's stub types getRgbF() as object; it is a 4-tuple of floats
        low = np.array(colors.background.getRgbF()[:3])  # type: ignore[index]
        high = np.array(QColor("#9ecae1").getRgbF()[:3])  # type: ignore[index]
        rgb = low + (high - low) * (0.08 + 0.92 * shares)
    else:
        position = (0.05 + 0.95 * shares[..., 0]) * (len(_BLUES) - 1)
        low_index = np.floor(position).astype(int)
        high_index = np.minimum(low_index + 1, len(_BLUES) - 1)
        share = (position - low_index)[..., None]
        rgb = _BLUES[low_index] * (1 - share) + _BLUES[high_index] * share
    return rgb, white_text_on(rgb)


def with_alpha(color: QColor, alpha: int) -> QColor:
    """A copy of ``color`` with opacity ``alpha`` (0..255)."""
    faded = QColor(color)
    faded.setAlpha(alpha)
    return faded
