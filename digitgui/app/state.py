"""AppState: the one place the current data, clustering and selections live.

Views never keep their own copy of this; they render from what the signals carry and ask
for changes through the setters. Lives in the GUI thread.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from digitgui.model.clustering import Clustering
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset
from digitgui.workers.runner import JobRunner, stop_all


class AppState(QObject):
    """Current data set, clustering, selection and drawing, with change signals.

    Signals
    -------
    dataset_changed(Dataset) : new data loaded; a clustering of it follows.
    clustering_changed(Clustering) : a fit finished for the current data set.
    cluster_selected(int) : the selected cluster, -1 for none.
    sample_selected(int) : index of the selected sample, -1 for none.
    drawing_changed(object) : the drawing's 64 raw features, or None when empty.
    config_adopted(KMeansConfig) : a view proposes parameters (e.g. a k from the sweep).
    message(str) : a line for the status bar.
    """

    dataset_changed = Signal(object)
    clustering_changed = Signal(object)
    cluster_selected = Signal(int)
    sample_selected = Signal(int)
    drawing_changed = Signal(object)
    config_adopted = Signal(object)
    message = Signal(str)

    def __init__(self, dataset: Dataset, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.clustering: Clustering | None = None
        self.selected_cluster = -1
        self.selected_sample = -1
        self.drawing: np.ndarray | None = None
        self._runners: list[JobRunner] = []
        self.is_shut_down = False
        self.fit_runner = self.make_runner("fit")  # KMeans fits: newest wins

    def make_runner(self, name: str) -> JobRunner:
        """A worker thread of its own for one view's long jobs, stopped on shutdown."""
        if self.is_shut_down:
            raise RuntimeError("the application state has been shut down")
        runner = JobRunner(name, self)
        self._runners.append(runner)
        return runner

    def set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.clustering = None
        self.selected_cluster = self.selected_sample = -1
        self.dataset_changed.emit(dataset)

    def set_clustering(self, clustering: Clustering) -> None:
        if clustering.dataset is not self.dataset:
            return  # fitted on data that has since been replaced
        self.clustering = clustering
        if self.selected_cluster >= clustering.result.n_clusters:
            self.selected_cluster = -1
        self.clustering_changed.emit(clustering)

    def select_cluster(self, cluster: int) -> None:
        if cluster != self.selected_cluster:
            self.selected_cluster = cluster
            self.cluster_selected.emit(cluster)

    def select_sample(self, index: int) -> None:
        self.selected_sample = index
        self.sample_selected.emit(index)
        if index >= 0 and self.clustering is not None:
            self.select_cluster(int(self.clustering.result.labels[index]))

    def set_drawing(self, features: np.ndarray | None) -> None:
        self.drawing = features
        self.drawing_changed.emit(features)

    def adopt_config(self, config: KMeansConfig) -> None:
        self.config_adopted.emit(config)

    def shutdown(self, seconds: float = 2.0) -> list[str]:
        """Cancel every job and wait for all worker threads against one deadline
        ``seconds`` away; called when the window closes. Returns the names of the
        runners still busy then (their threads are kept alive, never destroyed)."""
        self.is_shut_down = True
        return stop_all(self._runners, seconds)
