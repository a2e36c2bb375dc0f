"""Save and load a fitted KMeans model without pickle.

A model file is an uncompressed NumPy ``.npz`` archive holding exactly three arrays:

* ``centroids`` — (k, d) float64,
* ``labels`` — (n,) int64, the cluster of each training sample,
* ``meta`` — uint8 bytes of UTF-8 JSON: format name ``"digitgui-model"``, format
  version, creation time, KMeans parameters, inertia, iterations, seconds, data set
  name, shapes, free-form ``extra``, the fingerprint of the data it was fitted on
  (``data_fingerprint``, see :mod:`digitgui.model.io.fingerprint`; files written before
  it have none and still load) and a SHA-256 checksum of all of the above.

The checksum catches damaged and hand-edited files; it is not a signature (anyone can
recompute it). Loading never unpickles, caps every member's size, and checks every
field before anything is built from it.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO

import numpy as np

from digitgui.model.config import ConfigError, KMeansConfig
from digitgui.model.io.atomic import atomic_write
from digitgui.model.io.errors import InputError
from digitgui.model.io.files import open_regular, os_reason
from digitgui.model.io.fingerprint import ALGORITHM, data_fingerprint
from digitgui.model.io.npy import NpyFormatError, read_npz_members
from digitgui.model.kmeans import ClusteringResult

FORMAT_NAME = "digitgui-model"
FORMAT_VERSION = 1
MAX_MODEL_BYTES = 512 * 2**20  # a model file (and each array in it) is at most this big
MAX_META_BYTES = 1 * 2**20
MEMBERS = ("centroids.npy", "labels.npy", "meta.npy")
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
    EOFError,
    ValueError,
)


class ModelFileError(InputError):
    """A model file cannot be loaded: foreign, damaged, tampered with or too new."""


@dataclass(frozen=True, eq=False)
class SavedModel:
    """A model read back from disk.

    Attributes
    ----------
    result : the fit (centroids, labels, inertia, ...) with its ``config``.
    config : the KMeans parameters.
    dataset_name : name of the data set it was fitted on.
    created : ISO 8601 time of saving (UTC).
    format_version : version of the file format.
    extra : free-form JSON values the caller stored (e.g. the feature space's name).
    data_fingerprint : ``"blake2b:<hex>"`` of the data it was fitted on, or None in a
        file saved before fingerprints were stored (or saved without its data).
    """

    result: ClusteringResult
    config: KMeansConfig
    dataset_name: str
    created: str
    format_version: int
    extra: dict = field(default_factory=dict)
    data_fingerprint: str | None = None


def save_model(
    path: str | os.PathLike,
    result: ClusteringResult,
    config: KMeansConfig,
    dataset_name: str,
    extra: dict | None = None,
    *,
    data: np.ndarray | None = None,
) -> None:
    """Write ``result`` to ``path`` atomically (see the module docstring for the format).

    ``data``, the (n, d) samples ``result`` was fitted on, is stored as its fingerprint
    only, so that opening the model on other data of the same shape can be refused.

    Raises
    ------
    ValueError
        When ``config`` is not the one that produced ``result``, ``data`` has another
        shape than the fit, or ``extra`` is not JSON-serializable.
    """
    if config != result.config:
        raise ValueError("config differs from the configuration that produced the result")
    centroids = np.ascontiguousarray(result.centroids, dtype="<f8")
    labels = np.ascontiguousarray(result.labels, dtype="<i8")
    if data is not None and np.shape(data) != (labels.shape[0], centroids.shape[1]):
        raise ValueError(
            f"data of shape {np.shape(data)} is not what the result was fitted on "
            f"({labels.shape[0]} × {centroids.shape[1]})"
        )
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config": config.to_dict(),
        "inertia": float(result.inertia),
        "n_iter": int(result.n_iter),
        "seconds": float(result.seconds),
        "dataset_name": str(dataset_name),
        "n_clusters": int(centroids.shape[0]),
        "n_features": int(centroids.shape[1]),
        "n_samples": int(labels.shape[0]),
        "extra": dict(extra or {}),
    }
    if data is not None:
        meta["data_fingerprint"] = data_fingerprint(data)
    try:
        _canonical(meta)
    except (TypeError, ValueError) as error:
        raise ValueError(f"cannot save: extra must hold plain JSON values ({error})") from error
    meta["sha256"] = _checksum(meta, centroids, labels)
    meta_bytes = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, centroids=centroids, labels=labels, meta=meta_bytes)
    atomic_write(path, buffer.getvalue())


def load_model(path: str | os.PathLike) -> SavedModel:
    """Read a model written by :func:`save_model`, checking everything.

    Raises
    ------
    ModelFileError
        The message says why: not a model file, damaged or truncated, tampered with
        (checksum), inconsistent, too large, or written by a newer version.
    """
    name = os.path.basename(os.fspath(path))
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_MODEL_BYTES:
                raise ModelFileError(f"{size / 2**20:,.0f} MB is too large for a model file")
            arrays = _read_members(stream)
    except (ModelFileError, NpyFormatError) as error:
        raise ModelFileError(f"{name}: {error}") from None
    except OSError as error:
        raise ModelFileError(f"{name}: cannot read: {os_reason(error)}") from None
    except ARCHIVE_ERRORS as error:
        raise ModelFileError(f"{name}: damaged or truncated model file ({error})") from error
    try:
        return _validated(arrays)
    except ModelFileError as error:
        raise ModelFileError(f"{name}: {error}") from None


def _read_members(stream: BinaryIO) -> dict[str, np.ndarray]:
    """The three arrays, read without pickle and with their declared sizes capped."""
    if not zipfile.is_zipfile(stream):
        stream.seek(0)
        if stream.read(4) == b"PK\x03\x04":
            raise ModelFileError("damaged or truncated model file (incomplete archive)")
        raise ModelFileError("not a digitgui model file (it is not an .npz archive)")
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        found = sorted(info.filename for info in archive.infolist())
        if found != sorted(MEMBERS):
            listed = ", ".join(found) or "nothing"
            raise ModelFileError(f"not a digitgui model file (the archive holds {listed})")
        for info in archive.infolist():  # all sizes first: no member is read if one is huge
            limit = MAX_META_BYTES if info.filename == "meta.npy" else MAX_MODEL_BYTES
            if info.file_size > limit:
                raise ModelFileError(
                    f"{info.filename} would take {info.file_size / 2**20:,.1f} MB unpacked; "
                    f"at most {limit / 2**20:,.1f} MB is read"
                )
        meta = read_npz_members(archive, ["meta.npy"], MAX_META_BYTES)
        arrays = read_npz_members(archive, ["centroids.npy", "labels.npy"], MAX_MODEL_BYTES)
    return arrays | meta


def _validated(arrays: dict[str, np.ndarray]) -> SavedModel:
    meta = _meta(arrays["meta"])
    centroids, labels = arrays["centroids"], arrays["labels"]
    if centroids.dtype != np.dtype("<f8") or centroids.ndim != 2 or 0 in centroids.shape:
        raise ModelFileError(f"centroids must be a 2-D float64 array, not {centroids.dtype}")
    if labels.dtype != np.dtype("<i8") or labels.ndim != 1 or labels.size == 0:
        raise ModelFileError(f"labels must be a 1-D int64 array, not {labels.dtype}")
    try:
        intact = meta.get("sha256") == _checksum(meta, centroids, labels)
    except ValueError:  # NaN or infinity in the JSON: never written by save_model
        intact = False
    if not intact:
        raise ModelFileError("checksum mismatch: the file was modified or damaged")
    try:
        config = KMeansConfig.from_dict(_typed(meta, "config", dict))
    except (ConfigError, TypeError) as error:
        raise ModelFileError(f"invalid parameters: {error}") from error
    k = centroids.shape[0]
    shapes = (meta.get("n_clusters"), meta.get("n_features"), meta.get("n_samples"))
    if k != config.n_clusters or shapes != (k, centroids.shape[1], labels.shape[0]):
        raise ModelFileError(f"inconsistent shapes: {k} centroids for n_clusters={shapes[0]}")
    if not np.isfinite(centroids).all():
        raise ModelFileError("centroids contain NaN or infinite values")
    if labels.min() < 0 or labels.max() >= k:
        raise ModelFileError(f"labels must be cluster ids 0..{k - 1}")
    inertia = _number(meta, "inertia")
    seconds = _number(meta, "seconds")
    n_iter = _typed(meta, "n_iter", int)
    created = _typed(meta, "created", str)
    try:
        datetime.fromisoformat(created)
    except ValueError as error:
        raise ModelFileError(f"invalid creation time {created!r}") from error
    if n_iter < 0:
        raise ModelFileError("n_iter must not be negative")
    fingerprint = meta.get("data_fingerprint")
    if fingerprint is not None and not _is_fingerprint(fingerprint):
        raise ModelFileError(f"invalid data fingerprint {str(fingerprint)[:80]!r}")
    result = ClusteringResult(centroids, labels, inertia, n_iter, seconds, config)
    return SavedModel(
        result=result,
        config=config,
        dataset_name=_typed(meta, "dataset_name", str),
        created=created,
        format_version=meta["version"],
        extra=_typed(meta, "extra", dict),
        data_fingerprint=fingerprint,
    )


def _is_fingerprint(value: object) -> bool:
    """Whether ``value`` reads as ``"blake2b:"`` and 64 lower-case hex digits."""
    if not isinstance(value, str):
        return False
    algorithm, _, digest = value.partition(":")
    return (
        algorithm == ALGORITHM
        and len(digest) == 64
        and all(c in "0123456789abcdef" for c in digest)
    )


def _meta(array: np.ndarray) -> dict:
    if array.dtype != np.uint8 or array.ndim != 1:
        raise ModelFileError("not a digitgui model file (meta is not JSON bytes)")
    try:
        meta = json.loads(array.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ModelFileError(f"not a digitgui model file (meta is not JSON: {error})") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ModelFileError("not a digitgui model file (wrong format name)")
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelFileError(f"invalid format version {version!r}")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"written by a newer digitgui (format version {version}); "
            f"this version reads version {FORMAT_VERSION}"
        )
    return meta


def _typed(meta: dict, key: str, kind: type):
    value = meta.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ModelFileError(f"{key} is missing or not a {kind.__name__}")
    return value


def _number(meta: dict, key: str) -> float:
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelFileError(f"{key} is missing or not a number")
    if not math.isfinite(value) or value < 0:
        raise ModelFileError(f"{key} must be a finite number ≥ 0, got {value!r}")
    return float(value)


def _canonical(meta: dict) -> bytes:
    fields = {key: value for key, value in meta.items() if key != "sha256"}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=True, allow_nan=False)
    return text.encode("ascii")


def _checksum(meta: dict, centroids: np.ndarray, labels: np.ndarray) -> str:
    """SHA-256 of the metadata (without the checksum) and both arrays with their shapes."""
    digest = hashlib.sha256(_canonical(meta))
    for array in (centroids, labels):
        digest.update(repr(array.shape).encode("ascii"))
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()
