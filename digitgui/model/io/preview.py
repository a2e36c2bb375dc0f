"""The first rows of a data file, read cheaply, so the user can pick the label column.

Only the start of the file is read (:data:`PREVIEW_BYTES`), so a preview costs the same
for a 1 kB and a 500 MB file and may run on the GUI thread. Text tables and 2-D ``.npy``
arrays have columns to choose from; other files (archives, folders, UCI optdigits) get
no preview and are loaded as they are.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitgui.model.io.csv_table import DELIMITERS, _is_header, _split, normalise_newlines
from digitgui.model.io.datasets import OPTDIGITS_SUFFIXES
from digitgui.model.io.errors import DatasetError, is_label_name
from digitgui.model.io.files import open_regular, os_reason
from digitgui.model.io.npy import NPY_MAGIC
from digitgui.model.io.table_split import guess_label_column

PREVIEW_BYTES = 256 * 1024
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Preview:
    """The start of a table.

    Attributes
    ----------
    path : the file.
    names : a title per column (the header, else "column 1", "column 2", ...).
    rows : the first rows, as the text of each cell.
    guess : the column the loader will most likely take as labels, or None.
    description : one line about the file (its shape or its separator and header).
    """

    path: str
    names: list[str]
    rows: list[list[str]]
    guess: int | None
    description: str

    @property
    def n_columns(self) -> int:
        return len(self.names)


def read_preview(path: str | Path, rows: int = PREVIEW_ROWS) -> Preview | None:
    """The first ``rows`` rows of a text table or a 2-D ``.npy`` file, else None.

    Raises
    ------
    DatasetError
        When the start of the file cannot be read (the loader would fail too).
    """
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in (*OPTDIGITS_SUFFIXES, ".npz"):
        return None
    try:
        with open_regular(path) as stream:  # a FIFO would block the GUI thread forever
            head = stream.read(PREVIEW_BYTES)
    except OSError as error:
        raise DatasetError(f"cannot read the file: {os_reason(error)}", path=path) from None
    if head.startswith(NPY_MAGIC):
        return _npy_preview(path, head, rows)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".npy":
        return None
    try:
        return _table_preview(path, head, rows)
    except csv.Error:  # not a table the loader can read either: it explains
        return None


def _table_preview(path: Path, head: bytes, count: int) -> Preview | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return None  # UTF-16 or binary: the loader explains
    text = normalise_newlines(head.decode("utf-8-sig", errors="replace"))
    lines = text.split("\n")
    if len(head) == PREVIEW_BYTES:
        lines = lines[:-1]  # the last one may be cut
    lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return None
    delimiter = next((d for d in DELIMITERS if d in lines[0]), None)
    first = _split(lines[0], delimiter)
    header = _is_header(first, delimiter)
    body = lines[1:] if header else lines
    cells = [_split(line, delimiter) for line in body[:count]]
    width = len(first)
    names = first if header else [f"column {j + 1}" for j in range(width)]
    names = [name or f"column {j + 1}" for j, name in enumerate(names)]
    cells = [row + [""] * (width - len(row)) for row in cells]
    separator = {",": "commas", ";": "semicolons", "\t": "tabs", None: "spaces"}[delimiter]
    description = f"{width} columns separated by {separator}" + (
        ", first line is a header" if header else ", no header line"
    )
    return Preview(
        str(path), names, [row[:width] for row in cells], _guess(first, cells, header), description
    )


def _guess(first: list[str], cells: list[list[str]], header: bool) -> int | None:
    """The loader's rule on the rows at hand: a column named like a label, else an
    unnamed whole-number column beside a square picture."""
    if header:
        named = [j for j, name in enumerate(first) if is_label_name(name)]
        if named:
            return named[0]
    try:
        values = np.array([[float(c.strip('"')) for c in row] for row in cells], dtype=np.float64)
    except ValueError:
        return None
    if values.ndim != 2 or len(values) < 2:
        return None
    return guess_label_column(values, None)


def _npy_preview(path: Path, head: bytes, count: int) -> Preview | None:
    stream = io.BytesIO(head)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = read_header(stream)
    except (ValueError, SyntaxError, EOFError) as error:
        raise DatasetError(f"not a valid .npy array ({error})", path=path) from error
    if len(shape) != 2 or dtype.hasobject or dtype.kind not in "biuf" or fortran:
        return None
    n, width = shape
    take = min(count, n, (len(head) - stream.tell()) // max(dtype.itemsize * width, 1))
    if take < 1:
        return None
    values = np.frombuffer(head, dtype=dtype, count=take * width, offset=stream.tell())
    values = values.reshape(take, width)
    text = [[f"{v:g}" for v in row.tolist()] for row in values]
    names = [f"column {j + 1}" for j in range(width)]
    guess = guess_label_column(values.astype(np.float64), None) if take >= 2 else None
    side = math.isqrt(width)
    shape_text = f"array of {n:,} rows × {width} columns"
    if side * side == width:
        shape_text += f" ({side}×{side} pictures, or labels among them)"
    return Preview(str(path), names, text, guess, shape_text)
