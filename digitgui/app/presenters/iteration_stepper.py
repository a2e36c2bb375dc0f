"""Algorithm step by step: traces the current clustering's fit in a worker thread.

A new clustering (or the Trace button) records every Lloyd iteration of the restart
KMeans kept, so the last step shown is exactly the clustering the other views show.

Two kinds of clustering are traced only on request ("Trace the steps"), never by
themselves after a fit:

- large ones (samples × features × clusters of one restart at least
  :data:`AUTO_TRACE_WORK`, the size from which the trace runs in a child process): the
  trace repeats the whole fit step by step, minutes of CPU at 70,000 × 784;
- ones the trace would not reproduce: a mini-batch fit (or another algorithm's clusters)
  has no Lloyd steps; the trace is of exact KMeans with the same k, init and seed, and
  the tab says how well its final partition agrees with the one shown (adjusted Rand).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from digitgui.app.presenters.background import BackgroundPresenter
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset
from digitgui.model.space import RawPixels
from digitgui.widgets.iteration_stepper import IterationStepper
from digitgui.workers.child_fit import CHILD_WORK, restart_work, trace_kept_restart_stoppable

TITLE = "Step by step"
TAG = "trace"
#: From this work of one restart (samples × features × clusters) on, the tab traces only
#: on request: the size from which the trace runs in a child process (see ``CHILD_WORK``;
#: the digits are 1.2 million at k = 10, 5.8 million at k = 50, and trace by themselves).
AUTO_TRACE_WORK = CHILD_WORK
WAITING_STATUS = "Not traced yet: press Trace the steps."


class IterationStepperPresenter(BackgroundPresenter):
    """Computes a trace for each new clustering and hands it to the view."""

    def __init__(self, state: AppState, view: IterationStepper) -> None:
        super().__init__(state, view, "iterationStepper")
        view.trace_requested.connect(self._on_view_trace_requested)
        view.cancel_requested.connect(self.cancel)
        state.clustering_changed.connect(self._on_state_clustering_changed)
        if state.clustering is not None:
            self.trace_or_offer(state.clustering)
        else:
            view.set_status("Waiting for the first clustering…")

    def trace_or_offer(self, clustering: Clustering) -> None:
        """Trace ``clustering`` now if it is small and exact KMeans, else offer the trace."""
        if wait_reason(clustering) is None:
            self._view.show_request(None)
            self.trace(clustering)
        else:
            self.runner.cancel()  # newest wins: a trace of the clustering before is moot
            self._view.clear()
            self.offer(clustering)

    def offer(self, clustering: Clustering) -> None:
        """Show why ``clustering`` is traced only on request, and the button that does it."""
        reason = wait_reason(clustering) or ""
        self._view.show_request(reason, work_estimate(clustering))
        self._view.set_progress(0, most_steps(clustering.result.config))
        self._view.set_status(WAITING_STATUS)

    def trace(self, clustering: Clustering) -> None:
        """Record every iteration of ``clustering``'s fit, in the background."""
        config = clustering.result.config
        self._view.set_progress(0, most_steps(config))
        exact = "" if is_exact_kmeans(clustering) else "exact KMeans, "
        self._view.set_status(f"Tracing {exact}k = {config.n_clusters} ({config.init})…")
        self._view.show_request(None)
        self.submit(TAG, partial(_trace_job, clustering), clustering.dataset)

    @Slot()
    def _on_view_trace_requested(self) -> None:
        clustering = self._state.clustering
        if clustering is None or clustering.dataset is not self._state.dataset:
            self._view.set_status("No clustering to trace yet.")
            return
        self.trace(clustering)

    @Slot(object)
    def _on_state_clustering_changed(self, clustering: Clustering) -> None:
        self.trace_or_offer(clustering)

    @Slot(str)
    def _on_runner_cancelled(self, tag: str) -> None:
        super()._on_runner_cancelled(tag)
        self._offer_again()

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        super()._on_runner_failed(tag, message)
        self._offer_again()

    def _offer_again(self) -> None:
        """After a cancelled or failed trace, the button again (status kept)."""
        clustering = self._state.clustering
        if self.runner.busy or clustering is None or not self.is_current(clustering.dataset):
            return
        if wait_reason(clustering) is not None:
            self._view.show_request(wait_reason(clustering) or "", work_estimate(clustering))

    def view_progress(self, done: int, total: int) -> None:
        if not self._view.request_shown:  # else the last word of a trace no longer wanted
            super().view_progress(done, total)

    def cancelled_status(self) -> str:
        if self._view.request_shown:  # cancelled because a new clustering was offered
            return WAITING_STATUS
        return "Cancelled."

    def show_new_data(self, dataset: Dataset) -> None:
        self._view.show_request(None)
        super().show_new_data(dataset)

    def show_result(self, payload: tuple) -> None:
        clustering: Clustering
        clustering, trace, value_max, agreement = payload
        if clustering is not self._state.clustering:
            return  # finished just as a newer clustering replaced it (newest wins)
        dataset = clustering.dataset
        config = clustering.result.config
        restarts = config.resolved_n_init
        kept = f"restart {trace.restart + 1} of {restarts} (the one KMeans kept)"
        status = (
            f"k = {config.n_clusters}, {config.init}, seed {config.random_state}: "
            f"{trace.n_steps} iterations, {kept if restarts > 1 else 'one restart'}."
        )
        if agreement is not None:
            status = (
                f"Exact KMeans, {status} Its final partition against the {shown_fit(clustering)} "
                f"clusters shown elsewhere: adjusted Rand {agreement:.3f} (1 = the same)."
            )
        self._view.set_status(status)
        # Centroids are pictures only in the raw pixel space.
        side = dataset.image_side if isinstance(clustering.space, RawPixels) else None
        self._view.set_trace(trace, side, value_max)

    new_data_status = "New data loaded: waiting for its clustering…"


