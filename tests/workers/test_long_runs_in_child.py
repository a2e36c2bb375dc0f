"""Work with no cancel point goes to a child process: feature spaces and other algorithms.

A fit of the Isomap or spectral-embedding feature space, and each algorithm of the
comparison, is one scikit-learn call: in the worker thread, Cancel waited for it (tens
of seconds on ten thousand samples) and Isomap's shortest paths held the GIL, freezing
the GUI thread. Through ``run_in_child`` the waiting thread polls ``should_stop`` while
the child works, so a stop request ends the job; in the thread it was never asked.
"""

from __future__ import annotations

import numpy as np
import pytest

from digitgui.app.presenters.algorithm_comparison import algorithm_job
from digitgui.model.clustering import cluster_dataset
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset, load_digits_dataset
from digitgui.model.jobs import FitCancelled
from digitgui.model.space import IsomapSpace, RawPixels, SpectralSpace
from digitgui.workers.child_process import run_in_child


@pytest.fixture(scope="module")
def small() -> Dataset:
    digits = load_digits_dataset()
    rows = slice(0, 500)
    return Dataset(digits.data[rows], digits.images[rows], digits.target[rows], "digits 500")


def stop_after(polls: int):
    """A ``should_stop`` that answers True from its ``polls``-th question on."""
    asked = []

    def should_stop() -> bool:
        asked.append(True)
        return len(asked) >= polls

    return should_stop


@pytest.mark.parametrize("space", [IsomapSpace(), SpectralSpace()], ids=lambda s: s.name)
def test_a_long_space_fit_in_a_child_gives_the_same_clustering(small, space):
    here = cluster_dataset(small, KMeansConfig(n_clusters=5), space)
    there = cluster_dataset(small, KMeansConfig(n_clusters=5), space, run=run_in_child)
    np.testing.assert_array_equal(there.result.labels, here.result.labels)
    np.testing.assert_allclose(there.features, here.features)
    if space.can_transform_new:  # the fitted space came back whole: drawings are placed
        assert there.assign(small.data[3])[0] == here.assign(small.data[3])[0]


def test_a_long_space_fit_is_cancelled_while_it_runs(small):
    # In the worker thread should_stop is asked only after the fit; here while it runs.
    with pytest.raises(FitCancelled):
        cluster_dataset(
            small, KMeansConfig(), IsomapSpace(), run=run_in_child, should_stop=stop_after(3)
        )


def test_quick_spaces_stay_in_the_thread(small):
    def refuse(*_args, **_kwargs):
        raise AssertionError("raw pixels need no child process")

    clustering = cluster_dataset(small, KMeansConfig(n_clusters=5), RawPixels(), run=refuse)
    assert clustering.result.n_clusters == 5


def test_an_algorithm_is_cancelled_while_it_fits(small):
    source = cluster_dataset(small, KMeansConfig(n_clusters=5))
    row = algorithm_job("HDBSCAN", source, lambda *_: None, lambda: False)
    assert row.name == "HDBSCAN" and row.labels is not None and not row.labels.flags.writeable
    # Before: should_stop was asked twice, before and after the fit, and never in between.
    with pytest.raises(FitCancelled):
        algorithm_job("Agglomerative (ward)", source, lambda *_: None, stop_after(3))
