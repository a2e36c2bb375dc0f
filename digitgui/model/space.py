"""Feature spaces: what KMeans clusters in. Raw pixels unless the user picks another.

A space is an immutable value with a ``name``, a flag ``can_transform_new`` and two
methods:

``fit_transform(data) -> (fitted_space, features)``
    learns the mapping from the training data and returns a *new*, fitted space object
    together with the training data mapped into it; the unfitted object is unchanged.
``transform(X) -> features``
    maps new raw samples (a drawing) with a fitted space.

The rule for spaces that have no out-of-sample transform (``can_transform_new`` is
False, e.g. the spectral embedding): a drawing cannot be placed in them, so it has no
cluster. ``transform`` raises ``ValueError`` saying so, ``Clustering.assign`` raises the
same before trying, and the UI shows that message instead of a cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

import numpy as np

from digitgui.model.arrays import all_rows_equal
from digitgui.model.io.errors import InputError


class FeatureSpace(Protocol):
    """What every feature space offers (see the module docstring)."""

    @property
    def name(self) -> str: ...

    @property
    def can_transform_new(self) -> bool: ...

    def fit_transform(self, data: np.ndarray) -> tuple[FeatureSpace, np.ndarray]: ...

    def transform(self, X: np.ndarray) -> np.ndarray: ...


_Space = TypeVar("_Space", bound="_EstimatorSpace")


def _as_2d(X: np.ndarray) -> np.ndarray:
    return np.atleast_2d(np.asarray(X, dtype=np.float64))


@dataclass(frozen=True)
class RawPixels:
    """The data's own features, unchanged (the default)."""

    name: str = "Raw pixels"
    can_transform_new: bool = True

    def fit_transform(self, data: np.ndarray) -> tuple[RawPixels, np.ndarray]:
        return self, np.asarray(data, dtype=np.float64)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Map new samples (m, d) into this space."""
        return _as_2d(X)


@dataclass(frozen=True)
class _EstimatorSpace:
    """A space backed by one scikit-learn transformer, fitted by :meth:`fit_transform`.

    ``_fitted`` holds the fitted estimator of a fitted space (None before fitting); it is
    never exposed or refitted, so a fitted space behaves as an immutable value.
    """

    name: str = ""
    can_transform_new: bool = True
    _fitted: Any = field(default=None, repr=False, compare=False)

    @property
    def is_fitted(self) -> bool:
        return self._fitted is not None

    def _estimator(self) -> Any:  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def fewest_samples(self) -> int | None:
        """The fewest samples the estimator can be fitted on (None: any number)."""
        return None

    def fit_transform(self: _Space, data: np.ndarray) -> tuple[_Space, np.ndarray]:
        """Fit a fresh estimator on ``data`` (n, d); return the fitted space and features.

        Raises
        ------
        InputError
            (a ValueError) when the data has too few samples or features for the space,
            saying so, instead of scikit-learn's message about its parameters.
        """
        data = _as_2d(data)
        fewest = self.fewest_samples()
        if fewest is not None and len(data) < fewest:
            raise InputError(
                f"the “{self.name}” feature space needs at least {fewest} samples; "
                f"this data has {len(data)}"
            )
        estimator = self._estimator()
        features = np.asarray(estimator.fit_transform(_as_2d(data)), dtype=np.float64)
        return replace(self, _fitted=estimator), features

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Map new raw samples (m, d) into this fitted space.

        Raises
        ------
        ValueError
            When the space is not fitted yet, or cannot place new samples at all.
        """
        if not self.can_transform_new:
            raise ValueError(
                f"{self.name} cannot place new samples: it has no out-of-sample transform"
            )
        if self._fitted is None:
            raise ValueError(f"{self.name} is not fitted: call fit_transform first")
        return np.asarray(self._fitted.transform(_as_2d(X)), dtype=np.float64)


@dataclass(frozen=True)
class StandardizedPixels(_EstimatorSpace):
    """Each pixel centred and scaled to unit variance (``StandardScaler``).

    Pixels that never vary (the always-blank corners) keep a scale of 1.
    """

    name: str = "Standardized pixels"

    def _estimator(self):
        from sklearn.preprocessing import StandardScaler  # sklearn is imported on use

        return StandardScaler()


