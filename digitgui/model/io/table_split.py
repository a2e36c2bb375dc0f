"""Text tables split into samples and labels: which column holds the labels (by its name,
by its values, or as the user picked), a row-number column dropped, UCI optdigits checked.

The tables come parsed from :mod:`digitgui.model.io.csv_table`;
:func:`digitgui.model.io.datasets.load_dataset` dispatches here.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from digitgui.model.io.csv_table import CsvTable
from digitgui.model.io.errors import (
    DatasetError,
    is_label_name,
    labels_to_int,
    looks_like_labels,
)
from digitgui.model.io.source import GUESS, DataSource


def from_table(
    path: Path, table: CsvTable, label_column: int | str | None = GUESS
) -> tuple[np.ndarray, np.ndarray | None, tuple, DataSource]:
    """Split a parsed table into samples and (if there is one) the label column."""
    X, y, notes, keep, label = _split_table(path, table, label_column)
    source = DataSource(
        str(path),
        "table",
        delimiter=table.delimiter,
        header=table.names is not None,
        decimal_comma="decimal commas read as decimal points" in table.notes,
        feature_columns=tuple(table.columns[j] - 1 for j in keep),
        label_column=label,
        text_labels=label is not None and label == table.text_label_column,
    )
    return X, y, notes, source


def _split_table(
    path: Path, table: CsvTable, label_column: int | str | None
) -> tuple[np.ndarray, np.ndarray | None, tuple, list[int], int | None]:
    """Samples, labels, notes, the numeric columns kept as features and the file column
    of the labels (0-based, or None)."""
    notes = table.notes
    values, names = table.values, table.names
    keep = list(range(values.shape[1]))
    if names is not None and values.shape[1] > 1:
        index = _index_column(values, names)
        if index is not None and table.columns[index] - 1 != label_column:
            keep.remove(index)
            notes += (f"row-number column {names[index] or '(unnamed)'!r} ignored",)
    if not isinstance(label_column, str):  # a column the user chose, or None for none
        return _chosen_label(path, table, label_column, keep, notes)
    if table.text_labels is not None:
        name, cells = table.text_labels
        y, more = labels_to_int(np.array(cells), f"label column {name!r}")
        notes += (f"label column {name!r} used",) + more
        return values[:, keep], y, notes, keep, table.text_label_column
    label = guess_label_column(values[:, keep], None if names is None else [names[j] for j in keep])
    if label is None:
        return values[:, keep], None, notes, keep, None
    column = keep.pop(label)
    if names:
        source = f"label column {names[column]!r}"
        note = f"{source} used"
    else:
        source = f"column {table.columns[column]}"
        note = f"{'first' if column == 0 else 'last'} {source} used as labels"
    y, more = labels_to_int(values[:, column], source)
    return values[:, keep], y, notes + (note,) + more, keep, table.columns[column] - 1


def _chosen_label(
    path: Path, table: CsvTable, label_column: int | None, keep: list[int], notes: tuple
) -> tuple[np.ndarray, np.ndarray | None, tuple, list[int], int | None]:
    """Split a table by the label column the user picked (None: no labels); ``keep``
    are the numeric columns that may be features."""
    text, text_labels = table.text_label_column, table.text_labels
    if text is not None and text_labels is not None and label_column != text:
        notes += (f"text column {text_labels[0]!r} ignored",)
    if label_column is None:
        return table.values[:, keep], None, notes, keep, None
    if label_column == text and text_labels is not None:
        name, cells = text_labels
        y, more = labels_to_int(np.array(cells), f"label column {name!r}")
        notes += (f"label column {name!r} used",) + more
        return table.values[:, keep], y, notes, keep, text
    files = [column - 1 for column in table.columns]
    if label_column not in files:
        raise DatasetError(
            f"there is no numeric column {label_column + 1} to take the labels from", path=path
        )
    j = files.index(label_column)
    keep.remove(j)
    name = table.names[j] if table.names else f"column {label_column + 1}"
    try:
        y, more = labels_to_int(table.values[:, j], f"label column {name!r}")
    except ValueError as error:
        raise DatasetError(str(error), path=path) from None
    notes += (f"label column {name!r} used",) + more
    return table.values[:, keep], y, notes, keep, label_column


def _index_column(values: np.ndarray, names: list[str]) -> int | None:
    """The first column when it just numbers the rows (pandas' ``to_csv`` index)."""
    if names[0].strip('"').lower() not in ("", "unnamed: 0", "index", "id", "sample"):
        return None
    rows = np.arange(len(values))
    return (
        0 if np.array_equal(values[:, 0], rows) or np.array_equal(values[:, 0], rows + 1) else None
    )


def guess_label_column(values: np.ndarray, names: list[str] | None) -> int | None:
    """A column named like a label, or an unnamed whole-number column beside a square
    picture (d + 1 columns, d = 64, 256, 784, ...): the last or the first one, the one
    holding digits 0..9 first (a corner pixel is whole numbers too, but rarely 0..9)."""
    if names is not None:
        named = [j for j, name in enumerate(names) if is_label_name(name)]
        if named:
            return named[0]
    features = values.shape[1] - 1
    side = math.isqrt(max(features, 0))
    if side < 2 or side * side != features:
        return None
    candidates = [j for j in (features, 0) if looks_like_labels(values[:, j])]
    digits = [j for j in candidates if values[:, j].min() >= 0 and values[:, j].max() <= 9]
    if len(digits) == 2:  # both could be digits: labels use more of 0..9 than a pixel does
        return max(digits, key=lambda j: (len(np.unique(values[:, j])), j))
    return (digits or candidates or [None])[0]


def from_optdigits(path: Path, table: CsvTable) -> tuple[np.ndarray, np.ndarray, tuple]:
    """UCI optdigits: 64 pixel counts 0..16 and the digit 0..9 on each line."""
    values = table.values
    if values.shape[1] != 65 or table.names is not None:
        raise DatasetError(
            f"optdigits files have 65 numbers a line (64 pixels, then the digit); "
            f"found {values.shape[1]}",
            path=path,
            line=table.line_numbers[0],
        )
    limits = np.r_[np.full(64, 16), 9]
    bad = (values != np.round(values)) | (values < 0) | (values > limits)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        what = "the digit must be 0–9" if col == 64 else "pixel counts must be whole numbers 0–16"
        raise DatasetError(
            f"{what}, found {values[row, col]:g}",
            path=path,
            line=table.line_numbers[row],
            column=col + 1,
        )
    return values[:, :64], values[:, 64].astype(np.int64), ("UCI optdigits file",)
