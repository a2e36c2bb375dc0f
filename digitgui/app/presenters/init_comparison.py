"""Method comparison: wires InitComparison to AppState and a worker running ``compare_inits``."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.dataset import Dataset
from digitgui.widgets.init_comparison import InitComparison
from digitgui.workers.child_jobs import compare_inits_shared
from digitgui.workers.child_process import run_in_child
from digitgui.workers.shared_array import SharedArray

TITLE = "Initialisations"
TAG = "compare-inits"


class InitComparisonPresenter(BackgroundPresenter):
    """Runs the benchmark on the current data set and shows its rows."""

    new_data_status = "New data loaded: run the comparison again."

    def __init__(self, state: AppState, view: InitComparison) -> None:
        super().__init__(state, view, "initComparison")
        view.run_requested.connect(self._on_view_run_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)

    @Slot()
    def _on_view_run_requested(self) -> None:
        dataset = self._state.dataset
        if dataset.target is None:
            self._view.set_status("This data set has no true labels to compare against.")
            return
        # As in the example: k is the number of distinct true labels.
        n_clusters = int(np.unique(dataset.target).size)
        # Its PCA-based set-up takes k components; the silhouette needs k below n.
        most = min(dataset.n_samples - 1, dataset.n_features)
        if not 2 <= n_clusters <= most:
            self._view.set_status(
                f"This comparison uses one cluster per true label: {n_clusters:,} labels, "
                f"but this data allows 2 to {most} ({dataset.n_samples:,} samples × "
                f"{dataset.n_features} features)."
            )
            return
        self._view.clear()
        self._view.set_progress(0, 6)
        self._view.set_status(f"Fitting 6 set-ups with k = {n_clusters}…")
        self.submit(TAG, partial(compare_job, dataset, n_clusters))

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.cancel()
        self._view.set_status("Cancelling after the current fit…")

    def show_result(self, rows: list[dict]) -> None:
        self._view.set_rows(rows)
        seconds = sum(row["seconds"] for row in rows)
        self._view.set_status(f"Done: 6 fits, {seconds:.2f} s of fitting.")


def compare_job(dataset: Dataset, n_clusters: int, progress, should_stop) -> list[dict]:
    """Runs in the worker thread; the six fits run in a child process.

    Each row is a whole scikit-learn ``KMeans`` fit with no cancel point inside (long on
    big data): in a child process, Cancel and closing the window stop it at once. The
    child reads the data from shared memory: pickling them to it (439 MB at 70,000 × 784)
    would hold the GIL for seconds, with no way to cancel meanwhile.
    """
    with SharedArray(dataset.data, should_stop) as shared:
        return run_in_child(
            compare_inits_shared,
            shared.name,
            shared.shape,
            dataset.target,
            n_clusters,
            progress=progress,
            should_stop=should_stop,
        )


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Initialisations" tab: its title and its view, wired to ``state``."""
    view = InitComparison()
    InitComparisonPresenter(state, view)
    return TITLE, view
