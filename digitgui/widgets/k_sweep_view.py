"""KSweepView: scores of KMeans for a range of k, plotted as each k finishes."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitgui.model.config import MAX_CLUSTERS, MIN_CLUSTERS
from digitgui.widgets.flow_layout import FlowLayout, together
from digitgui.widgets.job_controls import STATUS_KEEP, JobControls, JobView
from digitgui.widgets.palette import (
    CURVE_STYLE,
    MARK_COLOR,
    is_palette_change,
    plot_colors,
    style_plot_widget,
)
from digitgui.widgets.plot_helpers import integer_ticks

#: (attribute of a sweep row, plot title) for each plot, in grid order.
PLOTS = (
    ("inertia", "Inertia (↓ tighter)"),
    ("silhouette", "Silhouette (↑ better)"),
    ("calinski_harabasz", "Calinski–Harabasz (↑ better)"),
    ("davies_bouldin", "Davies–Bouldin (↓ better)"),
    ("seconds", "Fit time (s)"),
    ("n_iter", "Lloyd iterations"),
)
SELECT_COLOR = "#2ca02c"
#: A plot narrower or lower than this is unreadable: fewer columns, then scrolling.
PLOT_MIN_WIDTH = 200
PLOT_MIN_HEIGHT = 170


class KSweepView(JobView, QWidget):
    """Plots of inertia, silhouette, Calinski–Harabasz, Davies–Bouldin and time per k.

    Renders the rows it is given (objects with ``k`` and the attributes in :data:`PLOTS`)
    and never fits. Clicking a plot selects the nearest k; the "Use k" button adopts it.

    Signals
    -------
    sweep_requested(list) : the k values to fit, ascending.
    cancel_requested() : the user pressed Cancel.
    k_adopted(int) : the user chose this k for the main clustering.
    """

    sweep_requested = Signal(list)
    cancel_requested = Signal()
    k_adopted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kSweepView")
        self.setAccessibleName("Choosing k: scores for each number of clusters")
        self._rows: list = []
        self._total = 0  # k values the running sweep fits
        self._selected: int | None = None
        self._build_controls()
        self._build_plots()
        self._build_footer()
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._graphics)
        layout = QVBoxLayout(self)
        layout.addWidget(self.job)
        layout.addWidget(self._scroll, stretch=1)
        layout.addLayout(self._footer)
        self.set_running(False)

    # ----------------------------------------------------------------- building
    def _build_controls(self) -> None:
        self._k_from = _spin(MIN_CLUSTERS, MAX_CLUSTERS, 2, "Smallest k")
        self._k_to = _spin(MIN_CLUSTERS, MAX_CLUSTERS, 20, "Largest k")
        self._k_from.valueChanged.connect(self._on_k_from_changed)
        self.job = JobControls(
            "kSweep",
            "Run sweep",
            "Sweep",
            "%v / %m k values",
            "Pick a range of k and press Run.",
            leading=(QLabel("k from"), self._k_from, QLabel("to"), self._k_to),
        )
        self.run_button.clicked.connect(self._on_run_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)

    def _build_plots(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        self._foreground = palette.color(QPalette.ColorRole.Text)
        self._graphics = pg.GraphicsLayoutWidget()
        self._graphics.setBackground(background)
        self._columns = 0
        self._plots: dict[str, pg.PlotItem] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._cursors: dict[str, pg.InfiniteLine] = {}
        for key, title in PLOTS:
            plot = pg.PlotItem(viewBox=pg.ViewBox(enableMenu=False))  # no menu: cheaper
            plot.setTitle(title, color=self._foreground, size="9pt")
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(self._foreground)
                axis.setTextPen(self._foreground)
            plot.setLabel("bottom", "k", color=self._foreground)
            self._curves[key] = plot.plot([], [], **CURVE_STYLE)
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen(SELECT_COLOR, width=1.5))
            cursor.setVisible(False)
            plot.addItem(cursor, ignoreBounds=True)
            self._cursors[key] = cursor
            self._plots[key] = plot
        self._arrange_plots(3)
        # The labels sit beside their star; _place_mark picks the side with room.
        self._elbow_mark = self._make_mark("inertia", anchor=(-0.15, 1.1))
        self._best_mark = self._make_mark("silhouette", anchor=(0.5, 1.3))
        self._graphics.scene().sigMouseClicked.connect(self._on_scene_clicked)

    def columns(self) -> int:
        """How many plots stand side by side (3, 2 or 1, as the width allows)."""
        return self._columns

    def _arrange_plots(self, columns: int) -> None:
        """Lay the plots out ``columns`` wide; the scroll area scrolls what is too tall."""
        if columns == self._columns:
            return
        self._columns = columns
        layout = self._graphics.ci
        for plot in self._plots.values():
            if plot in layout.items:
                layout.removeItem(plot)
        for index, plot in enumerate(self._plots.values()):
            layout.addItem(plot, row=index // columns, col=index % columns)
        rows = -(-len(self._plots) // columns)
        self._graphics.setMinimumHeight(rows * PLOT_MIN_HEIGHT)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        width = event.size().width() - 30  # the margins and a vertical scroll bar
        self._arrange_plots(self._columns_for(width))

    def _columns_for(self, width: int) -> int:
        """The most columns (3 at most) whose plots all fit in ``width`` pixels uncut."""
        needs = [
            max(PLOT_MIN_WIDTH, plot.effectiveSizeHint(Qt.SizeHint.MinimumSize).width())
            for plot in self._plots.values()
        ]
        for columns in (3, 2):
            widths = [max(needs[c::columns]) for c in range(columns)]
            if sum(widths) + 10 * columns <= width:
                return columns
        return 1

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event) and hasattr(self, "_graphics"):
            colors = plot_colors(self)
            self._foreground = colors.foreground
            style_plot_widget(self._graphics, colors)

    def _make_mark(
        self, key: str, anchor: tuple[float, float]
    ) -> tuple[pg.ScatterPlotItem, pg.TextItem]:
        star = pg.ScatterPlotItem(symbol="star", size=18, brush=MARK_COLOR, pen=None)
        text = pg.TextItem(color=MARK_COLOR, anchor=anchor)
        self._plots[key].addItem(star)
        self._plots[key].addItem(text)
        star.setVisible(False)
        text.setVisible(False)
        return star, text

    def _build_footer(self) -> None:
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("kSweepSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setVisible(False)  # until there is something to say
        self.adopt_button = QPushButton("Use k = …")
        self.adopt_button.setObjectName("kSweepAdoptButton")
        self.adopt_button.setToolTip("Refit the main clustering with the selected k")
        self.adopt_button.clicked.connect(self._on_adopt_clicked)
        self._footer = FlowLayout()  # wraps in a narrow tab
        self._footer.add_widget(self.summary_label, stretch=1, keep=STATUS_KEEP)
        self._footer.add_stretch()
        self._footer.add_widget(together(QLabel("Click a plot to select a k."), self.adopt_button))

    # ----------------------------------------------------------------- input
    def k_range(self) -> list[int]:
        """The k values the spin boxes ask for."""
        return list(range(self._k_from.value(), self._k_to.value() + 1))

    def set_k_range(self, low: int, high: int) -> None:
        self._k_from.setValue(low)
        self._k_to.setValue(high)

    @property
    def rows(self) -> tuple:
        """The rows shown, in the order they arrived."""
        return tuple(self._rows)

    @property
    def selected_k(self) -> int | None:
        return self._selected

    def plotted(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The (k, value) points drawn on the plot of ``key`` (e.g. "inertia")."""
        x, y = self._curves[key].getData()
        return (np.array([]), np.array([])) if x is None else (np.asarray(x), np.asarray(y))

    # ----------------------------------------------------------------- output
    def clear(self) -> None:
        self._rows = []
        for curve in self._curves.values():
            curve.setData([], [])
        self.set_marks(None, None)
        self.select_k(None)
        self.progress_bar.reset()

    def add_row(self, row) -> None:
        """Append one k's scores and redraw (rows are kept sorted by k)."""
        self._rows.append(row)
        self.job.set_progress(len(self._rows), max(self._total, len(self._rows)))
        ordered = sorted(self._rows, key=lambda r: r.k)
        ks = np.array([r.k for r in ordered], dtype=np.float64)
        for key, curve in self._curves.items():
            curve.setData(ks, np.array([getattr(r, key) for r in ordered], dtype=np.float64))
            integer_ticks(self._plots[key].getAxis("bottom"), int(ks[0]), int(ks[-1]))

    def set_progress(self, done: int, total: int) -> None:
        """The bar counts the k values plotted, so it agrees with "Cancelled after n k
        values" even when a k finished after Cancel (its row is dropped, not shown)."""
        self._total = total
        self.job.set_progress(min(done, len(self._rows)), total)

    def set_marks(self, elbow_k: int | None, best_k: int | None) -> None:
        """Mark the elbow on the inertia plot and the best silhouette on its plot."""
        self._place_mark(self._elbow_mark, "inertia", elbow_k, "elbow")
        self._place_mark(self._best_mark, "silhouette", best_k, "best")
        parts = []
        if elbow_k is not None:
            parts.append(f"Elbow of the inertia curve at k = {elbow_k}")
        if best_k is not None:
            parts.append(f"highest silhouette at k = {best_k}")
        self.summary_label.setText(" · ".join(parts))
        self.summary_label.setVisible(bool(parts))

    def _place_mark(self, mark, key: str, k: int | None, word: str) -> None:
        star, text = mark
        row = next((r for r in self._rows if r.k == k), None)
        visible = row is not None
        star.setVisible(visible)
        text.setVisible(visible)
        if visible:
            value = getattr(row, key)
            star.setData([k], [value])
            text.setText(f"{word} k={k}")
            text.setPos(k, value)
            # Beside the star, on the side with room: labels at the plot's edge were cut.
            ks = [r.k for r in self._rows]
            right_half = k > (min(ks) + max(ks)) / 2
            text.setAnchor((1.12, 0.5) if right_half else (-0.12, 0.5))

    @Slot(object)
    def select_k(self, k: int | None) -> None:
        """Select ``k`` (a vertical line on every plot) for the "Use k" button."""
        self._selected = k
        for cursor in self._cursors.values():
            cursor.setVisible(k is not None)
            if k is not None:
                cursor.setValue(k)
        self.adopt_button.setEnabled(k is not None)
        self.adopt_button.setText("Use k = …" if k is None else f"Use k = {k}")

    def set_running(self, running: bool) -> None:
        super().set_running(running)
        self._k_from.setEnabled(not running)
        self._k_to.setEnabled(not running)

    # ----------------------------------------------------------------- slots
    @Slot(int)
    def _on_k_from_changed(self, value: int) -> None:
        self._k_to.setMinimum(value)

    @Slot()
    def _on_run_clicked(self) -> None:
        self.sweep_requested.emit(self.k_range())

    @Slot()
    def _on_adopt_clicked(self) -> None:
        if self._selected is not None:
            self.k_adopted.emit(int(self._selected))

    def _on_scene_clicked(self, event) -> None:
        if not self._rows or event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.scenePos()
        for plot in self._plots.values():
            if plot.vb.sceneBoundingRect().contains(position):
                x = plot.vb.mapSceneToView(position).x()
                ks = np.array([r.k for r in self._rows])
                self.select_k(int(ks[np.argmin(np.abs(ks - x))]))
                return


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setAccessibleName(name)
    return spin
