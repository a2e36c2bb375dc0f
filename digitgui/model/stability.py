"""Stability: does the clustering change when only the random seed changes?"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score

from digitgui.model.arrays import read_only
from digitgui.model.config import KMeansConfig
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel
from digitgui.model.kmeans import RestartsFn, fit_kmeans


@dataclass(frozen=True, eq=False)
class StabilityReport:
    """KMeans refitted with several seeds, everything else equal; arrays are read-only.

    Attributes
    ----------
    seeds : (m,) the ``random_state`` of each fit.
    inertia : (m,) final inertia of each fit.
    ari : (m, m) adjusted Rand index between the labelings of every two fits (1 on the
        diagonal; 1 means the same partition up to renaming the clusters).
    mean_ari, std_ari : mean and standard deviation of the off-diagonal pairs (nan with
        fewer than two seeds).
    n_partitions : how many different partitions the seeds produced.
    config : the parameters shared by every fit (its ``random_state`` is replaced).
    """

    seeds: np.ndarray
    inertia: np.ndarray
    ari: np.ndarray
    mean_ari: float
    std_ari: float
    n_partitions: int
    config: KMeansConfig

    def __post_init__(self) -> None:
        for name in ("seeds", "inertia", "ari"):
            object.__setattr__(self, name, read_only(getattr(self, name)))

    @property
    def min_inertia(self) -> float:
        return float(self.inertia.min())

    @property
    def max_inertia(self) -> float:
        return float(self.inertia.max())

    @property
    def best_seed(self) -> int:
        """The seed with the lowest inertia (the first one on a tie)."""
        return int(self.seeds[int(np.argmin(self.inertia))])


def seed_stability(
    data: np.ndarray,
    config: KMeansConfig | None = None,
    n_seeds: int = 10,
    *,
    seeds: Sequence[int] | None = None,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    run_restarts: RestartsFn | None = None,
) -> StabilityReport:
    """Fit ``config`` once per seed and compare the resulting partitions.

    Parameters
    ----------
    data : (n, d) samples.
    config : every parameter but ``random_state``; defaults to ``KMeansConfig()``.
    n_seeds : how many seeds, 0, 1, …, ``n_seeds - 1`` (ignored when ``seeds`` is given).
    seeds : explicit seeds.
    progress : called with (fits done, fits in all) after each fit.
    should_stop : polled before each fit and between restarts; raises ``FitCancelled``.
    run_restarts : runs each group of KMeans restarts (see :func:`fit_kmeans`).
    """
    config = config or KMeansConfig()
    seeds = list(range(n_seeds)) if seeds is None else [int(seed) for seed in seeds]
    if not seeds:
        raise ValueError("need at least one seed")
    labelings: list[np.ndarray] = []
    inertia: list[float] = []
    for seed in seeds:
        check_cancel(should_stop)
        result = fit_kmeans(
            data,
            dataclasses.replace(config, random_state=seed),
            should_stop=should_stop,
            run_restarts=run_restarts,
        )
        labelings.append(result.labels)
        inertia.append(result.inertia)
        if progress is not None:
            progress(len(labelings), len(seeds))
    ari = pairwise_ari(labelings, should_stop)
    upper = ari[np.triu_indices(len(seeds), k=1)]
    return StabilityReport(
        seeds=np.array(seeds, dtype=np.int64),
        inertia=np.array(inertia),
        ari=ari,
        mean_ari=float(upper.mean()) if upper.size else float("nan"),
        std_ari=float(upper.std()) if upper.size else float("nan"),
        n_partitions=_count_partitions(ari),
        config=config,
    )


def pairwise_ari(labelings: Sequence[np.ndarray], should_stop: StopFn | None = None) -> np.ndarray:
    """(m, m) symmetric matrix of ``adjusted_rand_score`` between every two labelings.

    ``should_stop`` is polled before each row: 50 seeds are 1,225 scores, a second or
    more with no other cancel point (and longer still for a low-priority worker).
    """
    m = len(labelings)
    ari = np.eye(m)
    for i in range(m):
        check_cancel(should_stop)
        for j in range(i + 1, m):
            ari[i, j] = ari[j, i] = adjusted_rand_score(labelings[i], labelings[j])
    return ari


def _count_partitions(ari: np.ndarray) -> int:
    """Distinct partitions: labelings with ARI 1 between them are the same partition."""
    representatives: list[int] = []
    for i in range(ari.shape[0]):
        if not any(np.isclose(ari[i, r], 1.0, rtol=0, atol=1e-12) for r in representatives):
            representatives.append(i)
    return len(representatives)
