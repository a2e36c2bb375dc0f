"""2-D projections of a data set for the scatter view, with progress, cancel and a cache.

PCA and Isomap can place new points (a drawing, the cluster centres) in their map;
t-SNE and the spectral embedding cannot. Above :data:`SUBSAMPLE_ABOVE` samples the
non-linear methods run on a seeded random subsample, and the projection says so.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, Isomap, SpectralEmbedding

from digitgui.model.arrays import all_rows_equal
from digitgui.model.io.errors import InputError
from digitgui.model.io.fingerprint import array_fingerprint as fingerprint
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.placement import placement_as_plain, placement_from_plain

METHODS = ("PCA", "t-SNE", "Isomap", "Spectral embedding")
#: Methods whose fitted object can map new samples into the 2-D map.
CAN_PLACE_NEW = frozenset({"PCA", "Isomap"})
#: Above this many samples, t-SNE, Isomap and the spectral embedding use a subsample.
SUBSAMPLE_ABOVE = 5_000
TSNE_MAX_ITER = 1000
TSNE_PERPLEXITY = 30.0


@dataclass(frozen=True)
class TsneSettings:
    """t-SNE's two knobs a learner turns: perplexity (about how many neighbours each
    point keeps close, 5–100) and the number of iterations (250–10,000)."""

    perplexity: float = TSNE_PERPLEXITY
    iterations: int = TSNE_MAX_ITER

    def __post_init__(self) -> None:
        if not 1.0 <= float(self.perplexity) <= 1000.0:
            raise ValueError(f"perplexity must be from 1 to 1000; got {self.perplexity}")
        if not 250 <= int(self.iterations) <= 100_000:
            raise ValueError(f"iterations must be from 250 to 100,000; got {self.iterations}")


@dataclass(frozen=True, eq=False)
class Projection:
    """One 2-D map of a data set.

    Attributes
    ----------
    coords : (m, 2) read-only positions; row ``i`` is sample ``i``, or sample
        ``sample_indices[i]`` when a subsample was used.
    method : one of :data:`METHODS`.
    seconds : wall time of the computation.
    sample_indices : (m,) read-only indices into the data when a subsample was used,
        else None (every sample, in order).
    fitted : what places new points when the method can (see :meth:`transform`): the
        fitted scikit-learn estimator, or its arrays (``model.placement``: LinearPlacement,
        IsomapPlacement) when computed in a child process; else None.
    note : a sentence for the user about what was done (e.g. the subsample), or "".
    fingerprint : :func:`fingerprint` of the data it was computed from.
    """

    coords: np.ndarray
    method: str
    seconds: float
    sample_indices: np.ndarray | None = None
    fitted: Any = None
    note: str = ""
    fingerprint: str = ""

    def __post_init__(self) -> None:
        coords = np.array(self.coords, dtype=np.float64, copy=True)
        coords.setflags(write=False)
        object.__setattr__(self, "coords", coords)
        if self.sample_indices is not None:
            indices = np.array(self.sample_indices, dtype=np.int64, copy=True)
            indices.setflags(write=False)
            object.__setattr__(self, "sample_indices", indices)

    @classmethod
    def from_plain(cls, values: dict) -> Projection:
        """The projection :func:`projection_as_plain` described (e.g. from a child process)."""
        return cls(
            coords=values["coords"],
            method=values["method"],
            seconds=values["seconds"],
            sample_indices=values["sample_indices"],
            fitted=placement_from_plain(values["placement"]),
            note=values["note"],
        )

    @property
    def can_transform(self) -> bool:
        """True when :meth:`transform` can place new samples in this map."""
        return self.fitted is not None

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Positions (m, 2) of new raw samples (m, d) in this map.

        Raises
        ------
        ValueError
            When the method cannot place new points (t-SNE, spectral embedding).
        """
        if self.fitted is None:
            raise ValueError(f"{self.method} cannot place new points")
        return np.asarray(self.fitted.transform(np.atleast_2d(X).astype(np.float64)))


#: The fewest samples each map needs (below, scikit-learn failed on its own parameters).
FEWEST_SAMPLES = {"PCA": 2, "t-SNE": 3, "Isomap": 12, "Spectral embedding": 12}


def check_projection_input(data: np.ndarray, method: str) -> None:
    """InputError (a ValueError) saying why ``data`` can have no map by ``method``."""
    n_samples, n_features = len(data), int(np.prod(np.shape(data)[1:]))
    if n_samples < FEWEST_SAMPLES.get(method, 2):
        raise InputError(
            f"{method} needs at least {FEWEST_SAMPLES[method]} samples; this data has {n_samples}"
        )
    if method in ("PCA", "t-SNE") and n_features < 2:  # t-SNE starts from the PCA map
        raise InputError(f"a 2-D map needs at least 2 features; this data has {n_features}")
    if method in ("PCA", "t-SNE") and all_rows_equal(data):  # t-SNE starts from PCA
        raise InputError(f"every sample is the same: {method} has nothing to spread out")


