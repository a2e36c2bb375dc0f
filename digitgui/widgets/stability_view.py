"""StabilityView: how much KMeans' answer depends on the random seed."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QCursor, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSpinBox, QToolTip, QVBoxLayout, QWidget

from digitgui.widgets.cell_texts import CellTexts
from digitgui.widgets.job_controls import JobControls, JobView
from digitgui.widgets.palette import (
    MARK_COLOR,
    is_palette_change,
    plot_colors,
    style_plot_widget,
    viridis,
    white_text_on,
)
from digitgui.widgets.plot_helpers import NO_MAP_MENU

ANNOTATE_UP_TO = 12  # write the ARI in each cell up to this many seeds
#: A plot area narrower than this (pixels) puts the bar chart below the matrix, not beside …
STACK_BELOW = 600
#: … and goes back beside it only this much wider: a scroll bar that comes with the taller
#: stacked plots must not flip them back and forth.
UNSTACK_MARGIN = 40
#: Minimum height of the plot area: both plots side by side, or each one when stacked.
PLOT_MIN_HEIGHT = 300
STACKED_PLOT_MIN_HEIGHT = 260
#: Label every 1st, 2nd, 5th… seed: no more than ~12 labels per axis.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MOST_TICKS = 12
BAR_COLOR = "#1f77b4"
#: Side by side, the matrix takes at most this share of the width.
HEAT_MOST_SHARE = 0.6
MARGIN = 10  # pixels around the plots in their layout (pyqtgraph's default is 9)
# Two short lines each: a narrow tab keeps both plots readable side by side.
HEAT_TITLE = "Adjusted Rand index (ARI)<br>between seeds"
BAR_TITLE = "Final inertia per seed<br>(red ★: lowest)"


class StabilityView(JobView, QWidget):
    """ARI between the partitions of several seeds, inertia per seed, and a summary.

    Renders a report object (``seeds``, ``inertia``, ``ari``, ``mean_ari``, ``std_ari``,
    ``min_inertia``, ``max_inertia``, ``best_seed``, ``n_partitions``); never fits.
    Drawn with pyqtgraph: a new report sets the items' data, and a resize only lays the
    scene out again (the matplotlib figure it replaces took 0.2–0.4 s per redraw).

    Signals
    -------
    run_requested(int) : fit this many seeds.
    cancel_requested() : the user pressed Cancel.
    """

    run_requested = Signal(int)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stabilityView")
        self.setAccessibleName("Stability of the clustering across random seeds")
        self._report = None
        self._hover = ""
        self._stacked: bool | None = None  # None until _arrange, before any plot is built
        self.seeds_spin = QSpinBox()
        self.seeds_spin.setRange(2, 50)
        self.seeds_spin.setValue(10)
        self.seeds_spin.setAccessibleName("Number of seeds")
        self.job = JobControls(
            "stability",
            "Run",
            "Stability",
            "%v / %m seeds",
            "Refit the current parameters with seeds 0, 1, 2, …",
            leading=(QLabel("Seeds"), self.seeds_spin),
        )
        self.run_button.clicked.connect(self._on_run_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("stabilityPlots")
        self.graphics.setAccessibleName("ARI between seeds and inertia per seed")
        self._build_heatmap()
        self._build_bars()
        # Narrower than a plot needs, the tab scrolls (FitScrollArea) rather than cut it.
        least = [
            plot.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
            for plot in (self.heat_plot, self.bar_plot)
        ]
        self._heat_least_width = least[0]
        self.graphics.setMinimumWidth(round(max(least)) + 2 * MARGIN)
        self._arrange(stacked=False)
        self.graphics.installEventFilter(self)  # a narrow plot area stacks the two plots
        # Hover: every move (the scene's sigMouseMoved drops moves 10 ms apart, the last
        # one included), and leaving the plots.
        self.graphics.viewport().installEventFilter(self)
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("stabilitySummary")
        self.summary_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.job)
        layout.addWidget(self.graphics, stretch=1)
        layout.addWidget(self.summary_label)
        self._style()
        self.set_running(False)
        self.clear()

    # ----------------------------------------------------------------- building
    def _build_heatmap(self) -> None:
        plot = pg.PlotItem(viewBox=pg.ViewBox(enableMenu=False))
        plot.setTitle(HEAT_TITLE, size="10pt")
        plot.setLabel("bottom", "seed")
        plot.setLabel("left", "seed")
        plot.invertY(True)  # seed 0 at the top, as a matrix is written
        _fixed(plot)
        self.heat_plot = plot
        self.heat_image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.heat_image)
        self.cell_texts = CellTexts()
        plot.addItem(self.cell_texts)
        for side in ("left", "bottom"):
            # Ticks outside: inside, the tick before "0.72" read as "-0.72". And the first
            # seed's label at the very end of the axis is drawn.
            plot.getAxis(side).setStyle(tickLength=5, hideOverlappingLabels=False)
        self.color_bar = pg.ColorBarItem(
            values=(0.0, 1.0), colorMap=viridis(), interactive=False, width=14, **NO_MAP_MENU
        )
        self.color_bar.setImageItem(self.heat_image, insert_in=plot)
        plot.vb.sigResized.connect(self._fit_heat_width)

    def _build_bars(self) -> None:
        plot = pg.PlotItem(viewBox=pg.ViewBox(enableMenu=False))
        plot.setTitle(BAR_TITLE, size="10pt")
        plot.setLabel("bottom", "seed")
        plot.setLabel("left", "inertia")
        plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # "0" at the left end
        # "inertia (x1e+06)" and ticks 0 … 1.2 rather than "900000" beside "1e+06" (from
        # pyqtgraph 0.13.4; the 0.13.3 floor writes the plain numbers)
        axis = plot.getAxis("left")
        if hasattr(axis, "setSIPrefixEnableRanges"):
            axis.setSIPrefixEnableRanges(((1e4, math.inf),))
        _fixed(plot)
        self.bar_plot = plot
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=BAR_COLOR, pen=None)
        plot.addItem(self.bars)
        self.best_mark = pg.ScatterPlotItem(symbol="star", size=13, brush=MARK_COLOR, pen=None)
        plot.addItem(self.best_mark)

    def _seed_axes(self) -> tuple[pg.AxisItem, ...]:
        """The axes labelled with seeds (the inertia axis keeps pyqtgraph's ticks)."""
        heat, bars = self.heat_plot, self.bar_plot
        return heat.getAxis("left"), heat.getAxis("bottom"), bars.getAxis("bottom")

    def _style(self) -> None:
        colors = plot_colors(self)
        style_plot_widget(self.graphics, colors)
        for plot, title in ((self.heat_plot, HEAT_TITLE), (self.bar_plot, BAR_TITLE)):
            plot.setTitle(title, color=colors.foreground, size="10pt")
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(colors.muted)
                axis.setTextPen(colors.foreground)
        # The colour bar is a plot of its own inside the heatmap's layout.
        for side in ("left", "right", "top", "bottom"):
            axis = self.color_bar.getAxis(side)
            axis.setPen(colors.muted)
            axis.setTextPen(colors.foreground)

    # ----------------------------------------------------------------- output
    @property
    def report(self):
        """The report shown, or None."""
        return self._report

    def clear(self) -> None:
        self._report = None
        self.heat_image.clear()
        self.cell_texts.clear()
        self.bars.setOpts(x=[], height=[], brushes=None, brush=BAR_COLOR)
        self.best_mark.setData([], [])
        for axis in self._seed_axes():
            axis.setTicks([[], []])
        self.summary_label.setText("")
        self.progress_bar.reset()

    def set_report(self, report) -> None:
        """Draw the ARI matrix and the inertia of each seed, and summarise them."""
        self._report = report
        self._hover = ""
        self._draw_matrix(report)
        self._draw_inertia(report)
        self.summary_label.setText(summary_text(report))

    def _draw_matrix(self, report) -> None:
        ari = np.asarray(report.ari, dtype=np.float64)
        m = len(report.seeds)
        low = min(0.0, float(ari.min()))
        self.heat_image.setImage(ari, autoLevels=False)
        self.heat_image.setRect(0, 0, m, m)
        self.color_bar.setLevels((low, 1.0))  # also the image's levels
        self.heat_plot.setRange(xRange=(0, m), yRange=(0, m), padding=0.0)
        ticks = _seed_ticks(report.seeds, offset=0.5)
        for side in ("left", "bottom"):
            self.heat_plot.getAxis(side).setTicks([ticks, []])
        if m <= ANNOTATE_UP_TO:
            shares = (ari - low) / (1.0 - low) if low < 1.0 else np.ones_like(ari)
            rgb = self.color_bar.colorMap().map(shares, mode="float")[..., :3]
            self.cell_texts.set_texts(
                [[f"{value:.2f}" for value in row] for row in ari.tolist()], white_text_on(rgb)
            )
        else:
            self.cell_texts.clear()

    def _draw_inertia(self, report) -> None:
        inertia = np.asarray(report.inertia, dtype=np.float64)
        m = len(inertia)
        positions = np.arange(m, dtype=np.float64)
        best = self.best_index()
        brushes = [pg.mkBrush(MARK_COLOR if i == best else BAR_COLOR) for i in range(m)]
        self.bars.setOpts(x=positions, height=inertia, brushes=brushes)
        top = max(float(inertia.max()), 1e-12)
        self.best_mark.setData([float(best)], [inertia[best] + 0.04 * top])
        # Bars start at 0: a cut axis would make a 0.1 % difference look tenfold.
        self.bar_plot.setRange(xRange=(-0.6, m - 0.4), yRange=(0.0, top * 1.1), padding=0.0)
        self.bar_plot.getAxis("bottom").setTicks([_seed_ticks(report.seeds), []])

    # ----------------------------------------------------------------- reading back
    def best_index(self) -> int:
        """The position of the lowest-inertia seed in the report (-1 without one)."""
        if self._report is None:
            return -1
        return int(np.argmin(np.asarray(self._report.inertia)))

    def shown_ari(self) -> np.ndarray | None:
        """The matrix the heatmap draws."""
        return self.heat_image.image

    def bar_colors(self) -> list[str]:
        """The fill colour of each inertia bar, as ``#rrggbb``."""
        brushes = self.bars.opts.get("brushes") or []
        return [QColor(pg.mkBrush(b).color()).name() for b in brushes]

    def bar_heights(self) -> np.ndarray:
        return np.asarray(self.bars.opts["height"], dtype=np.float64)

    def plots_stacked(self) -> bool:
        """True when the bar chart stands below the matrix, False when beside it."""
        return bool(self._stacked)

    def hover_text(self) -> str:
        """What the tooltip says about the cell or bar under the mouse ("" for nothing)."""
        return self._hover

    # ----------------------------------------------------------------- layout
    def _arrange(self, stacked: bool) -> None:
        if stacked == self._stacked:
            return
        self._stacked = stacked
        layout = self.graphics.ci
        for plot in (self.heat_plot, self.bar_plot):
            if plot in layout.items:
                layout.removeItem(plot)
        grid = layout.layout
        layout.addItem(self.heat_plot, row=0, col=0)
        layout.addItem(self.bar_plot, row=int(stacked), col=int(not stacked))
        # The ratios of the matplotlib figure this replaced. Only rows and columns in use:
        # a stretch factor on an empty one makes it and it takes a share of the space.
        for index, stretch in enumerate((13, 10) if stacked else (10, 13)):
            if stacked:
                grid.setRowStretchFactor(index, stretch)
            else:
                grid.setColumnStretchFactor(index, stretch)
        if stacked:
            grid.setColumnStretchFactor(0, 1)
        else:
            grid.setRowStretchFactor(0, 1)
        self._fit_heat_width()
        self.graphics.setMinimumHeight(2 * STACKED_PLOT_MIN_HEIGHT if stacked else PLOT_MIN_HEIGHT)

    @Slot()
    def _fit_heat_width(self) -> None:
        """Side by side, the matrix is about as wide as it is tall (square cells, room for
        the texts) up to :data:`HEAT_MOST_SHARE` of the width; the bars take the rest.
        Its width does not change its height, so this settles at once."""
        plot = self.heat_plot
        if self._stacked is None:  # not arranged yet (pyqtgraph 0.13 resizes it earlier)
            return
        if self._stacked:  # the whole width: free again
            plot.setMinimumWidth(-1)
            plot.setMaximumWidth(-1)
            return
        box = plot.vb.geometry()
        if box.height() <= 0:  # not laid out yet
            return
        square = box.height() + plot.geometry().width() - box.width()
        most = HEAT_MOST_SHARE * self.graphics.width()
        width = max(min(square, most), self._heat_least_width)
        if abs(plot.maximumWidth() - width) > 2 or abs(plot.minimumWidth() - width) > 2:
            plot.setMinimumWidth(width)
            plot.setMaximumWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.graphics.viewport():
            if isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseMove:
                self._hover_at(self.graphics.mapToScene(event.position().toPoint()))
            elif event.type() == QEvent.Type.Leave:
                self._hover_at(None)
        elif watched is self.graphics and isinstance(event, QResizeEvent):
            width = event.size().width()
            if self._stacked:
                self._arrange(width < STACK_BELOW + UNSTACK_MARGIN)
            else:
                self._arrange(width < STACK_BELOW)
            self._fit_heat_width()  # narrower: the matrix, of fixed width, gives up its share
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event) and hasattr(self, "bar_plot"):
            self._style()  # the cells' colours and texts do not depend on the palette

    # ----------------------------------------------------------------- hover
    def _hover_at(self, position: QPointF | None) -> None:
        text = "" if position is None else self._describe(position)
        if text == self._hover:
            return
        self._hover = text
        if text:
            QToolTip.showText(QCursor.pos(), text, self.graphics)
        else:
            QToolTip.hideText()

    def _describe(self, position: QPointF) -> str:
        report = self._report
        if report is None:
            return ""
        m = len(report.seeds)
        for plot in (self.heat_plot, self.bar_plot):
            if plot.vb.sceneBoundingRect().contains(position):
                point = plot.vb.mapSceneToView(position)
                if plot is self.heat_plot:
                    i, j = math.floor(point.y()), math.floor(point.x())
                    if 0 <= i < m and 0 <= j < m:
                        return (
                            f"seed {report.seeds[i]} vs seed {report.seeds[j]}: "
                            f"ARI {report.ari[i][j]:.3f}"
                        )
                else:
                    i = round(point.x())
                    if 0 <= i < m and abs(point.x() - i) <= 0.35:
                        lowest = " (lowest)" if i == self.best_index() else ""
                        return f"seed {report.seeds[i]}: inertia {report.inertia[i]:,.1f}{lowest}"
        return ""

    # ----------------------------------------------------------------- input
    def set_running(self, running: bool) -> None:
        super().set_running(running)
        self.seeds_spin.setEnabled(not running)

    @Slot()
    def _on_run_clicked(self) -> None:
        self.run_requested.emit(self.seeds_spin.value())


