"""IterationStepper: KMeans one Lloyd iteration at a time, from a recorded trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from digitgui.widgets.digit_image import digit_qimage
from digitgui.widgets.job_controls import JobControls, JobView
from digitgui.widgets.next_turn import next_turn_timer
from digitgui.widgets.palette import CURVE_STYLE, MARK_COLOR, cluster_color
from digitgui.widgets.plot_helpers import integer_ticks
from digitgui.widgets.trace_request import TraceRequestPanel

if TYPE_CHECKING:
    from digitgui.model.stepper import KMeansTrace

TILE = 64  # pixels per thumbnail side: 8 × 8, an integer factor keeps pixels square
#: Smaller sides a narrow tab uses, so that the centroids fit in two rows if they can.
TILES = (TILE, 56, 48, 40, 32)
GAP = 10
CAPTION = 16
COLUMNS = 10
PLAY_INTERVAL_MS = 400
ARRANGE_MARGIN = 24  # pixels
PLOT_MIN_HEIGHT = 220  # of the plots' row (each plot's, once stacked: less is unreadable)


class IterationStepper(JobView, QWidget):
    """Step through a trace: centroids, inertia and changed samples at each iteration.

    Position 0 shows the initial centres; position ``t`` the centres after iteration
    ``t``. Renders a trace object (``centroids``, ``labels``, ``inertia``, ``changed``,
    ``final_labels``, ``final_inertia``, ``n_steps``, ``converged``) and never fits.

    Signals
    -------
    trace_requested() : the user asked to (re)compute the trace of the current clustering.
    cancel_requested() : the user pressed Cancel.
    position_changed(int) : the step shown changed.
    """

    trace_requested = Signal()
    cancel_requested = Signal()
    position_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("iterationStepper")
        self.setAccessibleName("KMeans step by step: centroids at each iteration")
        self._trace: KMeansTrace | None = None
        self._drawn: tuple[np.ndarray, np.ndarray, tuple[int, int]] | None = None
        self._side: int | None = None
        self._value_max = 16.0
        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_job_row())
        self.request = TraceRequestPanel()  # shown while a trace waits for the user
        self.request.trace_requested.connect(self.trace_requested)
        layout.addWidget(self.request)
        layout.addLayout(self._build_step_row())
        self.position_label = QLabel("")
        self.position_label.setObjectName("iterationStepperPosition")
        self.position_label.setWordWrap(True)  # the last step's long text never widens the tab
        self.position_label.setMinimumHeight(2 * self.position_label.fontMetrics().lineSpacing())
        layout.addWidget(self.position_label)
        self.thumbnails = QLabel("No trace yet.")
        self.thumbnails.setObjectName("iterationStepperCentroids")
        self.thumbnails.setAccessibleName("Centroids at the current step")
        self.thumbnails.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._scroll = QScrollArea()
        self._scroll.setWidget(self.thumbnails)
        self._scroll.setWidgetResizable(True)
        self._scroll.setMinimumHeight(TILE + 2 * GAP + CAPTION)
        self._scroll.viewport().installEventFilter(self)  # a new width re-lays the tiles
        layout.addWidget(self._scroll)
        layout.addWidget(self._build_plots(), stretch=1)
        self.set_running(False)
        self._update_controls()

    def _build_job_row(self) -> JobControls:
        self.job = JobControls("iterationStepper", "Trace", "Trace", "step %v of at most %m")
        self.trace_button = self.job.run_button
        self.trace_button.setObjectName("iterationStepperTraceButton")
        self.trace_button.setToolTip("Record every iteration of the current clustering")
        self.trace_button.clicked.connect(self.trace_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        return self.job

    def _build_step_row(self) -> QHBoxLayout:
        self.back_button = QPushButton("◀ Back")
        self.back_button.clicked.connect(self.step_back)
        self.step_button = QPushButton("Step ▶")
        self.step_button.setObjectName("iterationStepperStepButton")
        self.step_button.clicked.connect(self.step)
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("iterationStepperPlayButton")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("iterationStepperSlider")
        self.slider.setAccessibleName("Iteration shown")
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        row = QHBoxLayout()
        for widget in (self.back_button, self.step_button, self.play_button):
            row.addWidget(widget)
        row.addWidget(self.slider, stretch=1)
        return row

    def _build_plots(self) -> pg.GraphicsLayoutWidget:
        palette = self.palette()
        foreground = palette.color(QPalette.ColorRole.Text)
        graphics = pg.GraphicsLayoutWidget()
        graphics.setBackground(palette.color(QPalette.ColorRole.Base))
        graphics.setMinimumHeight(PLOT_MIN_HEIGHT)
        graphics.viewport().installEventFilter(self)  # too narrow for both side by side: stack
        self._graphics = graphics
        self._inertia_plot = graphics.addPlot(row=0, col=0)
        self._changed_plot = graphics.addPlot(row=0, col=1)
        self._arrange_later = next_turn_timer(self, self._arrange_plots)
        for plot in (self._inertia_plot, self._changed_plot):
            # Axes fit their tick labels when painted, resizing the view box: arrange again.
            plot.geometryChanged.connect(self._schedule_arrange)
            plot.getViewBox().sigResized.connect(self._schedule_arrange)
        # Two short lines each: the plots stand side by side in a narrow tab.
        titles = (
            "Inertia of the<br>centres shown",
            "Samples that changed<br>cluster (from iteration 2)",
        )
        for plot, title in zip((self._inertia_plot, self._changed_plot), titles, strict=True):
            plot.setTitle(title, color=foreground, size="9pt")
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setLabel("bottom", "iteration", color=foreground)
            for side in ("left", "bottom"):
                plot.getAxis(side).setPen(foreground)
                plot.getAxis(side).setTextPen(foreground)
        self._inertia_curve = self._inertia_plot.plot([], [], **CURVE_STYLE)
        self._inertia_marker = pg.ScatterPlotItem(size=12, brush=MARK_COLOR, pen=None)
        self._inertia_plot.addItem(self._inertia_marker)
        self._changed_bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush="#1f77b4")
        self._changed_current = pg.BarGraphItem(x=[], height=[], width=0.7, brush=MARK_COLOR)
        self._changed_plot.addItem(self._changed_bars)
        self._changed_plot.addItem(self._changed_current)
        self._cursors = []
        for plot in (self._inertia_plot, self._changed_plot):
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen(MARK_COLOR, style=Qt.PenStyle.DotLine))
            plot.addItem(cursor, ignoreBounds=True)
            self._cursors.append(cursor)
        return graphics

    def plots_side_by_side(self) -> bool:
        """True when the two plots stand side by side, False when stacked."""
        return self._graphics.ci.getItem(0, 1) is not None

    @Slot()
    def _schedule_arrange(self) -> None:
        self._arrange_later.start()

    def _arrange_plots(self) -> None:
        """Side by side when both fit the view's width uncut, else one above the other."""
        self._arrange_later.stop()
        plots = (self._inertia_plot, self._changed_plot)
        grid = self._graphics.ci.layout
        left, _, right, _ = grid.getContentsMargins()
        needs = sum(p.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() for p in plots)
        needs += grid.horizontalSpacing() + left + right
        # A margin before going back side by side: tick labels change with the plots'
        # height, and must not flip the arrangement to and fro.
        margin = 0 if self.plots_side_by_side() else ARRANGE_MARGIN
        side_by_side = needs + margin <= self._graphics.viewport().width()
        if side_by_side == self.plots_side_by_side():
            return
        layout = self._graphics.ci
        for plot in plots:
            layout.removeItem(plot)
        layout.addItem(self._inertia_plot, row=0, col=0)
        layout.addItem(self._changed_plot, row=0 if side_by_side else 1, col=int(side_by_side))
        self._graphics.setMinimumHeight(PLOT_MIN_HEIGHT * (1 if side_by_side else 2))

    # ----------------------------------------------------------------- input
    def set_trace(
        self, trace: KMeansTrace, image_side: int | None, value_max: float = 16.0
    ) -> None:
        """Show ``trace``; centroids are drawn as ``image_side``² images when they fit."""
        self.pause()
        self._trace = trace
        d = trace.centroids.shape[2]
        self._side = image_side if image_side and image_side * image_side == d else None
        self._value_max = float(value_max) or 1.0
        steps = trace.n_steps
        inertia = np.append(np.asarray(trace.inertia, float), trace.final_inertia)
        self._inertia_curve.setData(np.arange(steps + 1, dtype=float), inertia)
        later = np.arange(2, steps + 1, dtype=float)  # iteration 1 assigns every sample
        self._changed_bars.setOpts(x=later, height=np.asarray(trace.changed[1:], float))
        for plot in (self._inertia_plot, self._changed_plot):
            integer_ticks(plot.getAxis("bottom"), 0, steps)
        self.slider.blockSignals(True)
        self.slider.setRange(0, steps)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self._update_controls()
        self._show_position(0)

    def clear(self) -> None:
        self.pause()
        self._trace = None
        self._inertia_curve.setData([], [])
        self._inertia_marker.setData([], [])
        self._changed_bars.setOpts(x=[], height=[])
        self._changed_current.setOpts(x=[], height=[])
        self.thumbnails.setPixmap(QPixmap())
        self._drawn = None
        self.thumbnails.setText("No trace yet.")
        self.position_label.setText("")
        self.slider.setRange(0, 0)
        self._update_controls()

    def show_request(self, reason: str | None, estimate: str = "") -> None:
        """Offer the trace on request: why it waits, its work, a button (None hides it)."""
        self.request.set_text(reason or "", estimate)
        self.request.setVisible(reason is not None)

    @property
    def request_shown(self) -> bool:
        """Whether the view offers the trace on request (rather than showing one)."""
        return not self.request.isHidden()

    @property
    def trace(self) -> KMeansTrace | None:
        return self._trace

    @property
    def position(self) -> int:
        return self.slider.value()

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def shown_centroids(self) -> np.ndarray | None:
        """The (k, d) centroids drawn at the current position."""
        return None if self._trace is None else self._trace.centroids[self.position]

    def set_position(self, position: int) -> None:
        self.slider.setValue(position)

    @Slot()
    def step(self) -> None:
        self.set_position(self.position + 1)

    @Slot()
    def step_back(self) -> None:
        self.set_position(self.position - 1)

    def play(self) -> None:
        self.play_button.setChecked(True)

    def pause(self) -> None:
        self.play_button.setChecked(False)

    # ----------------------------------------------------------------- rendering
    def _show_position(self, t: int) -> None:
        trace = self._trace
        if trace is None:
            return
        steps = trace.n_steps
        labels = trace.labels[t] if t < steps else trace.final_labels
        k = trace.centroids.shape[1]
        sizes = np.bincount(labels, minlength=k)
        inertia = trace.inertia[t] if t < steps else trace.final_inertia
        self._inertia_marker.setData([t], [inertia])
        for cursor in self._cursors:
            cursor.setValue(t)
        if t >= 2:
            self._changed_current.setOpts(x=[t], height=[trace.changed[t - 1]])
        else:
            self._changed_current.setOpts(x=[], height=[])
        if t == 0:
            text = "Initial centres (before iteration 1)."
        else:
            moved = int(trace.changed[t - 1])
            text = f"After iteration {t} of {steps}: the assignment moved {moved} samples."
        if t == steps:
            text += " Converged." if trace.converged else " Stopped at max_iter."
        self.position_label.setText(f"{text}  Inertia {inertia:,.0f}.")
        self._draw_centroids(trace.centroids[t], sizes)

    def _draw_centroids(self, centroids: np.ndarray, sizes: np.ndarray) -> None:
        if self._side is None:
            self._drawn = None
            self.thumbnails.setText("These centroids are not images (feature space).")
            return
        k = len(centroids)
        tile, columns = self._grid(k)
        self._drawn = (centroids, sizes, (tile, columns))
        rows = -(-k // columns)
        pixmap = QPixmap(columns * (tile + GAP) + GAP, rows * (tile + GAP + CAPTION) + GAP)
        pixmap.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(pixmap)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        font = painter.font()
        font.setPointSizeF(8 if tile >= 48 else 7)
        painter.setFont(font)
        for j, centroid in enumerate(centroids):
            x = GAP + (j % columns) * (tile + GAP)
            y = GAP + (j // columns) * (tile + GAP + CAPTION)
            image = digit_qimage(centroid.reshape(self._side, self._side), self._value_max)
            painter.drawImage(
                x, y, image.scaled(tile, tile, mode=Qt.TransformationMode.FastTransformation)
            )
            painter.setPen(QPen(cluster_color(j), 2))  # the cluster's colour in every view
            painter.drawRect(x - 1, y - 1, tile + 1, tile + 1)
            painter.setPen(text_colour)
            caption = QRect(x - GAP // 2, y + tile + 1, tile + GAP, CAPTION)
            painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, f"{j} · {sizes[j]}")
        painter.end()
        self.thumbnails.setPixmap(pixmap)
        # Up to three rows of thumbnails without scrolling, no empty band below them.
        frame = 2 * self._scroll.frameWidth()
        self._scroll.setFixedHeight(min(pixmap.height(), 3 * (tile + GAP + CAPTION)) + frame + 4)
        policy = Qt.ScrollBarPolicy
        self._scroll.setVerticalScrollBarPolicy(
            policy.ScrollBarAlwaysOff if rows <= 3 else policy.ScrollBarAsNeeded
        )

    def _grid(self, k: int) -> tuple[int, int]:
        """(tile side, columns) for ``k`` thumbnails in the strip's width: the largest
        tile that fits them in two rows, else in three, else the smallest."""
        width = self._scroll.viewport().width() - GAP
        fits = []
        for tile in TILES:
            columns = max(1, min(k, COLUMNS, width // (tile + GAP)))
            fits.append((-(-k // columns), tile, columns))
        for most_rows in (2, 3):
            for rows, tile, columns in fits:
                if rows <= most_rows:
                    return tile, columns
        return fits[-1][1], fits[-1][2]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._graphics.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange_plots()
        elif (
            event.type() == QEvent.Type.Resize
            and watched is self._scroll.viewport()
            and self._drawn is not None
        ):
            centroids, sizes, grid = self._drawn
            if self._grid(len(centroids)) != grid:
                self._draw_centroids(centroids, sizes)
        return super().eventFilter(watched, event)

    def _update_controls(self) -> None:
        has = self._trace is not None
        at_end = self._trace is None or self.position >= self._trace.n_steps
        self.step_button.setEnabled(has and not at_end)
        self.back_button.setEnabled(has and self.position > 0)
        self.play_button.setEnabled(has)
        self.slider.setEnabled(has)

    # ----------------------------------------------------------------- slots
    @Slot(int)
    def _on_slider_value_changed(self, value: int) -> None:
        self._show_position(value)
        self._update_controls()
        self.position_changed.emit(value)

    @Slot(bool)
    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        if playing and self._trace is not None:
            if self.position >= self._trace.n_steps:
                self.set_position(0)  # replay from the start
            self._timer.start()
        else:
            self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._trace is None or self.position >= self._trace.n_steps:
            self.pause()
        else:
            self.step()