def project(
    data: np.ndarray,
    method: str,
    *,
    random_state: int = 0,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    max_samples: int | None = None,
    tsne: TsneSettings | None = None,
) -> Projection:
    """Compute a 2-D map of ``data`` (n, d) with ``method``.

    Parameters
    ----------
    data : samples, one per row.
    method : "PCA", "t-SNE", "Isomap" or "Spectral embedding".
    random_state : seed of the method and of the subsample.
    progress : called with (done, total); t-SNE reports its iterations.
    should_stop : polled at cancel points (before and after each stage; t-SNE every 50
        iterations), raising :class:`~digitgui.model.clustering.FitCancelled`.
    max_samples : subsample size for the non-linear methods; defaults to
        :data:`SUBSAMPLE_ABOVE`. PCA always uses every sample.
    tsne : perplexity and iterations of t-SNE (default :class:`TsneSettings`).
    """
    if method not in METHODS:
        raise ValueError(f"unknown projection {method!r}; choose one of {', '.join(METHODS)}")
    check_projection_input(data, method)
    check_cancel(should_stop)
    started = time.perf_counter()
    data = np.asarray(data, dtype=np.float64)
    report = progress or (lambda done, total: None)
    indices, note = None, ""
    limit = SUBSAMPLE_ABOVE if max_samples is None else max_samples
    if method != "PCA" and len(data) > limit:
        rng = np.random.default_rng(random_state)
        indices = np.sort(rng.choice(len(data), size=limit, replace=False))
        note = f"{method} ran on a random subsample of {limit:,} of {len(data):,} samples."
        data = data[indices]
    fitted = None
    if method == "t-SNE":
        coords = _tsne(data, random_state, report, should_stop, tsne or TsneSettings())
    else:
        report(0, 1)
        if method == "PCA":
            fitted = PCA(2, random_state=random_state)
        elif method == "Isomap":
            fitted = Isomap(n_neighbors=10, n_components=2)
        else:
            fitted = SpectralEmbedding(2, n_neighbors=10, random_state=random_state)
        coords = fitted.fit_transform(data)
        if method == "Spectral embedding":
            parts = connected_components(fitted.affinity_matrix_, directed=False)[0]
            if parts > 1:
                note = f"{note} Its neighbour graph has {parts} disconnected parts: the map "
                note += "squeezes each part into its own spot."
        if method not in CAN_PLACE_NEW:
            fitted = None
        report(1, 1)
    check_cancel(should_stop)  # a cancelled job never delivers coordinates
    return Projection(
        coords=coords,
        method=method,
        seconds=time.perf_counter() - started,
        sample_indices=indices,
        fitted=fitted,
        note=note.strip(),
    )


def projection_as_plain(
    data: np.ndarray,
    method: str,
    random_state: int = 0,
    max_samples: int | None = None,
    tsne: TsneSettings | None = None,
    *,
    progress: ProgressFn | None = None,
) -> dict:
    """:func:`project`, returned as plain values (arrays, strings, numbers) only.

    What a child process sends back (see ``digitgui.workers.child_process``): the fitted
    estimator becomes the arrays that place new points; :meth:`Projection.from_plain`
    rebuilds the projection.
    """
    projection = project(
        data,
        method,
        random_state=random_state,
        progress=progress,
        max_samples=max_samples,
        tsne=tsne,
    )
    return {
        "coords": np.asarray(projection.coords),
        "method": projection.method,
        "seconds": float(projection.seconds),
        "sample_indices": projection.sample_indices,
        "note": projection.note,
        "placement": placement_as_plain(projection.fitted),
    }


def _tsne(
    data: np.ndarray,
    random_state: int,
    report: ProgressFn,
    should_stop: StopFn | None,
    settings: TsneSettings,
) -> np.ndarray:
    """t-SNE with progress and cancel points taken from its verbose log lines.

    scikit-learn's TSNE has no callback; with ``verbose=2`` it prints a line every 50
    iterations. Those lines, printed by this thread only, are routed here: each one is a
    cancel point and the iteration it names is the progress.
    """

    total = int(settings.iterations)

    def on_line(line: str) -> None:
        check_cancel(should_stop)
        if line.startswith("[t-SNE] Iteration "):
            iteration = line.split()[2].rstrip(":")
            if iteration.isdigit():
                report(min(int(iteration), total), total)

    report(0, total)
    tsne = TSNE(
        2,
        perplexity=min(float(settings.perplexity), len(data) - 1.0),
        init="pca",
        random_state=random_state,
        max_iter=total,
        verbose=2,
    )
    with _tap_stdout(on_line):
        coords = tsne.fit_transform(data)
    report(total, total)
    return coords


