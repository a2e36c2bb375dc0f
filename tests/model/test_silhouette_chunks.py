"""The silhouette in slices: scikit-learn's values, and a cancel point between slices."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics as skm

from digitgui.model import FitCancelled
from digitgui.model import silhouette_chunks as chunks
from digitgui.model.metrics import evaluate
from digitgui.model.silhouette_chunks import silhouette_samples_stoppable


def test_one_slice_is_bit_identical_to_scikit_learn(digits, default_fit):
    ours = silhouette_samples_stoppable(digits.data, default_fit.labels)
    np.testing.assert_array_equal(ours, skm.silhouette_samples(digits.data, default_fit.labels))
    assert evaluate(digits.data, default_fit.labels).metrics["silhouette"] == (
        skm.silhouette_score(digits.data, default_fit.labels)
    )


def test_many_slices_give_the_same_values(digits, default_fit, monkeypatch):
    monkeypatch.setattr(chunks, "SLICE_MIB", 1)  # 1797 rows × 8 bytes: ~70 rows a slice
    polls = []

    def never_stop() -> bool:
        polls.append(1)
        return False

    ours = silhouette_samples_stoppable(digits.data, default_fit.labels, never_stop)
    assert len(polls) > 20, "polled between slices"
    expected = skm.silhouette_samples(digits.data, default_fit.labels)
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-15)


def test_cancel_between_slices(digits, default_fit, monkeypatch):
    monkeypatch.setattr(chunks, "SLICE_MIB", 1)
    polls = []

    def stop_at_the_fifth_poll() -> bool:
        polls.append(1)
        return len(polls) >= 5

    with pytest.raises(FitCancelled):
        silhouette_samples_stoppable(digits.data, default_fit.labels, stop_at_the_fifth_poll)
    assert len(polls) == 5


def test_label_gaps_and_lone_samples_score_like_scikit_learn():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(40, 3))
    labels = np.repeat([0, 3, 7, 9], 10)  # numbered with gaps
    labels[0] = 12  # a cluster of one sample: its silhouette is 0
    ours = silhouette_samples_stoppable(data, labels)
    np.testing.assert_array_equal(ours, skm.silhouette_samples(data, labels))
    assert ours[0] == 0.0
