"""A saved model knows the data it was fitted on, by a fingerprint of its values.

Before: a model saved on the digits opened on another 1797 × 64 data set loaded in
silence, with the saved labels laid on other samples and meaningless metrics.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from digitgui.model.clustering import restore_clustering
from digitgui.model.dataset import Dataset
from digitgui.model.io import model_file
from digitgui.model.io.errors import InputError
from digitgui.model.io.fingerprint import data_fingerprint
from digitgui.model.io.model_file import ModelFileError, load_model, save_model


def other_digits(digits: Dataset) -> Dataset:
    """The same shape and value range as the digits, other values (rows reversed)."""
    data = digits.data[::-1].copy()
    return Dataset(data, None, digits.target[::-1].copy(), "reversed.csv")


def save(path, fit, data=None) -> None:
    save_model(path, fit, fit.config, "digits", {"space": "Raw pixels"}, data=data)


def test_the_fingerprint_depends_on_values_and_shape_not_storage(digits):
    data = digits.data
    found = data_fingerprint(data)
    assert found.startswith("blake2b:") and len(found) == len("blake2b:") + 64
    assert data_fingerprint(np.asfortranarray(data)) == found
    assert data_fingerprint(data.astype(np.int16)) == found  # whole numbers 0..16
    changed = data.copy()
    changed[1000, 30] += 1
    assert data_fingerprint(changed) != found
    assert data_fingerprint(data.reshape(-1, 32)) != found  # same bytes, other shape


def test_a_model_opens_on_the_data_it_was_fitted_on(tmp_path, digits, default_fit):
    path = tmp_path / "model.npz"
    save(path, default_fit, digits.data)
    saved = load_model(path)
    assert saved.data_fingerprint == data_fingerprint(digits.data)
    clustering = restore_clustering(
        digits, saved.result, fingerprint=saved.data_fingerprint, fitted_on=saved.dataset_name
    )
    np.testing.assert_array_equal(clustering.result.labels, default_fit.labels)


def test_other_data_of_the_same_shape_is_refused_naming_both(tmp_path, digits, default_fit):
    path = tmp_path / "model.npz"
    save(path, default_fit, digits.data)
    saved = load_model(path)
    other = other_digits(digits)
    with pytest.raises(InputError) as caught:
        restore_clustering(
            other, saved.result, fingerprint=saved.data_fingerprint, fitted_on="digits"
        )
    message = str(caught.value)
    assert message.startswith("the model was fitted on “digits” (fingerprint ")
    assert "the open data set “reversed.csv” holds other values (fingerprint " in message
    assert "the same shape, 1,797 × 64)" in message
    assert data_fingerprint(digits.data)[8:20] in message
    assert data_fingerprint(other.data)[8:20] in message


def test_a_file_without_a_fingerprint_still_opens(tmp_path, digits, default_fit):
    # What every file saved before fingerprints looks like: no data_fingerprint in meta.
    path = tmp_path / "old.npz"
    save(path, default_fit)
    saved = load_model(path)
    with np.load(path, allow_pickle=False) as archive:
        assert "data_fingerprint" not in json.loads(archive["meta"].tobytes())
    assert saved.data_fingerprint is None
    for data in (digits, other_digits(digits)):  # only the shape can be checked
        restore_clustering(data, saved.result, fingerprint=None, fitted_on="digits")


def test_a_malformed_fingerprint_is_refused(tmp_path, digits, default_fit):
    path = tmp_path / "model.npz"
    save(path, default_fit, digits.data)
    with np.load(path, allow_pickle=False) as archive:
        content = {key: archive[key] for key in archive.files}
    meta = json.loads(content["meta"].tobytes())
    meta["data_fingerprint"] = "md5:1234"
    meta["sha256"] = model_file._checksum(meta, content["centroids"], content["labels"])
    content["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    np.savez(path, **content)
    with pytest.raises(ModelFileError, match="invalid data fingerprint 'md5:1234'"):
        load_model(path)


def test_saving_with_data_of_another_shape_is_refused(tmp_path, digits, default_fit):
    with pytest.raises(ValueError, match="not what the result was fitted on"):
        save(tmp_path / "model.npz", default_fit, digits.data[:100])
