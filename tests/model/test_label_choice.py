"""What the labels tell (majority accuracy, cluster_digit) and choosing the label column."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from sklearn.cluster import KMeans

from digitgui.model import KMeansConfig, evaluate, load_dataset
from digitgui.model.clustering import cluster_dataset
from digitgui.model.io.errors import DatasetError
from digitgui.reports import export_labels_csv


def test_majority_accuracy_counts_each_clusters_majority(digits):
    labels = KMeans(n_clusters=30, random_state=42).fit_predict(digits.data)
    metrics = evaluate(digits.data, labels, digits.target).metrics
    hits = sum(np.bincount(digits.target[labels == c]).max() for c in range(30))
    assert metrics["majority_accuracy"] == hits / len(labels)
    # The reason both are shown: one-to-one matching leaves 20 clusters unmatched.
    assert metrics["matched_accuracy"] < 0.5 < 0.9 < metrics["majority_accuracy"]


def test_both_accuracies_agree_when_each_digit_has_one_cluster(default_fit, digits):
    metrics = evaluate(digits.data, default_fit.labels, digits.target).metrics
    assert metrics["majority_accuracy"] == metrics["matched_accuracy"]


def test_labels_csv_has_cluster_digit_and_reopens_without_true_label_as_feature(digits, tmp_path):
    clustering = cluster_dataset(digits, KMeansConfig())
    digits_of = clustering.evaluation.cluster_digits
    path = export_labels_csv(
        tmp_path / "labels.csv", clustering.result.labels, digits.target, digits_of
    )
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == ["sample", "cluster", "true_label", "cluster_digit"]
    labels = clustering.result.labels
    assert [int(r[3]) for r in rows[1:]] == digits_of[labels].tolist()
    reopened = load_dataset(path)
    np.testing.assert_array_equal(reopened.target, digits.target)
    # sample numbers the rows; true_label is the label: cluster, cluster_digit stay.
    assert reopened.n_features == 2
    np.testing.assert_array_equal(reopened.data[:, 0], labels)


def _table(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 17, size=(40, 64))
    y = rng.integers(0, 10, size=40)
    path = tmp_path / "t.csv"
    header = ",".join([f"p{i}" for i in range(64)] + ["digit"])
    body = "\n".join(",".join(map(str, [*row, d])) for row, d in zip(X, y, strict=True))
    path.write_text(header + "\n" + body + "\n")
    return path, X, y


def test_label_column_guess_none_and_chosen(tmp_path):
    path, X, y = _table(tmp_path)
    guessed = load_dataset(path)
    np.testing.assert_array_equal(guessed.target, y)
    assert guessed.source.label_column == 64
    assert guessed.source.feature_columns == tuple(range(64))
    none = load_dataset(path, label_column=None)
    assert none.target is None and none.n_features == 65
    chosen = load_dataset(path, label_column=0)
    np.testing.assert_array_equal(chosen.target, X[:, 0])
    np.testing.assert_array_equal(chosen.data, np.column_stack([X[:, 1:], y]))
    assert chosen.source.label_column == 0
    with pytest.raises(DatasetError, match="no numeric column 70"):
        load_dataset(path, label_column=69)


def test_npy_label_column_can_be_chosen(tmp_path):
    X = np.arange(40 * 65).reshape(40, 65) % 11
    np.save(tmp_path / "a.npy", X)
    chosen = load_dataset(tmp_path / "a.npy", label_column=3)
    np.testing.assert_array_equal(chosen.target, X[:, 3])
    assert chosen.n_features == 64 and chosen.source.label_column == 3
    assert load_dataset(tmp_path / "a.npy", label_column=None).n_features == 65
