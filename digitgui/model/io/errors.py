"""What the data set loaders share: their error and turning label values into ints."""

from __future__ import annotations

import os

import numpy as np

# Column / array names that hold the true class of each sample (compared lower-case).
LABEL_NAMES: tuple[str, ...]  # grows below
LABEL_NAMES = ("label", "labels", "target", "targets", "digit", "class", "classes", "y")
LABEL_NAMES += ("true_label",)  # what the app's own labels CSV calls the true digit
MAX_LABEL_CLASSES = 100  # an unnamed column with more distinct values is not a label column
MAX_LABEL_VALUE = 10_000  # whole-number labels above (or below 0) are numbered 0, 1, ...


class InputError(ValueError):
    """The user's input cannot be used (a file, a value): a mistake to explain, not a bug.

    Such errors are shown to the user and logged at WARNING in one line, never as a
    traceback. :class:`DatasetError` and ``ModelFileError`` are input errors.
    """


class DatasetError(InputError):
    """A data file cannot be used; the message says what is wrong and where.

    Attributes
    ----------
    path : the file or folder, or None.
    line : 1-based line of a text file, or None.
    column : 1-based column of a text file, or None.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike | None = None,
        line: int | None = None,
        column: int | None = None,
        column_name: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        where = [os.path.basename(os.fspath(path))] if path is not None else []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            named = f" ({column_name!r})" if column_name else ""
            where.append(f"column {column}{named}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def is_label_name(name: str) -> bool:
    """True for a column or array name that means "the true class"."""
    return name.strip().strip('"').lower() in LABEL_NAMES


def labels_to_int(values: np.ndarray, source: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """True labels as an int array, with a note when they had to be renumbered.

    Whole numbers from 0 to :data:`MAX_LABEL_VALUE` stay as they are; other labels (text,
    fractions, negative or huge numbers) are numbered 0, 1, ... in sorted order: the views
    index tables by label, and a label of 10**17 asked for petabytes.

    Raises
    ------
    ValueError
        When the labels are not one-dimensional or hold NaN/infinite values.
    """
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError(f"{source} must be one label per sample, got shape {values.shape}")
    if values.dtype.kind in "biu" and _small_whole(values):
        return values.astype(np.int64), ()
    if values.dtype.kind == "f":
        if not np.isfinite(values).all():
            raise ValueError(f"{source} contains NaN or infinite values")
        if np.array_equal(values, np.round(values)) and _small_whole(values):
            return values.astype(np.int64), ()
    if values.dtype.kind not in "biufUS":
        raise ValueError(f"{source} holds {values.dtype} values, not labels")
    classes, numbered = np.unique(values, return_inverse=True)
    shown = ", ".join(repr(str(c)) for c in classes[:5]) + (" …" if len(classes) > 5 else "")
    note = f"{source}: {len(classes)} classes ({shown}) numbered 0–{len(classes) - 1}"
    return numbered.astype(np.int64).reshape(-1), (note,)


def _small_whole(values: np.ndarray) -> bool:
    return values.size == 0 or (values.min() >= 0 and values.max() <= MAX_LABEL_VALUE)


def looks_like_labels(column: np.ndarray) -> bool:
    """An unnamed column that could be labels: whole numbers, 2..100 distinct values."""
    if not np.array_equal(column, np.round(column)):
        return False
    distinct = len(np.unique(column))
    return 2 <= distinct <= min(MAX_LABEL_CLASSES, max(2, len(column) - 1))
