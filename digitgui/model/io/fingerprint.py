"""Fingerprints of data: of its values, so a saved model knows the data it was fitted on
(:func:`data_fingerprint`), and of an array in memory, a cache key (:func:`array_fingerprint`).

Two data sets of the same shape (two 1797 × 64 files) cannot be told apart by their shape;
a model's labels and metrics mean nothing on the other one. BLAKE2b of the float64 values
and the shape is cheap (2 ms for the digits, about 0.9 s at 70,000 × 784, measured)
and runs where the model is saved or opened, in a worker.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Callable

import numpy as np

ALGORITHM = "blake2b"
_ROWS_PER_CHUNK = 8192  # rows converted to float64 at a time: no full copy of a big array


def data_fingerprint(data: np.ndarray) -> str:
    """``"blake2b:<hex>"`` of the shape and the little-endian float64 values of ``data``.

    The same values give the same fingerprint whatever their stored dtype or memory
    order (int data and its float copy match); any changed value or shape changes it.
    """
    array = np.asarray(data)
    digest = hashlib.blake2b(digest_size=32)
    digest.update(("shape=" + "x".join(str(size) for size in array.shape) + ";").encode("ascii"))
    rows = array.reshape(array.shape[0], -1) if array.ndim > 1 else array.reshape(-1, 1)
    for start in range(0, rows.shape[0], _ROWS_PER_CHUNK):
        chunk = np.ascontiguousarray(rows[start : start + _ROWS_PER_CHUNK], dtype="<f8")
        digest.update(chunk.tobytes())
    return f"{ALGORITHM}:{digest.hexdigest()}"


def short_fingerprint(fingerprint: str) -> str:
    """The first 12 hex digits, enough to tell two data sets apart in a message."""
    return fingerprint.partition(":")[2][:12] or fingerprint[:12]


_fingerprints: dict[int, tuple[weakref.ref, str]] = {}
_fingerprint_lock = threading.Lock()


def array_fingerprint(data: np.ndarray, *, compute: bool = True) -> str | None:
    """SHA-1 of the array's shape, dtype and bytes: equal for equal data (a cache key for
    arrays in memory; :func:`data_fingerprint` is the one stored in files).

    Read-only arrays (every :class:`~digitgui.model.dataset.Dataset` array) are hashed
    once and remembered for as long as they live. With ``compute=False`` an array not
    hashed before gives None instead of being hashed (cheap, for the GUI thread).
    """
    with _fingerprint_lock:
        known = _fingerprints.get(id(data))
        if known is not None and known[0]() is data:
            return known[1]
    if not compute:
        return None
    array = np.ascontiguousarray(data)
    digest = hashlib.sha1(f"{array.shape}{array.dtype}".encode())
    digest.update(array.view(np.uint8).reshape(-1).data)
    value = digest.hexdigest()
    if isinstance(data, np.ndarray) and not data.flags.writeable:
        with _fingerprint_lock:
            _fingerprints[id(data)] = (weakref.ref(data, _forget(id(data))), value)
    return value


def _forget(key: int) -> Callable[[weakref.ref], None]:
    def callback(_ref: weakref.ref) -> None:
        with _fingerprint_lock:
            _fingerprints.pop(key, None)

    return callback