def most_steps(config: KMeansConfig) -> int:
    """The progress bar's full length: every restart running to ``max_iter`` steps."""
    return config.resolved_n_init * config.max_iter


def _trace_job(clustering: Clustering, progress, should_stop) -> tuple:
    """Runs in the worker thread: the trace, and the thumbnails' brightness scale.

    Large data are traced in a child process that Cancel terminates.
    """
    config = clustering.result.config
    trace = trace_kept_restart_stoppable(
        clustering.features, config, progress=progress, should_stop=should_stop
    )
    value_max = float(clustering.dataset.data.max()) or 1.0  # 16 for the digits
    agreement = None
    if not is_exact_kmeans(clustering):  # the trace's partition may differ from the shown one
        from sklearn.metrics import adjusted_rand_score

        agreement = float(adjusted_rand_score(clustering.result.labels, trace.final_labels))
    return clustering, trace, value_max, agreement


def is_exact_kmeans(clustering: Clustering) -> bool:
    """Whether the trace's last step is ``clustering`` itself (an exact KMeans fit)."""
    return not clustering.method and clustering.result.config.method == "kmeans"


def shown_fit(clustering: Clustering) -> str:
    """What made the shown clusters, in words: "mini-batch KMeans", "exact KMeans"…"""
    if clustering.method:
        return clustering.method
    return "exact KMeans" if is_exact_kmeans(clustering) else "mini-batch KMeans"


def wait_reason(clustering: Clustering) -> str | None:
    """Why ``clustering`` is traced only on request, or None to trace it at once."""
    config = clustering.result.config
    same = f"k = {config.n_clusters}, {config.init} init, seed {config.random_state}"
    if not is_exact_kmeans(clustering):
        same = same if clustering.method else f"the same {same}"  # others: KMeans' defaults
        return (
            f"The clusters shown come from {shown_fit(clustering)}, which has no Lloyd steps "
            f"to replay. Tracing runs exact KMeans with {same}; its final partition can "
            "differ from the one shown in the other tabs (the tab then says how much)."
        )
    if restart_work(clustering.features, config) >= AUTO_TRACE_WORK:
        n, d = clustering.features.shape
        return (
            f"This data is large ({n:,} samples × {d} features), so the steps are not "
            f"traced after every fit: tracing repeats the fit ({same}) one step at a "
            "time in the background."
        )
    return None


def work_estimate(clustering: Clustering) -> str:
    """The trace's work in honest units: distances per step, steps, restarts."""
    config = clustering.result.config
    n, d = clustering.features.shape
    k = config.n_clusters
    restarts = config.resolved_n_init
    products = n * k * d
    amount = f"{products / 1e6:,.0f} million" if products >= 1e6 else f"{products:,}"
    text = (
        f"Each step measures {n * k:,} distances in {d} dimensions (about {amount} "
        f"multiply-adds), for up to {config.max_iter} steps × {restarts} "
        f"restart{'s' if restarts > 1 else ''}."
    )
    if is_exact_kmeans(clustering):
        result = clustering.result
        text += (
            f" The fit's kept restart stopped after {result.n_iter} steps; "
            f"the whole fit took {result.seconds:.1f} s."
        )
    return text


def build(state: AppState) -> tuple[str, QWidget]:
    """The "Step by step" tab: its title and its view, wired to ``state``."""
    view = IterationStepper()
    IterationStepperPresenter(state, view)
    return TITLE, view
