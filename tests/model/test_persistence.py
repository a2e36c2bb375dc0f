"""save_model/load_model round-trip without pickle and refuse anything else; writes are atomic."""

import io
import json
import os
import stat
import zipfile
from datetime import datetime

import numpy as np
import pytest

from digitgui.model import KMeansConfig, fit_kmeans
from digitgui.model.io import atomic as atomic_module
from digitgui.model.io import model_file as persistence
from digitgui.model.io.atomic import atomic_write
from digitgui.model.io.model_file import ModelFileError, load_model, save_model


@pytest.fixture
def saved(tmp_path, default_fit):
    path = tmp_path / "model.dgm"
    save_model(path, default_fit, default_fit.config, "digits", {"space": "Raw pixels"})
    return path


def members(path) -> dict:
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def rewrite(path, *, resign=False, meta_changes=None, **arrays):
    """Write ``path`` again with some arrays or meta fields changed (checksum redone if asked)."""
    content = members(path)
    meta = json.loads(content["meta"].tobytes())
    meta.update(meta_changes or {})
    content.update(arrays)
    if resign:
        meta["sha256"] = persistence._checksum(meta, content["centroids"], content["labels"])
    content["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **content)
    path.write_bytes(buffer.getvalue())


def load_error(path) -> str:
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    return str(caught.value)


def test_round_trip(saved, digits, default_fit):
    model = load_model(saved)
    result = model.result
    np.testing.assert_array_equal(result.centroids, default_fit.centroids)
    np.testing.assert_array_equal(result.labels, default_fit.labels)
    assert result.inertia == default_fit.inertia and result.n_iter == default_fit.n_iter
    assert result.seconds == default_fit.seconds
    assert model.config == default_fit.config == result.config
    assert (model.dataset_name, model.format_version) == ("digits", 1)
    assert model.extra == {"space": "Raw pixels"}
    assert datetime.fromisoformat(model.created).tzinfo is not None
    np.testing.assert_array_equal(result.predict(digits.data), default_fit.predict(digits.data))


def test_round_trip_of_other_parameters(tmp_path, digits):
    config = KMeansConfig(n_clusters=4, init="random", n_init=3, tol=0.0, random_state=None)
    fit = fit_kmeans(digits.data[:300], config)
    save_model(tmp_path / "m", fit, config, "part ü")
    model = load_model(tmp_path / "m")
    assert model.config == config and model.dataset_name == "part ü" and model.extra == {}


def test_file_is_plain_numpy_and_json(saved, default_fit):
    content = members(saved)
    assert sorted(content) == ["centroids", "labels", "meta"]
    assert content["centroids"].dtype == np.float64 and content["labels"].dtype == np.int64
    meta = json.loads(content["meta"].tobytes().decode("utf-8"))
    assert meta["format"] == "digitgui-model" and meta["version"] == 1
    assert meta["config"] == default_fit.config.to_dict() and len(meta["sha256"]) == 64


def test_save_refuses_inconsistent_arguments(tmp_path, default_fit):
    with pytest.raises(ValueError, match="config"):
        save_model(tmp_path / "m", default_fit, KMeansConfig(n_clusters=3), "d")
    with pytest.raises(ValueError, match="extra"):
        save_model(tmp_path / "m", default_fit, default_fit.config, "d", {"f": object()})
    assert not (tmp_path / "m").exists()


def test_tampered_centroid_is_detected(saved):
    centroids = members(saved)["centroids"].copy()
    centroids[0, 5] += 0.5
    rewrite(saved, centroids=centroids)
    assert "checksum" in load_error(saved)


def test_tampered_metadata_is_detected(saved):
    rewrite(saved, meta_changes={"inertia": 1.0})
    assert "checksum" in load_error(saved)


def test_flipped_byte_is_detected(saved):
    data = bytearray(saved.read_bytes())
    data[len(data) // 3] ^= 0xFF  # inside the centroids
    saved.write_bytes(bytes(data))
    message = load_error(saved)
    assert "checksum" in message or "damaged" in message


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999])
def test_truncated_files(saved, keep):
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * keep)])
    assert "model.dgm" in load_error(saved)


