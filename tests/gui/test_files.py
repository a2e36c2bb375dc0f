"""File menu through the window: open data, bad files, save/open model, exports, drops."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from digitgui.app.dialogs import open_boxes
from digitgui.model import load_model

TIMEOUT = 60_000


def _write_csv(path, data, target):
    header = ",".join([f"p{i}" for i in range(data.shape[1])] + ["digit"])
    rows = [
        ",".join(map(str, map(int, row))) + f",{t}" for row, t in zip(data, target, strict=True)
    ]
    path.write_text(header + "\n" + "\n".join(rows) + "\n")


def test_open_csv_refits_on_the_new_data(window, qtbot, digits, tmp_path):
    path = tmp_path / "half.csv"
    _write_csv(path, digits.data[:900], digits.target[:900])
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        window.files.open_data(str(path))
    clustering = blocker.args[0]
    assert clustering.dataset.n_samples == 900
    np.testing.assert_array_equal(clustering.dataset.target, digits.target[:900])
    assert str(path) in window.settings.recent_files()
    assert window.recent_menu.actions()[0].text() == str(path)


def test_bad_file_shows_where_and_keeps_the_data(window, qtbot, tmp_path):
    before = window.state.clustering
    path = tmp_path / "bad.csv"
    path.write_text("a,b,c\n1,2,3\n4,five,6\n")
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.open_data(str(path))
    title, message = blocker.args
    assert "bad.csv" in title
    assert "line 3" in message and "column 2" in message
    assert window.state.clustering is before
    boxes = open_boxes("fileErrorDialog")
    assert boxes and "line 3" in boxes[-1].text()
    for box in boxes:
        box.close()


def test_binary_junk_and_empty_files_are_refused(window, qtbot, tmp_path):
    junk = tmp_path / "junk.npy"
    junk.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    for path in (junk, empty):
        with qtbot.waitSignal(window.files.error, timeout=TIMEOUT):
            window.files.open_data(str(path))
    assert window.state.dataset.n_samples == 1797
    for box in open_boxes("fileErrorDialog"):
        box.close()


def test_save_and_open_model_round_trip(window, qtbot, tmp_path):
    path = tmp_path / "model.npz"
    original = window.state.clustering
    with qtbot.waitSignal(window.state.message, timeout=TIMEOUT):
        window.files.save_model(str(path))
    qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    saved = load_model(path)
    np.testing.assert_array_equal(saved.result.centroids, original.result.centroids)
    window.params.k.setValue(5)
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT):
        window.params.run_button.click()
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        window.files.open_model(str(path))
    restored = blocker.args[0]
    np.testing.assert_array_equal(restored.result.labels, original.result.labels)
    assert restored.evaluation.metrics == original.evaluation.metrics
    assert window.params.k.value() == 10


def test_tampered_model_file_is_refused(window, qtbot, tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.open_model(str(path))
    assert "model.npz" in blocker.args[0]
    for box in open_boxes("fileErrorDialog"):
        box.close()


def test_exports_write_every_format(window, qtbot, tmp_path):
    targets = {
        "centroids_png": tmp_path / "c.png",
        "labels_csv": tmp_path / "l.csv",
        "metrics_json": tmp_path / "m.json",
        "report_html": tmp_path / "r.html",
    }
    for kind, path in targets.items():
        with qtbot.waitSignal(window.state.message, timeout=TIMEOUT):
            window.files.export(kind, str(path))
        qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    assert targets["centroids_png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(targets["labels_csv"].read_text().splitlines()) == 1798
    metrics = json.loads(targets["metrics_json"].read_text())
    assert json.dumps(metrics).count("silhouette") >= 1
    assert "<html" in targets["report_html"].read_text().lower()


def test_dropping_a_file_on_the_window_opens_it(window, qtbot, digits, tmp_path):
    path = tmp_path / "drop.csv"
    _write_csv(path, digits.data[:300], digits.target[:300])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        window.dropEvent(event)
    assert blocker.args[0].dataset.n_samples == 300


def test_command_line_path_error_is_printed_and_the_app_runs_on(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2\n3,x\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "digitgui",
            str(bad),
            "--screenshot",
            str(tmp_path / "s.png"),
            "--settings",
            str(tmp_path / "s.ini"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0
    assert "line 2, column 2" in done.stderr
    assert (tmp_path / "s.png").exists()