@dataclass(frozen=True)
class PCASpace(_EstimatorSpace):
    """The first ``n_components`` principal components, optionally whitened."""

    name: str = "PCA (20 components)"
    n_components: int = 20
    whiten: bool = False
    random_state: int = 0

    def fewest_samples(self) -> int | None:
        return self.n_components

    def fit_transform(self, data: np.ndarray) -> tuple[PCASpace, np.ndarray]:
        data = _as_2d(data)
        if data.shape[1] < self.n_components:
            raise InputError(
                f"the “{self.name}” feature space needs at least {self.n_components} "
                f"features; this data has {data.shape[1]}"
            )
        if all_rows_equal(data):
            raise InputError(
                f"every sample is the same: the “{self.name}” feature space has no "
                "components to find; use Raw pixels"
            )
        return super().fit_transform(data)

    def _estimator(self):
        from sklearn.decomposition import PCA

        return PCA(self.n_components, whiten=self.whiten, random_state=self.random_state)


@dataclass(frozen=True)
class IsomapSpace(_EstimatorSpace):
    """Isomap embedding (geodesic distances on a k-nearest-neighbour graph).

    New samples are placed by ``Isomap.transform``: their nearest training neighbours
    and the geodesic distances through them.
    """

    name: str = "Isomap (10 components)"
    n_components: int = 10
    n_neighbors: int = 10
    max_fit_samples: int = 5_000  # its geodesic distance matrix is n² floats
    random_state: int = 0

    def fewest_samples(self) -> int | None:
        return max(self.n_neighbors, self.n_components) + 1

    def _estimator(self):
        from sklearn.manifold import Isomap

        return Isomap(n_neighbors=self.n_neighbors, n_components=self.n_components)

    def fit_transform(self, data: np.ndarray) -> tuple[IsomapSpace, np.ndarray]:
        """Fit on all samples, or above ``max_fit_samples`` on a seeded subsample of that
        size and place the rest with ``transform`` (in chunks, to bound the memory)."""
        data = _as_2d(data)
        if len(data) <= self.max_fit_samples:
            return super().fit_transform(data)
        rng = np.random.default_rng(self.random_state)
        rows = np.sort(rng.choice(len(data), self.max_fit_samples, replace=False))
        fitted, _ = super().fit_transform(data[rows])
        chunks = [fitted.transform(data[i : i + 2_000]) for i in range(0, len(data), 2_000)]
        return fitted, np.concatenate(chunks)


@dataclass(frozen=True)
class SpectralSpace(_EstimatorSpace):
    """Spectral embedding (Laplacian eigenmaps) of a nearest-neighbour graph.

    It has no out-of-sample transform: a drawing cannot be placed in it
    (``can_transform_new`` is False and :meth:`transform` raises ``ValueError``).
    """

    name: str = "Spectral embedding (10 components)"
    can_transform_new: bool = False
    n_components: int = 10
    n_neighbors: int = 10
    random_state: int = 0

    def fewest_samples(self) -> int | None:
        return max(self.n_neighbors + 1, self.n_components + 2)  # k + 1 eigenvectors < n

    def _estimator(self):
        from sklearn.manifold import SpectralEmbedding

        return SpectralEmbedding(
            n_components=self.n_components,
            affinity="nearest_neighbors",
            n_neighbors=self.n_neighbors,
            random_state=self.random_state,
        )


#: Feature spaces offered to the user, by name → factory taking no arguments.
SPACES: dict[str, Callable[[], FeatureSpace]] = {
    "Raw pixels": RawPixels,
    "Standardized pixels": StandardizedPixels,
    "PCA (20 components)": PCASpace,
    "PCA whitened (20)": lambda: PCASpace(name="PCA whitened (20)", whiten=True),
    "Isomap (10 components)": IsomapSpace,
    "Spectral embedding (10 components)": SpectralSpace,
}


def make_space(name: str) -> FeatureSpace:
    """A fresh, unfitted feature space by its display name."""
    try:
        return SPACES[name]()
    except KeyError:
        choices = ", ".join(SPACES)
        raise ValueError(f"unknown feature space {name!r}; choose one of {choices}") from None