@pytest.mark.parametrize(
    "content", [b"", b"hello, I am text\n", bytes(range(256)) * 10, b"PK\x03\x04junk"]
)
def test_foreign_files(tmp_path, content):
    (tmp_path / "x.dgm").write_bytes(content)
    message = load_error(tmp_path / "x.dgm")
    assert "x.dgm" in message and ("not a digitgui model" in message or "damaged" in message)


def test_foreign_npz(tmp_path):
    np.savez(tmp_path / "other.npz", X=np.ones((3, 3)))
    assert "holds X.npy" in load_error(tmp_path / "other.npz")
    np.savez(tmp_path / "same_names.npz", centroids=np.ones((2, 2)), labels=[0, 1], meta=[1, 2])
    assert "meta is not JSON" in load_error(tmp_path / "same_names.npz")


def test_object_arrays_are_never_unpickled(saved, tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(tmp_path / "unpickled"),))

    content = members(saved)
    content["labels"] = np.array([Evil()], dtype=object)
    with open(saved, "wb") as stream:
        np.savez(stream, **content)  # pickles object arrays (allow_pickle=True by default)
    assert "never unpickled" in load_error(saved)
    assert not (tmp_path / "unpickled").exists()


def test_huge_members_are_refused(saved, monkeypatch):
    monkeypatch.setattr(persistence, "MAX_META_BYTES", 100)
    assert "meta" in load_error(saved) and "MB" in load_error(saved)


def test_zip_bomb_member(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "MAX_MODEL_BYTES", 10 * 2**20)
    with zipfile.ZipFile(tmp_path / "bomb.dgm", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meta.npy", b"")
        archive.writestr("labels.npy", b"")
        archive.writestr("centroids.npy", bytes(20 * 2**20))  # 20 MB of zeros in a 20 kB file
    assert (tmp_path / "bomb.dgm").stat().st_size < 10 * 2**20
    assert "centroids.npy would take 20.0 MB" in load_error(tmp_path / "bomb.dgm")


def test_newer_format_version(saved):
    rewrite(saved, resign=True, meta_changes={"version": 2})
    assert "newer digitgui" in load_error(saved)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"format": "something-else"}, "wrong format name"),
        ({"config": {"n_clusters": 1}}, "invalid parameters"),
        ({"config": {"n_clusters": 11}}, "inconsistent shapes"),
        ({"inertia": -1.0}, "inertia"),
        ({"n_iter": "many"}, "n_iter"),
        ({"created": "yesterday"}, "creation time"),
        ({"dataset_name": None}, "dataset_name"),
    ],
)
def test_invalid_metadata_with_a_valid_checksum(saved, change, expected):
    rewrite(saved, resign=True, meta_changes=change)
    assert expected in load_error(saved)


def test_inconsistent_arrays_with_a_valid_checksum(saved):
    labels = members(saved)["labels"].copy()
    labels[3] = 10  # only clusters 0..9 exist
    rewrite(saved, resign=True, labels=labels)
    assert "labels must be cluster ids 0..9" in load_error(saved)
    centroids = members(saved)["centroids"].copy()
    centroids[1, 1] = np.nan
    rewrite(saved, resign=True, centroids=centroids, labels=labels.clip(0, 9))
    assert "NaN" in load_error(saved)
    rewrite(saved, resign=True, labels=labels.astype(np.float64))
    assert "int64" in load_error(saved)


def test_failed_save_keeps_the_old_file_and_leaves_no_temp_file(saved, default_fit, monkeypatch):
    before = saved.read_bytes()

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(atomic_module.os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        save_model(saved, default_fit, default_fit.config, "other name", {"x": 1})
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["model.dgm"]
    assert load_model(saved).dataset_name == "digits"


def test_atomic_write_replaces_keeps_mode_and_follows_links(tmp_path):
    target = tmp_path / "file.txt"
    atomic_write(target, b"one")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and stat.S_IMODE(target.stat().st_mode) == 0o600
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, b"three")
    assert link.is_symlink() and target.read_bytes() == b"three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "link.txt"]
    with pytest.raises(TypeError):
        atomic_write(target, "text")  # type: ignore[arg-type]
