"""The user's own labelled drawings: kept as strokes in one JSON file, written atomically.

File layout (version 1)::

    {"format": "digitgui-drawings", "version": 1,
     "drawings": [{"digit": 5, "pen_width": 18.0, "strokes": [[[x, y], ...], ...]}, ...]}

Strokes are stored, not features, so a drawing can be shown again and re-measured if the
feature recipe changes. Reading never fails on content: a drawing that cannot be used is
skipped and reported, and a file that cannot be read at all gives an empty list and a
message (the file itself is left alone until the next save, which keeps a copy of it).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitgui.model.features import Point, check_strokes, features_from_strokes
from digitgui.model.io.atomic import atomic_write_text

FORMAT = "digitgui-drawings"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024  # a file this big is not a list of mouse drawings
MAX_POINTS = 200_000  # points in one drawing


@dataclass(frozen=True)
class KeptDrawing:
    """One labelled drawing: ``strokes`` as tuples of (x, y) points, its ``digit`` (0–9)."""

    digit: int
    strokes: tuple[tuple[tuple[float, float], ...], ...]
    pen_width: float = 18.0

    @classmethod
    def make(cls, digit: int, strokes: Sequence[Sequence[Point]], pen_width: float):
        """A checked drawing; ValueError when it is not a usable drawing of a digit 0–9."""
        if isinstance(digit, bool) or not isinstance(digit, (int, np.integer)):
            raise ValueError(f"the digit must be a whole number 0–9, got {digit!r}")
        if not 0 <= int(digit) <= 9:
            raise ValueError(f"the digit must be 0–9, got {digit}")
        try:
            points = sum(len(stroke) for stroke in strokes)
        except TypeError:
            raise ValueError("the strokes are not lists of (x, y) points") from None
        if points > MAX_POINTS:
            raise ValueError(f"the drawing has {points:,} points, more than {MAX_POINTS:,}")
        # ValueError for anything features_from_strokes refuses, without measuring: a
        # file of 20,000 drawings took minutes to read, on the GUI thread, at start-up.
        lines = check_strokes(strokes, pen_width)
        clean = tuple(tuple(map(tuple, points.tolist())) for points in lines)
        return cls(int(digit), clean, float(pen_width))

    def features(self) -> np.ndarray:
        """The drawing's 64 features, as the app measures drawings."""
        return features_from_strokes([list(s) for s in self.strokes], self.pen_width)

    def to_json(self) -> dict:
        return {
            "digit": self.digit,
            "pen_width": self.pen_width,
            "strokes": [[[x, y] for x, y in stroke] for stroke in self.strokes],
        }

    @functools.cached_property
    def json_text(self) -> str:
        """:meth:`to_json` as compact JSON text, made once: every save writes every kept
        drawing, and encoding them all again took 0.2 s a keep with 40 long scribbles."""
        return json.dumps(self.to_json(), separators=(",", ":"))


@dataclass(frozen=True)
class LoadedDrawings:
    """What :func:`load_drawings` found: the usable drawings and what was wrong."""

    drawings: tuple[KeptDrawing, ...]
    problems: tuple[str, ...] = ()
    unreadable: bool = False  # the whole file could not be read


def load_drawings(path: str | os.PathLike) -> LoadedDrawings:
    """Read the drawings at ``path``; a missing file is an empty list. Never raises for
    bad content: see :class:`LoadedDrawings`."""
    path = Path(path)
    try:
        if not path.exists():
            return LoadedDrawings(())
        if not path.is_file():
            return _unreadable(path, "it is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            return _unreadable(path, f"it is larger than {MAX_FILE_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")  # an editor may have added a BOM
    except (OSError, UnicodeDecodeError) as exc:
        return _unreadable(path, _reason(exc))
    try:
        document = json.loads(text)  # NaN/Infinity parse; such a drawing is skipped below
    except (ValueError, RecursionError) as exc:
        return _unreadable(path, f"it is not valid JSON ({exc})")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return _unreadable(path, "it is not a digitgui drawings file")
    if document.get("version") != VERSION:
        return _unreadable(path, f"it has version {document.get('version')!r}, not {VERSION}")
    entries = document.get("drawings")
    if not isinstance(entries, list):
        return _unreadable(path, "it has no list of drawings")
    drawings, problems = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            if not isinstance(entry, dict):
                raise ValueError("it is not a drawing record")
            # unchecked JSON values (None when missing): make() checks each of them
            digit: Any = entry.get("digit")
            strokes: Any = entry.get("strokes")
            pen_width: Any = entry.get("pen_width")
            drawings.append(KeptDrawing.make(digit, strokes, pen_width))
        except (ValueError, TypeError) as exc:
            problems.append(f"drawing {number} skipped: {exc}")
    return LoadedDrawings(tuple(drawings), tuple(problems))


def save_drawings(path: str | os.PathLike, drawings: Sequence[KeptDrawing]) -> Path:
    """Write ``drawings`` to ``path`` atomically (a reader sees the old or the new file),
    creating its folder. Raises OSError when it cannot be written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps({"format": FORMAT, "version": VERSION}, separators=(",", ":"))[:-1]
    body = ",".join(drawing.json_text for drawing in drawings)
    return atomic_write_text(path, f'{head},"drawings":[{body}]}}')


def keep_unreadable_copy(path: str | os.PathLike) -> Path | None:
    """Move an unreadable drawings file aside (``name.unreadable``) before it is replaced,
    so nothing the user made is overwritten. Returns the new name, or None."""
    path = Path(path)
    target = path.with_name(path.name + ".unreadable")
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target


def drawings_table(drawings: Sequence[KeptDrawing]) -> np.ndarray:
    """(n, 65) integers: each drawing's 64 features then its digit (UCI optdigits rows)."""
    rows = [np.r_[drawing.features(), drawing.digit] for drawing in drawings]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 65)


def export_csv(path: str | os.PathLike, drawings: Sequence[KeptDrawing]) -> Path:
    """Write the drawings in the UCI optdigits layout: 64 features, then the digit, one
    comma-separated line each. A ``.tra``/``.tes`` file is exactly an optdigits file (no
    header); any other name gets a header row (``pixel_0`` … ``pixel_63``, ``digit``), so
    File → Open finds the labels even in a file of ten drawings of ten different digits
    or of one digit only, where an unnamed column would be ambiguous."""
    path = Path(path)
    table = drawings_table(drawings)
    lines = [",".join(str(int(v)) for v in row) for row in table]
    if path.suffix.lower() not in (".tra", ".tes"):
        lines.insert(0, ",".join([*(f"pixel_{i}" for i in range(64)), "digit"]))
    return atomic_write_text(path, "".join(line + "\n" for line in lines))


def _unreadable(path: Path, why: str) -> LoadedDrawings:
    return LoadedDrawings((), (f"{path} could not be read: {why}",), unreadable=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return getattr(exc, "strerror", None) or str(exc)