def _fixed(plot: pg.PlotItem) -> None:
    """No zoom, pan, menu or auto-range button: the plots show the whole report."""
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.vb.disableAutoRange()


def _seed_ticks(seeds, offset: float = 0.0) -> list[tuple[float, str]]:
    """Ticks at every 1st, 2nd, 5th… position (at most :data:`MOST_TICKS`), labelled
    with the seed there."""
    m = len(seeds)
    step = next((s for s in TICK_STEPS if -(-m // s) <= MOST_TICKS), TICK_STEPS[-1])
    return [(i + offset, str(seeds[i])) for i in range(0, m, step)]


def summary_text(report) -> str:
    """One paragraph describing a stability report."""
    m = len(report.seeds)
    gap = report.max_inertia - report.min_inertia
    # Every sample on its own centroid gives an inertia of 0 (as many clusters as points).
    if report.min_inertia > 0:
        apart = f"{gap / report.min_inertia:.1%} apart"
    else:
        apart = "all equal" if gap == 0 else "the lowest is 0"
    return (
        f"{m} seeds gave {report.n_partitions} different partition"
        f"{'s' if report.n_partitions != 1 else ''}. Pairwise ARI: mean "
        f"{report.mean_ari:.3f}, std {report.std_ari:.3f} (1 = identical partitions). "
        f"Inertia from {report.min_inertia:,.0f} to {report.max_inertia:,.0f} "
        f"({apart}); lowest with seed {report.best_seed}."
    )