class ProjectionCache:
    """Finished projections by (data fingerprint, method, random_state, max_samples,
    t-SNE settings).

    Thread-safe: the worker thread fills it through :meth:`project`, the GUI thread reads
    it with :meth:`peek`. Keeps the ``capacity`` most recently used projections.
    """

    def __init__(self, capacity: int = 16) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple, Projection] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def peek(
        self,
        data: np.ndarray,
        method: str,
        *,
        random_state: int = 0,
        max_samples=None,
        tsne: TsneSettings | None = None,
    ) -> Projection | None:
        """The cached projection, or None; never hashes data it has not seen."""
        key = fingerprint(data, compute=False)
        if key is None:
            return None
        return self._get((key, method, random_state, max_samples, _tsne_key(method, tsne)))

    def project(
        self,
        data: np.ndarray,
        method: str,
        *,
        random_state: int = 0,
        progress: ProgressFn | None = None,
        should_stop: StopFn | None = None,
        max_samples: int | None = None,
        tsne: TsneSettings | None = None,
        run: Callable[..., Any] | None = None,
    ) -> Projection:
        """The cached projection, or :func:`project` it now and remember it.

        ``run``, when given, computes it elsewhere: it is called as ``run(function,
        *args, progress=…, should_stop=…)`` with :func:`projection_as_plain` and must
        return that function's value (e.g. ``digitgui.workers.child_process.run_in_child``,
        which can stop the work midway, unlike a thread).
        """
        check_projection_input(data, method)  # here too: a child's error comes back vaguer
        data_key = fingerprint(data) or ""  # always a digest when computed
        key = (data_key, method, random_state, max_samples, _tsne_key(method, tsne))
        found = self._get(key)
        if found is not None:
            return found
        if run is None:
            projection = project(
                data,
                method,
                random_state=random_state,
                progress=progress,
                should_stop=should_stop,
                max_samples=max_samples,
                tsne=tsne,
            )
        else:
            plain = run(
                projection_as_plain,
                np.asarray(data),
                method,
                random_state,
                max_samples,
                tsne,
                progress=progress,
                should_stop=should_stop,
            )
            projection = Projection.from_plain(plain)
        projection = replace(projection, fingerprint=data_key)
        with self._lock:
            self._items[key] = projection
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return projection

    def _get(self, key: tuple) -> Projection | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found


def _tsne_key(method: str, tsne: TsneSettings | None) -> TsneSettings | None:
    """The t-SNE settings a cached map depends on (only t-SNE maps depend on them)."""
    return (tsne or TsneSettings()) if method == "t-SNE" else None


class _StdoutTap:
    """Stands in for ``sys.stdout``: lines printed by a listening thread go to its callback.

    Other threads' output passes through to the stream it replaced (dropped when that is
    None, as in a windowed frozen app).
    """

    def __init__(self, original: Any) -> None:
        self.original = original
        self.listeners: dict[int, tuple[Callable[[str], None], list[str]]] = {}
        self.users = 0

    def write(self, text: str) -> int:
        listener = self.listeners.get(threading.get_ident())
        if listener is None:
            return self.original.write(text) if self.original is not None else len(text)
        on_line, pending = listener
        pending.append(text)
        if "\n" in text:
            *lines, rest = "".join(pending).split("\n")
            pending[:] = [rest]
            for line in lines:
                if line.strip():
                    on_line(line)  # may raise FitCancelled out of the print() call
        return len(text)

    def flush(self) -> None:
        if self.original is not None:
            self.original.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)


_tap: _StdoutTap | None = None
_tap_lock = threading.Lock()


@contextmanager
def _tap_stdout(on_line: Callable[[str], None]) -> Iterator[None]:
    """Route whole lines this thread prints to ``on_line`` while the block runs."""
    global _tap
    ident = threading.get_ident()
    with _tap_lock:
        if _tap is None or sys.stdout is not _tap:
            _tap = _StdoutTap(sys.stdout)
            sys.stdout = _tap
        tap = _tap
        tap.listeners[ident] = (on_line, [])
        tap.users += 1
    try:
        yield
    finally:
        with _tap_lock:
            tap.listeners.pop(ident, None)
            tap.users -= 1
            if tap.users == 0 and sys.stdout is tap:
                sys.stdout = tap.original
                _tap = None
