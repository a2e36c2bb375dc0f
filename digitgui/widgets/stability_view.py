"""StabilityView: how much KMeans' answer depends on the random seed."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitgui.widgets.job_controls import JobControls, JobView
from digitgui.widgets.palette import is_palette_change, plot_colors, style_figure

ANNOTATE_UP_TO = 12  # write the ARI in each cell up to this many seeds …
ANNOTATION_POINTS = 7.0  # … in this font size, or smaller to fit the cells, …
ANNOTATION_MIN_POINTS = 5.0  # … but not smaller than this
#: A canvas narrower than this (pixels) puts the bar chart below the matrix, not beside.
STACK_BELOW = 600


class StabilityView(JobView, QWidget):
    """ARI between the partitions of several seeds, inertia per seed, and a summary.

    Renders a report object (``seeds``, ``inertia``, ``ari``, ``mean_ari``, ``std_ari``,
    ``min_inertia``, ``max_inertia``, ``best_seed``, ``n_partitions``); never fits.

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
        self.figure = Figure(figsize=(9, 4), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(300)
        self.canvas.installEventFilter(self)  # a narrow canvas stacks the two plots
        self._stacked = False
        self.canvas.mpl_connect("draw_event", self._on_figure_drawn)  # sizes the cell texts
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("stabilitySummary")
        self.summary_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.job)
        layout.addWidget(self.canvas, stretch=1)
        layout.addWidget(self.summary_label)
        self.set_running(False)
        self.clear()

    @property
    def report(self):
        """The report shown, or None."""
        return self._report

    def clear(self) -> None:
        self._report = None
        self.figure.clear()
        style_figure(self.figure, plot_colors(self))
        self.canvas.draw()  # now: a deferred draw can outlive the widget
        self.summary_label.setText("")
        self.progress_bar.reset()

    def set_report(self, report) -> None:
        """Draw the ARI matrix and the inertia of each seed, and summarise them."""
        self._report = report
        self.figure.clear()
        self._stacked = self.canvas.width() < STACK_BELOW
        if self._stacked:
            heat_axes, bar_axes = self.figure.subplots(2, 1, height_ratios=(1.3, 1))
        else:
            heat_axes, bar_axes = self.figure.subplots(1, 2, width_ratios=(1, 1.3))
        self._draw_matrix(heat_axes, report)
        self._draw_inertia(bar_axes, report)
        style_figure(self.figure, plot_colors(self))
        self.canvas.draw()  # now: a deferred draw can outlive the widget
        self.summary_label.setText(summary_text(report))

    def _draw_matrix(self, axes, report) -> None:
        ari = np.asarray(report.ari)
        m = len(report.seeds)
        image = axes.imshow(ari, vmin=min(0.0, float(ari.min())), vmax=1.0, cmap="viridis")
        labels = [str(seed) for seed in report.seeds]
        step = max(1, m // 12)  # at most about 12 tick labels per axis
        ticks = np.arange(0, m, step)
        axes.set_xticks(ticks, [labels[i] for i in ticks], fontsize=8)
        axes.set_yticks(ticks, [labels[i] for i in ticks], fontsize=8)
        axes.set_xlabel("seed", fontsize=9)
        axes.set_ylabel("seed", fontsize=9)
        axes.set_title("Adjusted Rand index between seeds", fontsize=10)
        self.figure.colorbar(image, ax=axes, shrink=0.8).ax.tick_params(labelsize=8)
        if m <= ANNOTATE_UP_TO:
            for i in range(m):
                for j in range(m):
                    colour = "black" if ari[i, j] > 0.6 else "white"
                    axes.text(  # sized to the cells once drawn: _on_figure_drawn
                        j, i, f"{ari[i, j]:.2f}", ha="center", va="center", color=colour
                    ).set_fontsize(ANNOTATION_POINTS)

    def _on_figure_drawn(self, _event) -> None:
        """After each draw: size the ARI written in each cell to the cell as just laid
        out ("0.72" is about 2.2 font sizes wide), or hide them when too small to read,
        and draw again if that changed. Cells change with the canvas' size and the
        number of seeds.

        The constrained layout of a square image is not quite the same from one draw to
        the next (cells come out up to 15 % larger or smaller), so the text fills 80 %
        of the cell and is changed only when it would not fit or is much smaller than
        it could be: the second draw does not ask for a third.
        """
        axes = self.figure.axes[0] if self.figure.axes else None
        if axes is None or not axes.texts:
            return
        m = round(len(axes.texts) ** 0.5)  # one text per cell of the m × m matrix
        cell_points = axes.get_window_extent().width / m * 72 / self.figure.dpi
        fits = cell_points * 0.95 / 2.2
        size = min(ANNOTATION_POINTS, cell_points * 0.8 / 2.2)
        shown = size >= ANNOTATION_MIN_POINTS  # else the colours say it
        now = axes.texts[0].get_fontsize()
        if shown == axes.texts[0].get_visible() and now <= fits and now >= 0.7 * size:
            return
        for text in axes.texts:
            text.set_fontsize(size)
            text.set_visible(shown)
        self.canvas.draw_idle()

    def _draw_inertia(self, axes, report) -> None:
        inertia = np.asarray(report.inertia)
        positions = np.arange(len(inertia))
        colours = ["#d62728" if seed == report.best_seed else "#1f77b4" for seed in report.seeds]
        axes.bar(positions, inertia, color=colours)
        # Bars start at 0: a cut axis would make a 0.1 % difference look tenfold.
        axes.set_ylim(0.0, max(float(inertia.max()), 1e-12) * 1.08)
        step = max(1, len(inertia) // 12)
        axes.set_xticks(positions[::step], [str(s) for s in report.seeds[::step]], fontsize=8)
        axes.tick_params(axis="y", labelsize=8)
        axes.set_xlabel("seed", fontsize=9)
        axes.set_title("Final inertia per seed (red: lowest)", fontsize=10)
        axes.ticklabel_format(axis="y", style="sci", scilimits=(-3, 4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            watched is self.canvas
            and event.type() == QEvent.Type.Resize
            and self._report is not None
            and (self.canvas.width() < STACK_BELOW) != self._stacked
        ):
            self.set_report(self._report)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if is_palette_change(event) and hasattr(self, "figure"):
            if self._report is not None:
                self.set_report(self._report)
            else:
                style_figure(self.figure, plot_colors(self))
                self.canvas.draw()

    def set_running(self, running: bool) -> None:
        super().set_running(running)
        self.seeds_spin.setEnabled(not running)

    @Slot()
    def _on_run_clicked(self) -> None:
        self.run_requested.emit(self.seeds_spin.value())


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
