"""Algorithm comparison: runs each algorithm as one background job, rows as they finish.

One job per algorithm, submitted one after the other: a row appears when its job
finishes, and Cancel stops the current one from being shown and the rest from starting.
"Show this clustering" turns a row's labels into a :class:`Clustering` (scored in the
worker: the silhouette is O(n²)) and hands it to the state like any finished fit.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.algorithms import (
    ALGORITHMS,
    AlgorithmRow,
    row_from_plain,
    run_algorithm_plain,
)
from digitgui.model.clustering import Clustering, clustering_from_labels
from digitgui.model.jobs import check_cancel
from digitgui.widgets.algorithm_comparison import AlgorithmComparison
from digitgui.workers.child_process import run_in_child

TITLE = "Algorithms"


def algorithm_job(name: str, source: Clustering, progress, should_stop) -> AlgorithmRow:
    """Runs in the worker thread: one algorithm on the features ``source`` clustered.

    The fit runs in a child process: it has no cancel point and can take minutes
    (HDBSCAN, ward linkage on ten thousand samples); Cancel and closing end it at once.
    """
    check_cancel(should_stop)
    target, config = source.dataset.target, source.result.config
    seed = 0 if config.random_state is None else config.random_state  # the panel's seed
    k = source.result.n_clusters
    plain = run_in_child(
        run_algorithm_plain,
        name,
        source.features,
        target,
        k,
        seed,
        progress=progress,
        should_stop=should_stop,
    )
    check_cancel(should_stop)
    return row_from_plain(plain)


def show_job(row: AlgorithmRow, source: Clustering, progress, should_stop) -> Clustering:
    """Runs in the worker thread: the row's labels as a scored clustering."""
    assert row.labels is not None  # rows without labels cannot be shown (see _has_labels)
    return clustering_from_labels(
        source.dataset,
        source.space,
        source.features,
        row.labels,
        method=row.code,
        seconds=row.seconds,
    )


class AlgorithmComparisonPresenter(BackgroundPresenter):
    """Runs :data:`ALGORITHMS` in order on the current clustering's features and k."""

    new_data_status = "New data loaded: run the comparison again."

    def __init__(self, state: AppState, view: AlgorithmComparison) -> None:
        super().__init__(state, view, "algorithmComparison")
        self._pending: list[str] = []
        self._source: Clustering | None = None  # whose features and k the rows use
        self._showing: AlgorithmRow | None = None  # the row asked to be shown last
        view.run_requested.connect(self._on_view_run_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        view.show_requested.connect(self._on_view_show_requested)

    @Slot()
    def _on_view_run_requested(self) -> None:
        source = self._state.clustering
        if source is None:
            self._view.set_status("Wait for the current fit to finish, then run.")
            return
        self._source = source
        self._pending = list(ALGORITHMS)
        self._view.clear()
        self._next()

    def _next(self) -> None:
        done = len(ALGORITHMS) - len(self._pending)
        self._view.set_progress(done, len(ALGORITHMS))
        if not self._pending:
            seconds = sum(row.seconds for row in self._view.rows)
            self._view.set_status(f"Done: {done} algorithms, {seconds:.2f} s of fitting.")
            return
        name = self._pending.pop(0)
        source = self._source
        assert source is not None  # set before the first _next()
        k = source.result.n_clusters
        self._view.set_status(f"Running {name} (k = {k}, {source.space.name})…")
        self.submit(f"algorithm:{name}", partial(algorithm_job, name, source), source.dataset)

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self._pending = []
        self.cancel()

    @Slot(int)
    def _on_view_show_requested(self, index: int) -> None:
        rows = self._view.rows
        if self._source is None or not 0 <= index < len(rows) or rows[index].labels is None:
            return
        if self.runner.busy:
            self._view.set_status("Wait for the comparison to finish (or cancel it) first.")
            return
        row = rows[index]
        self._showing = row
        self._view.set_status(f"Scoring {row.name}'s clusters…")
        self.submit(f"show:{row.name}", partial(show_job, row, self._source), self._source.dataset)

    def show_result(self, payload: object) -> None:
        if isinstance(payload, Clustering):
            self._state.set_clustering(payload)
            self._view.set_status(
                f"Showing {payload.method}'s {payload.result.n_clusters} clusters in the "
                "other views; the next KMeans fit replaces them."
            )
            self._state.message.emit(shown_text(payload, self._showing))
            return
        self._view.add_row(payload)
        self._next()

    def cancelled_status(self) -> str:
        return f"Cancelled after {len(self._view.rows)} of {len(ALGORITHMS)} algorithms."


def shown_text(clustering: Clustering, row: AlgorithmRow | None) -> str:
    """What the status bar says once another algorithm's clusters are shown."""
    k = clustering.result.n_clusters
    name = row.name if row is not None else clustering.method
    noise = f", the last one its {row.noise} noise points" if row is not None and row.noise else ""
    return f"Showing {name}: {k} clusters{noise} ({clustering.method}), from the Algorithms tab"


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Algorithms" tab: its title and its view, wired to ``state``."""
    view = AlgorithmComparison()
    AlgorithmComparisonPresenter(state, view)
    return TITLE, view
