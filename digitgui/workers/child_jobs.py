"""Work run in a child process (see :mod:`digitgui.workers.child_process`), as plain values.

Each function here runs in the child and returns only arrays, strings and numbers; its
``*_from_plain`` partner rebuilds the model object in the parent. Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

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
