"""Choosing k: wires KSweepView to AppState and a worker that fits one k at a time.

Threading: the sweep is a generator job run in the runner's worker thread; each k's
:class:`SweepRow` is yielded as soon as it is scored and reaches :meth:`show_partial` on
the GUI thread through the runner's ``partial`` signal. Rows of an older, cancelled or
replaced sweep never arrive (the runner drops them).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Generator, Sequence

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.sweep import SweepRow, best_k_by_silhouette, elbow_k, sweep_k
from digitgui.widgets.k_sweep_view import KSweepView
from digitgui.workers.child_fit import ChildRestarts

TITLE = "Choosing k"
TAG = "k-sweep"


def current_inputs(state: AppState) -> tuple[np.ndarray, KMeansConfig]:
    """What the main clustering fits (its feature-space data) and its parameters.

    Falls back to the raw data and the default parameters before the first fit.
    """
    clustering = state.clustering
    if clustering is not None and clustering.dataset is state.dataset:
        return clustering.features, clustering.result.config
    return state.dataset.data, KMeansConfig()


class KSweepPresenter(BackgroundPresenter):
    """Runs sweeps for the view, shows rows as they arrive, adopts the chosen k."""

    new_data_status = "New data loaded: run the sweep again."

    def __init__(self, state: AppState, view: KSweepView) -> None:
        super().__init__(state, view, "kSweep")
        self._rows: list[SweepRow] = []
        view.sweep_requested.connect(self._on_view_sweep_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        view.k_adopted.connect(self._on_view_k_adopted)

    @Slot(list)
    def _on_view_sweep_requested(self, ks: list) -> None:
        data, config = current_inputs(self._state)
        asked = len(ks)
        ks = [k for k in ks if k < len(data)]  # each k needs more samples than clusters
        if not ks:
            self._view.set_status(f"This data has {len(data)} samples: a sweep needs k below that.")
            return
        if len(ks) < asked:
            self._state.message.emit(
                f"{TITLE}: k up to {ks[-1]} (the data has {len(data)} samples)"
            )
        self._rows = []
        self._view.clear()
        self._view.set_progress(0, len(ks))
        self._view.set_status(f"Fitting k = {ks[0]}…{ks[-1]} ({config.init})…")
        self.submit(TAG, functools.partial(sweep_rows, data, ks, config))

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self.cancel()  # rows already on their way are dropped by the runner
        self._view.set_status("Cancelling after the current k…")

    @Slot(int)
    def _on_view_k_adopted(self, k: int) -> None:
        _, config = current_inputs(self._state)
        self._state.adopt_config(dataclasses.replace(config, n_clusters=int(k)))
        self._state.message.emit(f"Refitting with k = {k} (chosen in {TITLE})")

    def show_partial(self, row: SweepRow) -> None:
        self._rows.append(row)
        self._view.add_row(row)
        self._view.set_marks(elbow_k(self._rows), best_k_by_silhouette(self._rows))

    def show_result(self, rows: list[SweepRow]) -> None:
        seconds = sum(row.seconds for row in rows)
        self._view.set_status(f"Done: {len(rows)} k values, {seconds:.1f} s of fitting.")
        elbow = elbow_k(rows)
        if self._view.selected_k is None and elbow is not None:
            self._view.select_k(elbow)

    def cancelled_status(self) -> str:
        return f"Cancelled after {len(self._rows)} k values."

    def show_new_data(self, dataset) -> None:
        self._rows = []
        super().show_new_data(dataset)


def sweep_rows(
    data: np.ndarray,
    ks: Sequence[int],
    config: KMeansConfig,
    progress: ProgressFn,
    should_stop: StopFn,
) -> Generator[SweepRow, None, list[SweepRow]]:
    """Runs in the worker thread: :func:`sweep_k` one k at a time, yielding each row.

    Each k is an independent fit, so the rows equal ``sweep_k(data, ks, config)``. Large
    restarts run in a child process that Cancel terminates, all reading one shared copy
    of the data (:class:`ChildRestarts`).
    """
    rows: list[SweepRow] = []
    with ChildRestarts() as run_restarts:
        for k in ks:
            (row,) = sweep_k(data, [k], config, should_stop=should_stop, run_restarts=run_restarts)
            rows.append(row)
            progress(len(rows), len(ks))
            yield row
    return rows


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Choosing k" tab: its title and its view, wired to ``state``."""
    view = KSweepView()
    KSweepPresenter(state, view)
    return TITLE, view
