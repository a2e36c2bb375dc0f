"""Thousands of label values (an id column taken as labels) in the contingency heatmap.

Every cell was written from Python: with 5,000 labels and k = 10 that froze the GUI
thread for seconds when a clustering arrived. Past 30 columns the heatmap shows the
clusters' majority labels and the most common others, and sums the rest in one column.
"""

from __future__ import annotations

import numpy as np

from digitgui.model.clustering import cluster_dataset
from digitgui.model.config import KMeansConfig
from digitgui.model.dataset import Dataset, load_digits_dataset
from digitgui.widgets.contingency_heatmap import (
    MAX_SHOWN_CLASSES,
    ContingencyHeatmap,
    shown_columns,
)


def test_past_the_limit_the_rest_is_summed_and_majorities_stay():
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 3, size=(4, 200))
    counts[2, 150] = 99  # cluster 2's majority label: small in total, still shown
    counts[:, 7] += 50  # the most common label
    classes = np.arange(200) * 3
    shown, kept = shown_columns(counts, classes, limit=10)
    assert shown.shape == (4, 10) and len(kept) == 10
    assert 450 in kept and 21 in kept  # label values of columns 150 and 7
    np.testing.assert_array_equal(shown.sum(axis=1), counts.sum(axis=1))  # nothing lost
    assert list(kept[:-1]) == sorted(kept[:-1])  # in label order, "other" last


def test_many_labels_give_a_capped_heatmap(qtbot):
    digits = load_digits_dataset()
    ids = np.arange(digits.n_samples)  # one label per sample
    dataset = Dataset(digits.data, digits.images, ids, "ids as labels")
    clustering = cluster_dataset(dataset, KMeansConfig(n_clusters=8))
    assert clustering.evaluation.contingency.shape == (8, digits.n_samples)
    heatmap = ContingencyHeatmap()
    qtbot.addWidget(heatmap)
    heatmap.set_clustering(clustering)
    assert heatmap.model.columnCount() == MAX_SHOWN_CLASSES
    assert heatmap.model.horizontalHeaderItem(MAX_SHOWN_CLASSES - 1).text() == "other"
    shown = heatmap.shown_counts()
    np.testing.assert_array_equal(shown.sum(axis=1), clustering.evaluation.cluster_sizes)
    assert "most common of 1,797 true labels" in heatmap.caption.text()
    # Ten labels: every column, the usual caption.
    heatmap.set_clustering(cluster_dataset(digits, KMeansConfig(n_clusters=8)))
    assert heatmap.model.columnCount() == 10 and "true digits" in heatmap.caption.text()
