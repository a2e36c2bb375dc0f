"""Stability: wires StabilityView to AppState and a worker running ``seed_stability``."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.k_sweep import current_inputs
from digitgui.app.state import AppState
from digitgui.model.stability import seed_stability
from digitgui.widgets.stability_view import StabilityView

TITLE = "Stability"
TAG = "stability"


class StabilityPresenter(QObject):
    """Refits the current parameters with several seeds and shows how the answers agree."""

    def __init__(self, state: AppState, view: StabilityView) -> None:
        super().__init__(view)
        self._state = state
        self._view = view
        self.runner = state.make_runner("stability")
        self._dataset = state.dataset  # the data set of the newest run
        view.run_requested.connect(self._on_view_run_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        self.runner.progress.connect(self._on_runner_progress)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        state.dataset_changed.connect(self._on_state_dataset_changed)

    @Slot(int)
    def _on_view_run_requested(self, n_seeds: int) -> None:
        data, config = current_inputs(self._state)
        dataset = self._dataset = self._state.dataset
        self._view.clear()
        self._view.set_running(True)
        self._view.set_progress(0, n_seeds)
        self._view.set_status(
            f"Fitting k = {config.n_clusters} ({config.init}, n_init={config.n_init}) "
            f"with seeds 0…{n_seeds - 1}…"
        )

        def job(progress, should_stop):
            # Runs in the worker thread.
            report = seed_stability(
                data, config, n_seeds, progress=progress, should_stop=should_stop
            )
            return dataset, report

        self.runner.submit(TAG, job)

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.runner.cancel()
        self._view.set_status("Cancelling after the current seed…")

    @Slot(str, int, int)
    def _on_runner_progress(self, tag: str, done: int, total: int) -> None:
        self._view.set_progress(done, total)

    @Slot(str, object)
    def _on_runner_finished(self, tag: str, payload: object) -> None:
        dataset, report = payload
        self._view.set_running(False)
        if dataset is not self._state.dataset:
            return  # fitted on data that has since been replaced
        self._view.set_report(report)
        self._view.set_status(f"Done: {len(report.seeds)} seeds.")

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        self._view.set_running(False)
        self._view.set_status(f"Failed: {message}")

    @Slot(str)
    def _on_runner_cancelled(self, tag: str) -> None:
        self._view.set_running(False)
        if self._dataset is self._state.dataset:
            self._view.set_status("Cancelled.")

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: object) -> None:
        self.runner.cancel()
        self._view.clear()
        self._view.set_status("New data loaded: run again.")


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Stability" tab: its title and its view, wired to ``state``."""
    view = StabilityView()
    StabilityPresenter(state, view)
    return TITLE, view
