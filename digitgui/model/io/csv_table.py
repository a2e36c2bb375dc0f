"""Numbers from delimited text (CSV, TSV, ``;``-separated, UCI ``.tra``): fast, exact errors.

The table is parsed by numpy's C reader (:func:`numpy.loadtxt`). Only when that fails is the
text scanned again — a chunk at a time, then cell by cell in the failing chunk — to say
exactly which line and column is wrong.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitgui.model.io.errors import DatasetError, is_label_name

DELIMITERS = ("\t", ";", ",")  # the first one present in the first row is used
SCAN_CHUNK = 2000  # lines per chunk when looking for the bad cell


@dataclass(frozen=True)
class CsvTable:
    """A parsed table.

    Attributes
    ----------
    values : (n, m) finite float64 values of the numeric columns.
    names : header cell of each numeric column, or None without a header row.
    columns : 1-based file column of each numeric column.
    line_numbers : 1-based file line of each row.
    text_labels : (name, cells) of a label column holding text, or None.
    notes : what was decided while reading.
    delimiter : the cell separator, None for runs of whitespace.
    text_label_column : 0-based file column of ``text_labels``, or None.
    """

    values: np.ndarray
    names: list[str] | None
    columns: list[int]
    line_numbers: list[int]
    text_labels: tuple[str, list[str]] | None
    notes: tuple[str, ...]
    delimiter: str | None = None
    text_label_column: int | None = None


def read_csv(path: Path, raw: bytes) -> CsvTable:
    """Parse the text table ``raw`` read from ``path``.

    Raises
    ------
    DatasetError
        For binary content, no rows, ragged rows, text in a numeric cell, NaN or infinity;
        the message names the line and column.
    """
    try:
        return _read_csv(path, raw)
    except csv.Error as error:  # e.g. a NUL byte deep in the file: still not a table
        raise DatasetError(f"not a text table (CSV): {error}", path=path) from None


def normalise_newlines(text: str) -> str:
    """Old Mac line ends (a lone CR) as newlines, like text editors read them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _read_csv(path: Path, raw: bytes) -> CsvTable:
    decoded, encoding_note = _decode(path, raw)
    text = normalise_newlines(decoded)
    numbers, lines = [], []
    # split("\n"), not splitlines(): form feeds and the like must not shift line numbers
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            numbers.append(number)
            lines.append(line)
    if not lines:
        raise DatasetError("the file has no data rows", path=path)
    delimiter = next((d for d in DELIMITERS if d in lines[0]), None)
    first = _split(lines[0], delimiter)
    notes: list[str] = [encoding_note] if encoding_note else []
    names = first if _is_header(first, delimiter) else None
    if names is not None:
        numbers, lines = numbers[1:], lines[1:]
        if not lines:
            raise DatasetError("the file has a header row but no data rows", path=path)
    width = len(first)
    _check_widths(path, lines, numbers, delimiter, width, header=names is not None)
    if delimiter in ("\t", ";") and any("," in line for line in lines[:50]):
        lines = [line.replace(",", ".") for line in lines]
        notes.append("decimal commas read as decimal points")
    text_labels = None
    numeric = list(range(width))
    if names is not None:
        label = next((j for j, name in enumerate(names) if is_label_name(name)), None)
        if label is not None and not _is_number(_split(lines[0], delimiter)[label]):
            cells = [_split(line, delimiter)[label] for line in lines]
            text_labels = (names[label], cells)
            numeric.remove(label)
    values = _parse(path, lines, numbers, delimiter, numeric, names)
    _check_finite(path, values, numbers, numeric, names)
    return CsvTable(
        values=values,
        names=None if names is None else [names[j] for j in numeric],
        columns=[j + 1 for j in numeric],
        line_numbers=numbers,
        text_labels=text_labels,
        notes=tuple(notes),
        delimiter=delimiter,
        text_label_column=None if text_labels is None else label,
    )


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` and a note on how it was read ("" for UTF-8).

    UTF-8 (or UTF-16 with a byte-order mark); else Windows-1252, the encoding of a CSV
    saved by Excel on Windows (a header "Größe" or "café" made the whole file unreadable
    before). Bytes that are text in neither are refused.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError as error:
            raise DatasetError("damaged UTF-16 text", path=path) from error
    if b"\x00" in raw[:65536]:
        raise DatasetError("this is a binary file, not a text table (CSV)", path=path)
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return raw.decode("cp1252"), "read as Windows-1252 text (it is not UTF-8)"
    except UnicodeDecodeError:
        pass
    line = raw[: utf8_error.start].count(b"\n") + 1
    raise DatasetError(
        f"not a text table (CSV): byte 0x{raw[utf8_error.start]:02x} is not UTF-8 text",
        path=path,
        line=line,
    ) from utf8_error


def _split(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        return line.split()
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def _is_number(cell: str) -> bool:
    try:
        float(cell.strip().strip('"'))
    except ValueError:
        return False
    return True


def _is_header(cells: list[str], delimiter: str | None) -> bool:
    """A row with a non-empty non-number, or the column numbers pandas writes (0, 1, 2...)."""
    texts = [cell.strip().strip('"') for cell in cells]
    if delimiter in ("\t", ";"):  # decimal commas
        texts = [text.replace(",", ".") for text in texts]
    if any(text and not _is_number(text) for text in texts):
        return True
    if texts and texts[0] == "":  # pandas' unnamed row-number column
        texts = texts[1:]
    return len(texts) >= 8 and texts == [str(i) for i in range(len(texts))]


def _check_widths(
    path: Path,
    lines: list[str],
    numbers: list[int],
    delimiter: str | None,
    width: int,
    header: bool,
) -> None:
    """Every row has as many cells as the first one (the header, if any)."""
    if delimiter is None:
        counts = [len(line.split()) for line in lines]
    else:
        counts = [line.count(delimiter) + 1 for line in lines]
    for count, number in zip(counts, numbers, strict=True):
        if count != width:
            first = "the header row" if header else "the first row"
            raise DatasetError(
                f"this row has {count} values but {first} has {width}", path=path, line=number
            )


def _loadtxt(
    lines: list[str], delimiter: str | None, columns: list[int], dtype: type = np.float64
) -> np.ndarray:
    return np.loadtxt(
        lines,
        delimiter=delimiter,
        dtype=dtype,
        comments=None,
        quotechar='"' if delimiter is not None else None,
        usecols=columns,
        ndmin=2,
    )


def _parse(
    path: Path,
    lines: list[str],
    numbers: list[int],
    delimiter: str | None,
    columns: list[int],
    names: list[str] | None,
) -> np.ndarray:
    # Whole numbers (pixel counts, grey levels) parse about 7× faster as integers. Only
    # text that holds nothing but digits, signs, quotes, blanks and delimiters takes that
    # path: numpy < 2 reads "1.5" as 1 and "nan" as -2**63 with an integer dtype, so a
    # failed integer parse cannot be trusted to catch them.
    import re  # here, not at the top: only this function needs it

    not_whole = re.compile(r'[^0-9+\-\s",;]')
    if not any(not_whole.search(line) for line in lines):
        try:
            return _loadtxt(lines, delimiter, columns, np.int64).astype(np.float64)
        except (ValueError, OverflowError):
            pass  # an empty cell, a lone sign, a huge number...: the float path explains
    try:
        return _loadtxt(lines, delimiter, columns)
    except ValueError as error:
        _raise_bad_cell(path, lines, numbers, delimiter, columns, names)
        raise DatasetError(f"cannot read the numbers: {error}", path=path) from error


def _raise_bad_cell(
    path: Path,
    lines: list[str],
    numbers: list[int],
    delimiter: str | None,
    columns: list[int],
    names: list[str] | None,
) -> None:
    """Find the first cell numpy could not read and raise an error naming it."""
    for start in range(0, len(lines), SCAN_CHUNK):
        chunk = lines[start : start + SCAN_CHUNK]
        try:
            _loadtxt(chunk, delimiter, columns)
            continue
        except ValueError:
            pass
        for offset, line in enumerate(chunk):
            cells = _split(line, delimiter)
            for j in columns:
                cell = cells[j].strip('"').strip() if j < len(cells) else ""
                if not _is_number(cell):
                    what = (
                        "the cell is empty" if not cell else f"{_shorten(cell)!r} is not a number"
                    )
                    raise DatasetError(
                        what,
                        path=path,
                        line=numbers[start + offset],
                        column=j + 1,
                        column_name=names[j] if names else None,
                    )


def _check_finite(
    path: Path, values: np.ndarray, numbers: list[int], columns: list[int], names: list[str] | None
) -> None:
    bad = ~np.isfinite(values)
    if not bad.any():
        return
    row, col = (int(i) for i in np.argwhere(bad)[0])
    value = values[row, col]
    what = "NaN (a missing value)" if np.isnan(value) else "an infinite value"
    more = int(bad.sum()) - 1
    extra = f" ({more} more such cells)" if more else ""
    raise DatasetError(
        f"{what} is not allowed: every value must be a finite number{extra}",
        path=path,
        line=numbers[row],
        column=columns[col] + 1,
        column_name=names[columns[col]] if names else None,
    )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
