"""FileController: open data, save and open fitted models, export results.

Reading and writing run in worker threads (files can be big); a failure is reported
through ``error`` with a message that says what is wrong and where, and the data, the
clustering and the drawing that were open stay as they were.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from digitgui.app.dialogs import ask_open_path, ask_save_path, remember_folder, start_folder
from digitgui.app.open_preview import CANCELLED, ask_label_column
from digitgui.app.settings import Settings
from digitgui.app.state import AppState
from digitgui.model.clustering import Clustering, restore_clustering
from digitgui.model.dataset import Dataset
from digitgui.model.io.model_file import load_model, save_model
from digitgui.model.io.source import GUESS
from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.model.kmeans import ClusteringResult
from digitgui.model.space import RawPixels
from digitgui.widgets.task_progress import TaskProgress
from digitgui.workers.child_jobs import dataset_from_plain, load_dataset_plain
from digitgui.workers.child_process import run_in_child
from digitgui.workers.jobs import Job

DATA_FILTER = (
    "Data files (*.csv *.tsv *.txt *.npy *.npz *.tra *.tes);;CSV (*.csv *.tsv *.txt);;"
    "NumPy (*.npy *.npz);;UCI optdigits (*.tra *.tes);;All files (*)"
)
MODEL_FILTER = "digitgui model (*.npz);;All files (*)"
EXPORTS = {
    "centroids_png": ("Centroid images", "centroids.png", "PNG image (*.png)"),
    "labels_csv": ("Cluster labels", "labels.csv", "CSV (*.csv)"),
    "metrics_json": ("Metrics", "metrics.json", "JSON (*.json)"),
    "report_html": ("Report", "report.html", "HTML (*.html)"),
    "python_script": ("Python script", "clustering.py", "Python (*.py)"),
    "notebook": ("Notebook", "clustering.ipynb", "Jupyter notebook (*.ipynb)"),
}


def load_job(
    path: str, progress: ProgressFn, should_stop: StopFn, label_column: int | str | None = GUESS
) -> Dataset:
    """Runs in the worker thread; the file is read in a child process.

    Reading and parsing a big file (or a FIFO that never answers) is one call with no
    cancel point: in a child process, Cancel and closing the window end it for real.
    """
    return dataset_from_plain(
        run_in_child(
            load_dataset_plain,
            str(path),
            label_column,
            progress=progress,
            should_stop=should_stop,
        )
    )


def open_model_job(path: str, dataset: Dataset, progress: ProgressFn, should_stop: StopFn):
    """Runs in the worker thread: read, check against the open data, score."""
    saved = load_model(path)
    clustering = restore_clustering(
        dataset, saved.result, fingerprint=saved.data_fingerprint, fitted_on=saved.dataset_name
    )
    return saved, clustering


def export_job(kind: str, path: str, clustering: Clustering, progress, should_stop) -> str:
    """Runs in the worker thread: write one export of ``clustering`` to ``path``."""
    from digitgui.reports import (  # matplotlib, imported when first needed
        export_centroid_grid_png,
        export_html_report,
        export_labels_csv,
        export_metrics_json,
    )

    result, dataset = clustering.result, clustering.dataset
    if kind == "centroids_png":
        if dataset.image_side is None or clustering.space.name != RawPixels.name:
            raise ValueError("centroid images need raw-pixel clusters of square images")
        titles = _centroid_titles(clustering)
        export_centroid_grid_png(path, result.centroids, dataset.image_side, titles)
    elif kind == "labels_csv":
        digits = clustering.evaluation.cluster_digits
        export_labels_csv(path, result.labels, dataset.target, digits)
    elif kind == "metrics_json":
        evaluation, method = clustering.evaluation, clustering.method
        export_metrics_json(path, evaluation, result.config, dataset.name, method)
    elif kind in ("python_script", "notebook"):
        from digitgui.reports.script import export_notebook, export_python_script

        (export_notebook if kind == "notebook" else export_python_script)(path, clustering)
    else:
        export_html_report(path, clustering, result.config)
    return path


def _centroid_titles(clustering: Clustering) -> list[str]:
    digits = clustering.evaluation.cluster_digits
    k = clustering.result.n_clusters
    if digits is None:
        return [f"C{c}" for c in range(k)]
    return [f"C{c} · {d}" if d >= 0 else f"C{c}" for c, d in enumerate(digits)]


class FileController(QObject):
    """File menu actions. ``error(title, message)`` asks the window to show a problem;
    ``recent_changed()`` says the recent-files list changed; ``config_loaded(config)``
    carries the parameters of an opened model."""

    error = Signal(str, str)
    recent_changed = Signal()
    config_loaded = Signal(object)
    loading_changed = Signal(bool)  # whether a data file is being read
    write_ended = Signal(bool)  # a save or export ended: False if it failed

    def __init__(
        self, state: AppState, settings: Settings, window: QWidget, progress: TaskProgress
    ) -> None:
        super().__init__(window)
        self._state = state
        self._settings = settings
        self._window = window
        self._progress = progress
        self._loads = state.make_runner("load")
        self._writes = state.make_runner("write")
        # Writes wait their turn rather than replace one another (the runner's newest-
        # wins rule would cancel a queued export, and drop a running one's message).
        self._queued_writes: list[tuple[str, str, Job]] = []  # (progress text, tag, job)
        for runner in (self._loads, self._writes):
            runner.progress.connect(self._on_runner_progress)
            runner.failed.connect(self._on_runner_failed)
            runner.cancelled.connect(self._on_runner_cancelled)
        self._loads.finished.connect(self._on_load_finished)
        self._loads.busy_changed.connect(self.loading_changed)
        self._writes.finished.connect(self._on_write_finished)
        # After the handlers above (connection order), so that a failure is shown first.
        self._writes.finished.connect(self._on_writes_written)
        self._writes.cancelled.connect(self._on_writes_cancelled)
        self._writes.failed.connect(self._on_writes_failed)
        progress.cancel_requested.connect(self._loads.cancel)
        progress.cancel_requested.connect(self._writes.cancel)

    @property
    def loading(self) -> bool:
        """True while a data file is being read."""
        return self._loads.busy

    @property
    def writing(self) -> bool:
        """True while a saved model or an export is being written."""
        return self._writes.busy or bool(self._queued_writes)

    def writing_what(self) -> str:
        """What is being written, e.g. "the export of report.html" ("" when nothing)."""
        tag = self._writes.current_tag
        if tag is None:
            return ""
        kind, path = tag.split(":", 1)
        noun = "save" if kind == "saved model" else "export"
        return f"the {noun} of {Path(path).name}"

    def abandon_write(self) -> None:
        """Give up the saves and exports under way: one not started yet never starts."""
        self._queued_writes.clear()
        self._writes.cancel()

    def _write(self, text: str, tag: str, job: Job) -> None:
        """Write now, or after the writes already asked for (in order)."""
        if self._writes.busy:
            self._queued_writes.append((text, tag, job))
            return
        self._progress.start(text)
        self._writes.submit(tag, job)

    def _next_write(self) -> None:
        if self._queued_writes and not self._writes.busy and not self._state.is_shut_down:
            self._write(*self._queued_writes.pop(0))

    # -- actions ------------------------------------------------------------------------
    def open_data(self, path: str | None = None) -> None:
        # a path given (recent files, drops) opens with the guess
        label_column: int | str | None = GUESS
        if not path:
            path = self._ask_open("Open data", DATA_FILTER)
            choice = ask_label_column(self._window, path) if path else GUESS
            if choice is CANCELLED:
                return
            label_column = cast("int | str | None", choice)  # CANCELLED is the only other
        if path:
            self._progress.start(f"Opening {Path(path).name}…")
            job = partial(load_job, path, label_column=label_column)
            self._loads.submit(f"data:{path}", job)

    def open_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self._window, "Open a folder of digit pictures", start_folder(self._settings)
        )
        if path:
            remember_folder(self._settings, path)
            self.open_data(path)

    def open_model(self, path: str | None = None) -> None:
        path = path or self._ask_open("Open model", MODEL_FILTER)
        if path:
            self._progress.start(f"Opening model {Path(path).name}…")
            self._loads.submit(f"model:{path}", partial(open_model_job, path, self._state.dataset))

    def save_model(self, path: str | None = None) -> None:
        clustering = self._state.clustering
        if clustering is None:
            self.error.emit("Nothing to save", "No clustering has finished yet.")
            return
        if clustering.method:
            self.error.emit(
                "Cannot save this model",
                f"These clusters come from {clustering.method}, not from a KMeans fit; model "
                "files hold KMeans fits. Export a Python script to keep how they were made.",
            )
            return
        if clustering.space.name != RawPixels.name:
            self.error.emit(
                "Cannot save this model",
                f"This clustering was fitted in the “{clustering.space.name}” feature space, "
                "whose transform is not stored in model files. Fit on raw pixels to save it.",
            )
            return
        path = path or self._ask_save("Save model", "model.npz", MODEL_FILTER)
        if path:
            path = with_default_suffix(path, ".npz")
            dataset = clustering.dataset
            job = partial(_save_job, path, clustering.result, dataset.name, dataset.data)
            self._settings.add_write_folder(str(Path(path).absolute().parent))  # stale .tmp
            self._write("Saving the model…", f"saved model:{path}", job)

    def export(self, kind: str, path: str | None = None) -> None:
        clustering = self._state.clustering
        title, default_name, file_filter = EXPORTS[kind]
        if clustering is None:
            self.error.emit("Nothing to export", "No clustering has finished yet.")
            return
        path = path or self._ask_save(f"Export {title.lower()}", default_name, file_filter)
        if path:
            self._settings.add_write_folder(str(Path(path).absolute().parent))  # stale .tmp
            job = partial(export_job, kind, path, clustering)
            self._write(f"Exporting {title.lower()}…", f"{title}:{path}", job)

    # -- results ------------------------------------------------------------------------
    @Slot(str, object)
    def _on_load_finished(self, tag: str, payload) -> None:
        self._progress.finish()
        kind, path = tag.split(":", 1)
        if kind == "data":
            self._settings.add_recent_file(path)
            self.recent_changed.emit()
            self._state.set_dataset(payload)
            notes = " ".join(payload.notes)
            self._state.message.emit(f"Opened {payload.name}. {notes}".strip())
        else:
            saved, clustering = payload
            if clustering.dataset is not self._state.dataset:
                return  # the data changed while the model was read
            self.config_loaded.emit(saved.config)
            self._state.set_clustering(clustering)
            self._state.message.emit(
                f"Opened model {Path(path).name} (fitted {saved.created} on {saved.dataset_name})"
            )

    @Slot(str, object)
    def _on_write_finished(self, tag: str, _payload) -> None:
        self._progress.finish()
        title, path = tag.split(":", 1)
        self._state.message.emit(f"{title.capitalize()} written to {path}")

    @Slot(str, object)
    def _on_writes_written(self, _tag: str, _payload) -> None:
        self._next_write()
        self.write_ended.emit(True)

    @Slot(str)
    def _on_writes_cancelled(self, _tag: str) -> None:
        self._next_write()
        self.write_ended.emit(True)  # the person pressed Cancel: nothing they kept is lost

    @Slot(str, str)
    def _on_writes_failed(self, _tag: str, _message: str) -> None:
        self._next_write()
        self.write_ended.emit(False)

    @Slot(str, int, int)
    def _on_runner_progress(self, _tag: str, done: int, total: int) -> None:
        self._progress.set_progress(done, total)

    @Slot(str, str)
    def _on_runner_failed(self, tag: str, message: str) -> None:
        self._progress.finish()
        kind, path = tag.split(":", 1)
        name = Path(path).name
        if kind in ("data", "model"):
            title = f"Could not use {name}"
            if (
                kind == "data"
                and not os.path.lexists(path)
                and path in self._settings.recent_files()
            ):
                # Gone (deleted, renamed, an unplugged disk): Open recent offers it no more.
                self._settings.remove_recent_file(path)
                self.recent_changed.emit()
        else:  # a save or an export: the message already says where and why
            title = (
                f"Could not save {name}" if kind == "saved model" else f"Could not export {name}"
            )
        self.error.emit(title, _plain(message))

    @Slot(str)
    def _on_runner_cancelled(self, _tag: str) -> None:
        self._progress.finish()
        self._state.message.emit("Cancelled; nothing was changed")

    # -- dialogs ------------------------------------------------------------------------
    def _ask_open(self, title: str, file_filter: str) -> str:
        return ask_open_path(self._window, self._settings, title, file_filter)

    def _ask_save(self, title: str, name: str, file_filter: str) -> str:
        return ask_save_path(self._window, self._settings, title, name, file_filter)


def with_default_suffix(path: str, suffix: str) -> str:
    """``path`` with ``suffix`` added when the name has no extension ("model" → "model.npz")."""
    return path if Path(path).suffix else path + suffix


def _save_job(path: str, result: ClusteringResult, dataset_name: str, data, progress, should_stop):
    """Runs in the worker thread (the data's fingerprint is computed here)."""
    extra = {"space": RawPixels.name}
    save_model(path, result, result.config, dataset_name, extra, data=data)
    return path


def _plain(message: str) -> str:
    """Drop the exception class name the runner puts in front of expected errors."""
    for prefix in (
        "DatasetError: ",
        "ModelFileError: ",
        "SaveError: ",
        "ValueError: ",
        "InputError: ",
    ):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
