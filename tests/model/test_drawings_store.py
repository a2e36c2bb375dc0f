"""The user's drawings: round trip, bad content skipped, atomic writes, optdigits export."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from digitgui.model import features_from_strokes, load_dataset
from digitgui.model.io import drawings as store
from digitgui.model.io.drawings import (
    KeptDrawing,
    export_csv,
    keep_unreadable_copy,
    load_drawings,
    save_drawings,
)
from tests.model.drawn_digits import DRAWN_DIGITS


def _kept():
    return [KeptDrawing.make(d, strokes, 12.0) for d, strokes in DRAWN_DIGITS.items()]


def test_round_trip(tmp_path):
    path = tmp_path / "sub" / "my_drawings.json"
    kept = _kept()
    save_drawings(path, kept)
    loaded = load_drawings(path)
    assert loaded.problems == () and not loaded.unreadable
    assert loaded.drawings == tuple(kept)
    assert np.array_equal(
        loaded.drawings[3].features(), features_from_strokes(DRAWN_DIGITS[3], 12.0)
    )


def test_missing_file_is_empty(tmp_path):
    loaded = load_drawings(tmp_path / "none.json")
    assert loaded.drawings == () and loaded.problems == ()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": "other"}',
        b'{"format": "digitgui-drawings", "version": 99, "drawings": []}',
        b'{"format": "digitgui-drawings", "version": 1, "drawings": 5}',
        b"[" * 100_000,
    ],
)
def test_unreadable_file_gives_a_message_not_a_crash(tmp_path, content):
    path = tmp_path / "d.json"
    path.write_bytes(content)
    loaded = load_drawings(path)
    assert loaded.drawings == () and loaded.unreadable
    assert str(path) in loaded.problems[0]


def test_bad_drawings_are_skipped_with_a_message(tmp_path):
    good = KeptDrawing.make(7, DRAWN_DIGITS[7], 12.0).to_json()
    bad = [
        {"digit": 12, "pen_width": 5, "strokes": [[[1, 2]]]},
        {"digit": "7", "pen_width": 5, "strokes": [[[1, 2]]]},
        {"digit": 3, "pen_width": -1, "strokes": [[[1, 2]]]},
        {"digit": 3, "pen_width": 5, "strokes": [[[1, 2, 3]]]},
        {"digit": 3, "pen_width": 5, "strokes": []},
        {"digit": 3, "pen_width": 5, "strokes": "abc"},
        {"digit": 3, "pen_width": 5, "strokes": [[[1e308, 0], [-1e308, 0]]]},
        {"digit": 3},
        "not a record",
        None,
    ]
    path = tmp_path / "d.json"
    text = json.dumps({"format": "digitgui-drawings", "version": 1, "drawings": [good, *bad]})
    path.write_text(text)
    loaded = load_drawings(path)
    assert [d.digit for d in loaded.drawings] == [7]
    assert len(loaded.problems) == len(bad)
    assert all("skipped" in p for p in loaded.problems)
    path.write_text(text.replace("1e+308", "NaN", 1))
    assert [d.digit for d in load_drawings(path).drawings] == [7]


def test_write_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "d.json"
    save_drawings(path, _kept()[:2])
    before = path.read_bytes()

    def broken_replace(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_drawings(path, _kept())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"], "no temp file left behind"


def test_unreadable_copy_is_kept_aside(tmp_path):
    path = tmp_path / "d.json"
    path.write_bytes(b"garbage")
    moved = keep_unreadable_copy(path)
    assert moved is not None and moved.read_bytes() == b"garbage" and not path.exists()


def test_make_refuses_bad_drawings():
    for digit, strokes, pen in [
        (10, DRAWN_DIGITS[1], 5.0),
        (True, DRAWN_DIGITS[1], 5.0),
        (1, [], 5.0),
        (1, DRAWN_DIGITS[1], float("nan")),
    ]:
        with pytest.raises(ValueError):
            KeptDrawing.make(digit, strokes, pen)
    with pytest.raises(ValueError, match="points"):
        KeptDrawing.make(1, [[(float(i), 0.0) for i in range(store.MAX_POINTS + 1)]], 5.0)


@pytest.mark.parametrize("name", ["mine.csv", "mine.tra"])
@pytest.mark.parametrize("digits", [list(range(10)), [3, 3, 3], [0, 1, 4, 4, 9] * 3])
def test_csv_export_is_optdigits_and_reads_back(tmp_path, name, digits):
    kept = [KeptDrawing.make(d, DRAWN_DIGITS[d], 12.0 + i) for i, d in enumerate(digits)]
    path = tmp_path / name
    export_csv(path, kept)
    rows = [line.split(",") for line in path.read_text().splitlines()]
    assert all(len(row) == 65 for row in rows)
    header = name.endswith(".csv")
    assert len(rows) == len(kept) + header
    if header:
        assert rows[0][-1] == "digit"
    dataset = load_dataset(path)
    assert dataset.n_features == 64
    assert list(dataset.target) == [d.digit for d in kept]
    assert np.array_equal(dataset.data, np.array([d.features() for d in kept]))
