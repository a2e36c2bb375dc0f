"""FitController: Run/Cancel in the parameters panel ↔ the fit worker ↔ AppState."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal, Slot

from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering, cluster_dataset
from digitgui.model.config import KMeansConfig, suggested_method
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.space import make_space
from digitgui.widgets.params_panel import ParamsPanel


def fit_job(
    dataset: Dataset,
    config: KMeansConfig,
    space_name: str,
    progress: ProgressFn,
    should_stop: StopFn,
) -> Clustering:
    """Runs in the worker thread: map, fit and score; touches no widget."""
    return cluster_dataset(
        dataset, config, make_space(space_name), progress=progress, should_stop=should_stop
    )


class FitController(QObject):
    """Starts fits in ``state.fit_runner`` and hands finished ones to the state.

    ``fit_failed(str)`` carries the message of a fit that raised, for a dialog.
    """

    fit_failed = Signal(str)

    def __init__(self, state: AppState, panel: ParamsPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._panel = panel
        runner = state.fit_runner
        panel.run_requested.connect(self.run)
        panel.cancel_requested.connect(runner.cancel)
        runner.busy_changed.connect(panel.set_busy)
        runner.progress.connect(self._on_runner_progress)
        runner.finished.connect(self._on_runner_finished)
        runner.failed.connect(self._on_runner_failed)
        runner.cancelled.connect(self._on_runner_cancelled)
        state.config_adopted.connect(self._on_state_config_adopted)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @Slot(object, str)
    def run(self, config: KMeansConfig, space_name: str = "Raw pixels") -> None:
        """Fit the current data set; a fit still running is cancelled (newest wins)."""
        dataset = self._state.dataset
        self._state.message.emit(
            f"Fitting KMeans (k={config.n_clusters}) on {dataset.n_samples:,} samples…"
        )
        self._state.fit_runner.submit("fit", partial(fit_job, dataset, config, space_name))

    def run_panel(self) -> None:
        """Fit with whatever the panel shows (start-up, new data)."""
        self.run(self._panel.config(), self._panel.space_name())

    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        self._panel.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, clustering: Clustering) -> None:
        result = clustering.result
        self._state.set_clustering(clustering)
        how = " with mini-batch KMeans" if result.config.method == "minibatch" else ""
        steps = "passes" if result.config.method == "minibatch" else "iterations"
        notes = " ".join(clustering.evaluation.notes)
        self._state.message.emit(
            f"Fitted k={result.n_clusters}{how} in {result.seconds:.2f} s, {result.n_iter} "
            f"{steps}, inertia {result.inertia:,.0f}. {notes}".strip()
        )

    @Slot(str, str)
    def _on_runner_failed(self, _tag: str, message: str) -> None:
        self._panel.show_error(f"The fit failed: {message}")
        self._state.message.emit("The fit failed")
        self.fit_failed.emit(message)

    @Slot(str)
    def _on_runner_cancelled(self, _tag: str) -> None:
        self._panel.progress.setFormat("cancelled")
        self._state.message.emit("Fit cancelled; showing the previous result")

    @Slot(object)
    def _on_state_config_adopted(self, config: KMeansConfig) -> None:
        self._panel.set_config(config)
        self.run(config, self._panel.space_name())

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: Dataset) -> None:
        method = suggested_method(dataset.n_samples, dataset.n_features)
        self._panel.set_method(method)
        if method == "minibatch":
            self._state.message.emit(
                f"{dataset.n_samples:,} samples × {dataset.n_features}: using mini-batch KMeans "
                "(fast, approximate); choose “KMeans (exact)” under Method to change that"
            )
        self.run_panel()
