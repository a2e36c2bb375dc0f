"""Work run in a child process (see :mod:`digitgui.workers.child_process`), as plain values.

Each function here runs in the child and returns only arrays, strings and numbers; its
``*_from_plain`` partner rebuilds the model object in the parent. Nothing here imports Qt.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, fields
from multiprocessing.shared_memory import SharedMemory

import numpy as np

from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset
from digitgui.model.io.source import GUESS, DataSource
from digitgui.model.jobs import ProgressFn


def load_dataset_plain(
    path: str, label_column: int | str | None = GUESS, *, progress: ProgressFn | None = None
) -> dict:
    """Runs in the child: :func:`~digitgui.model.io.datasets.load_dataset` as plain values.

    The images are sent only when they are not simply the data reshaped (they usually
    are), which halves what crosses the pipe.
    """
    from digitgui.model.io.datasets import load_dataset

    dataset = load_dataset(path, label_column=label_column, progress=progress)
    data, images = dataset.data, dataset.images
    image_shape = None
    if images is not None and images.size == data.size:
        if np.array_equal(images.reshape(len(data), -1), data):
            image_shape, images = images.shape[1:], None
    return {
        "data": data,
        "images": images,
        "image_shape": image_shape,
        "target": dataset.target,
        "name": dataset.name,
        "notes": tuple(str(note) for note in dataset.notes),
        "source": None if dataset.source is None else asdict(dataset.source),
    }


def dataset_from_plain(values: dict) -> Dataset:
    """The :class:`Dataset` :func:`load_dataset_plain` described."""
    data = values["data"]
    images = values["images"]
    if values["image_shape"] is not None:
        images = np.asarray(data).reshape(len(data), *values["image_shape"])
    source = values["source"]
    if source is not None:
        source = DataSource(**{**source, "feature_columns": tuple(source["feature_columns"])})
    return Dataset(data, images, values["target"], values["name"], tuple(values["notes"]), source)


def kmeans_restarts_shared(
    segment_name: str,
    shape: tuple[int, int],
    config: KMeansConfig,
    rng_state: tuple,
    count: int,
    *,
    progress: ProgressFn | None = None,
) -> dict:
    """Runs in the child: :func:`~digitgui.model.kmeans.restarts_in_process` on the
    parent's data in shared memory (:func:`shared_array`).

    ``rng_state`` is the parent's ``RandomState.get_state()``; the state after the
    restarts goes back with the result, so the parent's generator continues exactly as
    if the restarts had run there. A parameter scikit-learn rejects comes back as a
    plain ``ValueError`` with its message (the parent rebuilds only built-in types).
    """
    from digitgui.model.kmeans import restarts_in_process

    run_in_background()
    data = shared_array(segment_name, shape)
    rng = np.random.RandomState()
    rng.set_state(rng_state)
    try:
        outcome = restarts_in_process(data, config, rng, count)
    except ValueError as error:  # e.g. sklearn's InvalidParameterError
        raise ValueError(str(error)) from None
    return {
        "centers": outcome.centers,
        "labels": outcome.labels,
        "inertia": outcome.inertia,
        "n_iter": outcome.n_iter,
        "rng_state": rng.get_state(),
    }


def compare_inits_shared(
    segment_name: str,
    shape: tuple[int, int],
    target: np.ndarray,
    n_clusters: int,
    *,
    progress: ProgressFn | None = None,
) -> list[dict]:
    """Runs in the child: :func:`~digitgui.model.compare.compare_inits` on the parent's
    data in shared memory (:func:`shared_array`) and its true labels ``target``."""
    from digitgui.model.compare import compare_inits

    run_in_background()
    dataset = Dataset(shared_array(segment_name, shape), None, target, "shared")
    return compare_inits(dataset, n_clusters, progress=progress)


def trace_kept_restart_shared(
    segment_name: str,
    shape: tuple[int, int],
    config: KMeansConfig,
    *,
    progress: ProgressFn | None = None,
) -> dict:
    """Runs in the child: :func:`~digitgui.model.stepper.trace_kept_restart` on the
    parent's data in shared memory, as the trace's fields (rebuild with ``KMeansTrace(**…)``,
    which makes its arrays read-only again)."""
    from digitgui.model.stepper import trace_kept_restart

    run_in_background()
    trace = trace_kept_restart(shared_array(segment_name, shape), config, progress=progress)
    return {field.name: getattr(trace, field.name) for field in fields(trace)}


#: Children that compute for seconds run at this lower priority (added to the "nice"
#: value), so that on a busy machine the app's GUI thread keeps its share of the cores.
CHILD_NICENESS = 10


def run_in_background() -> None:
    """Runs in the child: lower this process's priority by :data:`CHILD_NICENESS`."""
    if hasattr(os, "nice"):  # not on Windows
        try:
            os.nice(CHILD_NICENESS)
        except OSError:  # not allowed here: run at the usual priority
            pass


#: Segments this (child) process reads; open until it ends, when they are unmapped.
_attached: list[SharedMemory] = []


def shared_array(segment_name: str, shape: tuple[int, int]) -> np.ndarray:
    """Runs in the child: the parent's float64 array of ``shape`` in the shared memory
    segment ``segment_name``, read in place (no copy) and read-only."""
    segment = attach_shared_memory(segment_name)
    _attached.append(segment)  # its views must not outlive it
    data = np.ndarray(shape, dtype=np.float64, buffer=segment.buf)
    data.flags.writeable = False  # the parent's copy: never changed here
    return data


def attach_shared_memory(name: str) -> SharedMemory:
    """Open the parent's shared memory segment ``name`` without taking ownership of it.

    Python before 3.13 registers every opened segment with the resource tracker, which
    then unlinks it (with a "leaked shared_memory" warning) when it thinks its user has
    gone, possibly before the parent is done; the parent, which created the segment,
    alone unlinks it.
    """
    if sys.version_info >= (3, 13):
        return SharedMemory(name, track=False)  # type: ignore[call-arg, unused-ignore]
    from multiprocessing import resource_tracker

    register = resource_tracker.register
    resource_tracker.register = _do_not_track  # this process runs nothing else meanwhile
    try:
        return SharedMemory(name)
    finally:
        resource_tracker.register = register


def _do_not_track(name: object, rtype: str) -> None:
    """Stands in for ``resource_tracker.register`` while a child opens a segment."""
