"""Data sets: the bundled handwritten digits and the container every view reads from."""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitgui.model.arrays import read_only
from digitgui.model.io.source import DataSource


@dataclass(frozen=True)
class Dataset:
    """Samples to cluster.

    Attributes
    ----------
    data : (n, d) float64 array, one sample per row (read-only).
    images : (n, h, w) array of the same samples as square images, or None when the
        features are not an image.
    target : (n,) int array of true labels, or None when the data has no labels.
    name : short human-readable name shown in the window title.
    source : how the samples were read (a ``model.io.source.DataSource``), None for
        data made in code.
    """

    data: np.ndarray
    images: np.ndarray | None
    target: np.ndarray | None
    name: str
    notes: tuple[str, ...] = field(default=())
    source: DataSource | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        data = np.asarray(self.data, dtype=np.float64)
        if data.ndim != 2 or data.shape[0] == 0:
            raise ValueError(f"data must be a non-empty 2-D array, got shape {data.shape}")
        object.__setattr__(self, "data", read_only(data))
        if self.images is not None:
            images = np.asarray(self.images, dtype=np.float64)
            if images.shape[0] != data.shape[0]:
                raise ValueError("images and data have different numbers of samples")
            object.__setattr__(self, "images", read_only(images))
        if self.target is not None:
            target = np.asarray(self.target).astype(np.int64)
            if target.shape != (data.shape[0],):
                raise ValueError("target must have one label per sample")
            object.__setattr__(self, "target", read_only(target))

    @property
    def n_samples(self) -> int:
        return int(self.data.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.data.shape[1])

    @property
    def image_side(self) -> int | None:
        """Side of the square image each sample is, or None."""
        return None if self.images is None else int(self.images.shape[1])


def load_digits_dataset() -> Dataset:
    """The 1797 handwritten digits bundled with scikit-learn (8×8, values 0..16).

    Reads scikit-learn's own copy on disk (``sklearn/datasets/data/digits.csv.gz``) the
    way ``sklearn.datasets.load_digits`` does, without importing scikit-learn, which takes
    a second the app would otherwise spend before its window appears. Never touches the
    network. ``tests/model/test_dataset.py`` checks it equals ``load_digits()``.
    """
    spec = importlib.util.find_spec("sklearn")  # locates the package without running it
    if spec is None or spec.origin is None:
        raise ImportError("scikit-learn is not installed")
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz"
    with gzip.open(path, mode="rt", encoding="utf-8") as text:
        table = np.loadtxt(text, delimiter=",")
    data = table[:, :-1]
    return Dataset(
        data=data,
        images=data.reshape(-1, 8, 8),
        target=table[:, -1].astype(int),
        name="Handwritten digits (scikit-learn, 1797 × 8×8)",
        source=DataSource(path="", kind="sklearn-digits"),
    )
