"""Choosing k: wires KSweepView to AppState and a worker that runs ``sweep_k``.

Threading: ``sweep_k`` runs in the runner's worker thread and reports each finished k
through ``on_row``. That callback only emits ``_RowRelay.row_ready``; the relay was
created in (and so belongs to) the GUI thread, so Qt queues the emission and
``_on_relay_row`` runs on the GUI thread. Every sweep gets a fresh token; a row whose
token is not the current one (an older or cancelled sweep) is dropped there.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.config import KMeansConfig
from digitgui.model.sweep import SweepRow, best_k_by_silhouette, elbow_k, sweep_k
from digitgui.widgets.k_sweep_view import KSweepView

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


class _RowRelay(QObject):
    """Carries rows from the worker thread to the GUI thread (queued connection)."""

    row_ready = Signal(int, object)  # sweep token, SweepRow


class KSweepPresenter(BackgroundPresenter):
    """Runs sweeps for the view, forwards rows as they arrive, adopts the chosen k."""

    new_data_status = "New data loaded: run the sweep again."

    def __init__(self, state: AppState, view: KSweepView) -> None:
        super().__init__(state, view, "kSweep")
        self._relay = _RowRelay(self)
        self._tokens = itertools.count(1)
        self._token = 0  # rows of any other token are dropped
        self._rows: list[SweepRow] = []
        view.sweep_requested.connect(self._on_view_sweep_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        view.k_adopted.connect(self._on_view_k_adopted)
        self._relay.row_ready.connect(self._on_relay_row)

    @Slot(list)
    def _on_view_sweep_requested(self, ks: list) -> None:
        data, config = current_inputs(self._state)
        self._token = token = next(self._tokens)
        self._rows = []
        self._view.clear()
        self._view.set_progress(0, len(ks))
        self._view.set_status(f"Fitting k = {ks[0]}…{ks[-1]} ({config.init})…")
        emit_row = functools.partial(self._relay.row_ready.emit, token)
        self.submit(TAG, functools.partial(_sweep_job, token, data, ks, config, emit_row))

    @Slot()
    def _on_view_cancel_requested(self) -> None:
        self._token = 0  # rows already queued are not shown
        self.cancel()
        self._view.set_status("Cancelling after the current k…")

    @Slot(int)
    def _on_view_k_adopted(self, k: int) -> None:
        _, config = current_inputs(self._state)
        self._state.adopt_config(dataclasses.replace(config, n_clusters=int(k)))
        self._state.message.emit(f"Refitting with k = {k} (chosen in {TITLE})")

    @Slot(int, object)
    def _on_relay_row(self, token: int, row: SweepRow) -> None:
        if token != self._token or self._dataset is not self._state.dataset:
            return
        self._rows.append(row)
        self._view.add_row(row)
        self._view.set_marks(elbow_k(self._rows), best_k_by_silhouette(self._rows))

    def show_result(self, payload: tuple) -> None:
        token, rows = payload
        if token != self._token:  # Cancel came after the last k had started
            self._view.set_status(self.cancelled_status())
            return
        seconds = sum(row.seconds for row in rows)
        self._view.set_status(f"Done: {len(rows)} k values, {seconds:.1f} s of fitting.")
        elbow = elbow_k(rows)
        if self._view.selected_k is None and elbow is not None:
            self._view.select_k(elbow)

    def cancelled_status(self) -> str:
        return f"Cancelled after {len(self._rows)} k values."

    @Slot(object)
    def _on_state_dataset_changed(self, dataset: object) -> None:
        self._token = 0
        self._rows = []
        super()._on_state_dataset_changed(dataset)


def _sweep_job(token, data, ks, config, on_row, progress, should_stop) -> tuple:
    """Runs in the worker thread: touches no widget, only emits rows through the relay."""
    rows = sweep_k(data, ks, config, progress=progress, should_stop=should_stop, on_row=on_row)
    return token, rows


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Choosing k" tab: its title and its view, wired to ``state``."""
    view = KSweepView()
    KSweepPresenter(state, view)
    return TITLE, view
