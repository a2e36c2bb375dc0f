"""FitController: Run/Cancel in the parameters panel ↔ the fit worker ↔ AppState."""

from __future__ import annotations

import dataclasses
import math
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering, cluster_dataset
from digitgui.model.config import KMeansConfig, suggested_method
from digitgui.model.dataset import Dataset
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.space import make_space
from digitgui.widgets.metrics_table import format_metric
from digitgui.widgets.params_panel import ParamsPanel
from digitgui.workers.child_fit import ChildRestarts
from digitgui.workers.child_process import run_in_child


def fit_job(
    dataset: Dataset,
    config: KMeansConfig,
    space_name: str,
    progress: ProgressFn,
    should_stop: StopFn,
) -> Clustering:
    """Runs in the worker thread: map, fit and score; touches no widget.

    Large restarts run in a child process that Cancel terminates (:class:`ChildRestarts`),
    and so does fitting an Isomap or spectral-embedding space (:func:`run_in_child`).
    """
    with ChildRestarts() as run_restarts:
        return cluster_dataset(
            dataset,
            config,
            make_space(space_name),
            progress=progress,
            should_stop=should_stop,
            run_restarts=run_restarts,
            run=run_in_child,
        )


def draw_seed() -> int:
    """A fresh random seed for a run without one (fits the seed box: below 2**31)."""
    return int(np.random.default_rng().integers(0, 2**31 - 1))


def progress_text(config: KMeansConfig, n_samples: int, done: int, total: int) -> str:
    """What the progress bar says: restarts for KMeans, passes over the data for
    mini-batch KMeans (which reports chunks of ``batch_size`` samples)."""
    if config.method != "minibatch":
        return f"restart {done} of {total}"
    chunks = max(1, math.ceil(n_samples / max(1, min(config.batch_size, n_samples))))
    return f"pass {math.ceil(done / chunks)} of at most {math.ceil(total / chunks)}"


def finished_text(config: KMeansConfig, n_iter: int) -> str:
    """What the full progress bar says once a fit is shown."""
    if config.method == "minibatch":
        return f"done: {n_iter} pass{'es' if n_iter != 1 else ''} over the data"
    restarts = config.resolved_n_init
    return f"done: best of {restarts} restart{'s' if restarts != 1 else ''}"


class FitController(QObject):
    """Starts fits in ``state.fit_runner`` and hands finished ones to the state.

    ``fit_failed(str)`` carries the message of a fit that raised, for a dialog.
    """

    fit_failed = Signal(str)

    def __init__(self, state: AppState, panel: ParamsPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._panel = panel
        self._config = KMeansConfig()  # of the newest fit: what its progress counts
        self._drawn_seed: int | None = None  # the last seed drawn for "new seed each run"
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
        """Fit the current data set; a fit still running is cancelled (newest wins).

        Without a seed ("new seed each run") one is drawn here and shown in the panel, so
        the fit carries it and can be repeated.
        """
        dataset = self._state.dataset
        if config.random_state is None:
            seed = draw_seed()
            config = dataclasses.replace(config, random_state=seed)
            self._drawn_seed = seed
            self._panel.show_seed_used(seed)
        self._config = config
        self._state.message.emit(
            f"Fitting KMeans (k={config.n_clusters}) on {dataset.n_samples:,} samples…"
        )
        self._state.fit_runner.submit("fit", partial(fit_job, dataset, config, space_name))

    def run_panel(self) -> None:
        """Fit with whatever the panel shows (start-up, new data)."""
        self.run(self._panel.config(), self._panel.space_name())

    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        text = progress_text(self._config, self._state.dataset.n_samples, done, total)
        self._panel.set_progress(done, total, text)

    @Slot(str, object)
    def _on_runner_finished(self, _tag: str, clustering: Clustering) -> None:
        result = clustering.result
        self._state.set_clustering(clustering)
        config = result.config
        minibatch = config.method == "minibatch"
        how = " with mini-batch KMeans" if minibatch else ""
        steps = "passes" if minibatch else "iterations"
        notes = " ".join(clustering.evaluation.notes)
        seed = f", seed {config.random_state}" if config.random_state is not None else ""
        self._panel.show_finished(finished_text(config, result.n_iter))
        self._state.message.emit(
            f"Fitted k={result.n_clusters}{how} in {result.seconds:.2f} s, {result.n_iter} "
            f"{steps}, inertia {format_metric(result.inertia)}{seed}. {notes}".strip()
        )

    @Slot(str, str)
    def _on_runner_failed(self, _tag: str, message: str) -> None:
        self._panel.show_error(f"The fit failed: {message}")
        self._panel.progress.setFormat("failed")
        self._state.message.emit("The fit failed")
        self.fit_failed.emit(message)

    @Slot(str)
    def _on_runner_cancelled(self, _tag: str) -> None:
        self._panel.progress.setFormat("cancelled")
        self._state.message.emit("Fit cancelled; showing the previous result")

    @Slot(object)
    def _on_state_config_adopted(self, config: KMeansConfig) -> None:
        if self._drawn_seed is not None and config.random_state == self._drawn_seed:
            # The seed was drawn for "new seed each run": keep drawing them.
            config = dataclasses.replace(config, random_state=None)
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
