"""Stability: wires StabilityView to AppState and a worker running ``seed_stability``."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.presenters.k_sweep import current_inputs
from digitgui.app.state import AppState
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.stability import StabilityReport, seed_stability
from digitgui.widgets.stability_view import StabilityView
from digitgui.workers.child_fit import ChildRestarts

TITLE = "Stability"
TAG = "stability"


class StabilityPresenter(BackgroundPresenter):
    """Refits the current parameters with several seeds and shows how the answers agree."""

    def __init__(self, state: AppState, view: StabilityView) -> None:
        super().__init__(state, view, "stability")
        view.run_requested.connect(self._on_view_run_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)

    @Slot(int)
    def _on_view_run_requested(self, n_seeds: int) -> None:
        data, config = current_inputs(self._state)
        if config.n_clusters > len(data):
            # Before the first fit of new data the defaults (k = 10) are tested: five
            # samples failed with an error; the fit coming will bring a k that fits.
            self._view.set_status(
                f"k = {config.n_clusters} needs at least {config.n_clusters} samples; this "
                f"data has {len(data)}. Wait for the current fit to finish, then run."
            )
            return
        self._view.clear()
        self._view.set_progress(0, n_seeds)
        self._view.set_status(
            f"Fitting k = {config.n_clusters} ({config.init}, n_init={config.n_init}) "
            f"with seeds 0…{n_seeds - 1}…"
        )
        self.submit(TAG, partial(stability_job, data, config, n_seeds))

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.cancel()
        self._view.set_status("Cancelling after the current seed…")

    def show_result(self, report: StabilityReport) -> None:
        self._view.set_report(report)
        self._view.set_status(f"Done: {len(report.seeds)} seeds.")


def stability_job(
    data: np.ndarray,
    config: KMeansConfig,
    n_seeds: int,
    progress: ProgressFn,
    should_stop: StopFn,
) -> StabilityReport:
    """Runs in the worker thread: :func:`seed_stability`, large restarts in a child
    process that Cancel terminates (:class:`ChildRestarts`)."""
    with ChildRestarts() as run_restarts:
        return seed_stability(
            data,
            config,
            n_seeds,
            progress=progress,
            should_stop=should_stop,
            run_restarts=run_restarts,
        )


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Stability" tab: its title and its view, wired to ``state``."""
    view = StabilityView()
    StabilityPresenter(state, view)
    return TITLE, view
