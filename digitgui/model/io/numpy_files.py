"""NumPy files: one ``.npy`` array (labels maybe in a column) or an ``.npz`` archive whose
samples and labels are found by their conventional names. Never unpickled; the caps come
in as :class:`~digitgui.model.io.npy.Limits` from :mod:`digitgui.model.io.datasets`.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np

from digitgui.model.io.errors import DatasetError, labels_to_int
from digitgui.model.io.files import open_regular, os_reason
from digitgui.model.io.npy import (
    Limits,
    NpyFormatError,
    npz_headers,
    read_npy,
    read_npz_members,
)
from digitgui.model.io.source import GUESS, DataSource
from digitgui.model.io.table_split import guess_label_column

ARCHIVE_ERRORS = (
    zipfile.BadZipFile,  # includes a CRC mismatch found while reading
    zlib.error,  # a damaged compressed stream
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
    EOFError,
    ValueError,
)
DATA_KEYS = ("x", "data", "images", "features", "samples", "x_train", "train_x", "inputs")
LABEL_KEYS = ("y", "target", "targets", "labels", "label", "y_train", "train_y", "classes")


def from_npy(
    path: Path, raw: bytes, limits: Limits, label_column: int | str | None = GUESS
) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """One array; a 2-D one may carry labels in its first or last column (see CSV)."""
    source = DataSource(str(path), "npy")
    try:
        X = read_npy(raw, limits)
    except NpyFormatError as error:
        raise DatasetError(str(error), path=path) from None
    if X.ndim != 2 or X.dtype.kind not in "biuf" or len(X) < 2 or label_column is None:
        return X, None, (), source
    if label_column == GUESS:
        label = guess_label_column(X.astype(np.float64), None)
        if label is None:
            return X, None, (), source
        where = "first" if label == 0 else "last"
        note = f"{where} column ({label + 1}) used as labels"
    elif isinstance(label_column, int) and 0 <= label_column < X.shape[1]:
        label, note = int(label_column), f"column {label_column + 1} used as labels"
    else:
        shown = label_column + 1 if isinstance(label_column, int) else repr(label_column)
        raise DatasetError(f"the array has no column {shown}", path=path)
    try:
        y, more = labels_to_int(X[:, label], f"column {label + 1}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    features = tuple(j for j in range(X.shape[1]) if j != label)
    source = replace(source, feature_columns=features, label_column=label)
    return np.delete(X, label, axis=1), y, (note, *more), source


def from_npz(path: Path, limits: Limits) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """Samples (and labels) from an archive, found by their conventional names.

    Only the headers of all members are read first; then only the data and label arrays
    are decompressed, after their declared sizes passed the caps.
    """
    try:
        with open_regular(path) as stream, zipfile.ZipFile(stream) as archive:
            headers = npz_headers(archive)
            if not headers:
                raise DatasetError(
                    "a ZIP archive without NumPy arrays (an Excel or OpenDocument file?); "
                    "save the table as CSV",
                    path=path,
                )
            data_key, label_key = _npz_keys(path, headers)
            try:
                headers[data_key].check(limits)
            except NpyFormatError as error:
                raise NpyFormatError(f"array {data_key!r}: {error}") from None
            wanted = [key for key in (data_key, label_key) if key is not None]
            arrays = read_npz_members(archive, [f"{k}.npy" for k in wanted], limits.max_bytes)
    except DatasetError:
        raise
    except NpyFormatError as error:
        raise DatasetError(str(error), path=path) from None
    except OSError as error:
        raise DatasetError(f"cannot read the file: {os_reason(error)}", path=path) from None
    except ARCHIVE_ERRORS as error:
        raise DatasetError(f"not a valid .npz archive ({_first_line(error)})", path=path) from None
    notes = (f"samples from array {data_key!r}",)
    source = DataSource(str(path), "npz", data_key=data_key, label_key=label_key)
    if label_key is None:
        return arrays[data_key], None, notes, source
    try:
        y, more = labels_to_int(arrays[label_key], f"labels {label_key!r}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    return arrays[data_key], y, notes + (f"labels from array {label_key!r}",) + more, source


def _npz_keys(path: Path, headers: dict) -> tuple[str, str | None]:
    """The data array's name and the label array's (or None), from names and shapes."""
    by_name = {key.lower(): key for key in headers}
    data_key = next((by_name[k] for k in DATA_KEYS if k in by_name), None)
    if data_key is None:
        tables = [key for key, header in headers.items() if len(header.shape) >= 2]
        if len(tables) != 1:
            listed = ", ".join(f"{key!r} {header.shape}" for key, header in headers.items())
            raise DatasetError(
                f"no data array found; the archive holds {listed or 'nothing'}. "
                "Name the samples X, data or images (and the labels y, target or labels)",
                path=path,
            )
        data_key = tables[0]
    return data_key, _label_key(data_key, by_name)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:120] if lines else type(error).__name__


def _label_key(data_key: str, by_name: dict[str, str]) -> str | None:
    paired = {"x_train": "y_train", "train_x": "train_y"}.get(data_key.lower())
    if paired in by_name:
        return by_name[paired]
    return next((by_name[k] for k in LABEL_KEYS if k in by_name), None)
