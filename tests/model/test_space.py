"""Feature spaces: fitted values, transforms of new samples, and clustering in each."""

from __future__ import annotations

import numpy as np
import pytest

from digitgui.model import KMeansConfig
from digitgui.model.clustering import cluster_dataset
from digitgui.model.space import SPACES, RawPixels, make_space

TRANSFORMABLE = [name for name in SPACES if make_space(name).can_transform_new]


@pytest.fixture(scope="module")
def clusterings(digits):
    return {name: cluster_dataset(digits, KMeansConfig(), make_space(name)) for name in SPACES}


def test_registry_offers_the_documented_spaces():
    assert list(SPACES) == [
        "Raw pixels",
        "Standardized pixels",
        "PCA (20 components)",
        "PCA whitened (20)",
        "Isomap (10 components)",
        "Spectral embedding (10 components)",
    ]
    for name in SPACES:
        assert make_space(name).name == name


def test_unknown_space_names_the_choices():
    with pytest.raises(ValueError, match="Raw pixels"):
        make_space("Fourier")


@pytest.mark.parametrize("name", TRANSFORMABLE)
def test_transform_of_training_rows_equals_fitted_features(digits, name):
    space = make_space(name)
    fitted, features = space.fit_transform(digits.data)
    np.testing.assert_allclose(fitted.transform(digits.data), features, atol=1e-8)
    assert fitted.transform(digits.data[0]).shape == (1, features.shape[1])


def test_fit_transform_returns_a_new_fitted_object(digits):
    space = make_space("PCA whitened (20)")
    fitted, features = space.fit_transform(digits.data)
    assert fitted is not space and not space.is_fitted and fitted.is_fitted
    assert features.shape == (digits.n_samples, 20)
    np.testing.assert_allclose(features.std(axis=0, ddof=1), 1.0, rtol=1e-6)  # whitened
    with pytest.raises(ValueError, match="not fitted"):
        space.transform(digits.data[:1])


def test_standardized_pixels_have_zero_mean_unit_variance(digits):
    _, features = make_space("Standardized pixels").fit_transform(digits.data)
    varying = digits.data.std(axis=0) > 0
    np.testing.assert_allclose(features.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(features[:, varying].std(axis=0), 1.0, rtol=1e-12)


def test_spectral_embedding_cannot_place_a_drawing(digits, clusterings):
    clustering = clusterings["Spectral embedding (10 components)"]
    assert not clustering.space.can_transform_new
    with pytest.raises(ValueError, match="cannot place new samples"):
        clustering.space.transform(digits.data[:1])
    with pytest.raises(ValueError, match="cannot place new samples"):
        clustering.assign(digits.data[0])


@pytest.mark.parametrize("name", list(SPACES))
def test_cluster_dataset_works_in_every_space(digits, clusterings, name):
    clustering = clusterings[name]
    assert clustering.space.name == name
    assert clustering.result.labels.shape == (digits.n_samples,)
    assert clustering.result.centroids.shape[1] == clustering.features.shape[1]
    assert set(clustering.evaluation.metrics) >= {"silhouette", "adjusted_rand"}
    if clustering.space.can_transform_new:
        cluster, distances = clustering.assign(digits.data[0])
        assert cluster == int(np.argmin(distances))


def test_metrics_differ_between_spaces(clusterings):
    scores = {name: c.evaluation.metrics["adjusted_rand"] for name, c in clusterings.items()}
    assert len({round(value, 6) for value in scores.values()}) == len(scores), scores
    raw = clusterings["Raw pixels"]
    assert isinstance(raw.space, RawPixels)
    assert raw.evaluation.metrics["adjusted_rand"] == pytest.approx(0.7262, abs=1e-3)


def test_isomap_on_big_data_fits_a_subsample_and_places_the_rest(digits):
    space = make_space("Isomap (10 components)")
    small = type(space)(max_fit_samples=600)
    fitted, features = small.fit_transform(digits.data)
    assert features.shape == (digits.n_samples, 10)
    assert fitted._fitted.embedding_.shape == (600, 10)  # fitted on the subsample only
    np.testing.assert_allclose(fitted.transform(digits.data[:50]), features[:50], atol=1e-8)
