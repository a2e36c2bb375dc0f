"""Closing the window while a save or export is written: the file is written first.

The write is held inside :func:`atomic_write`, just after its temporary file was made,
by a gate the test opens (``tempfile.mkstemp`` wrapped in the atomic module), so "the
close came while the write ran" is certain, not a matter of timing.
"""

from __future__ import annotations

import os
import tempfile
import threading
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from digitgui.app.dialogs import open_boxes
from digitgui.model.io import atomic
from digitgui.model.io.atomic import TEMP_MARK
from digitgui.reports.script import python_script

TIMEOUT = 30_000
GATE_TIMEOUT_S = 60  # the write thread never waits longer than this on the gate


class WriteGate:
    """Holds every :func:`atomic_write` after it made its temporary file until opened."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.temp_names: list[str] = []

    def mkstemp(self, *args, **kwargs):
        handle, name = tempfile.mkstemp(*args, **kwargs)
        self.temp_names.append(name)
        self.opened.wait(GATE_TIMEOUT_S)  # runs in the write thread
        return handle, name


@pytest.fixture
def gate(monkeypatch):
    gate = WriteGate()
    monkeypatch.setattr(atomic, "tempfile", types.SimpleNamespace(mkstemp=gate.mkstemp))
    yield gate
    gate.opened.set()  # never leave a write thread waiting


def _temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if TEMP_MARK in name]


def _start_held_export(window, qtbot, gate, path: Path) -> None:
    window.files.export("python_script", str(path))
    qtbot.waitUntil(lambda: bool(gate.temp_names), timeout=TIMEOUT)  # inside the write
    assert window.files.writing


def test_close_during_export_writes_the_file_then_closes(window, qtbot, gate, tmp_path):
    path = tmp_path / "clustering.py"
    _start_held_export(window, qtbot, gate, path)
    assert not window.close()  # held: the window stays with the work
    assert window.isVisible() and not window.state.is_shut_down
    message = window.statusBar().currentMessage()
    assert message == "Finishing the export of clustering.py… the window closes when it is written"
    assert not path.exists()
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        gate.opened.set()
    assert not window.isVisible() and window.state.is_shut_down
    assert path.read_text(encoding="utf-8") == python_script(window.state.clustering)
    assert _temp_files(tmp_path) == []


def test_close_during_model_save_writes_it(window, qtbot, gate, tmp_path):
    from digitgui.model.io.model_file import load_model

    path = tmp_path / "model.npz"
    window.files.save_model(str(path))
    qtbot.waitUntil(lambda: bool(gate.temp_names), timeout=TIMEOUT)
    window.quit_action.trigger()  # File → Quit
    assert window.isVisible()
    assert "Finishing the save of model.npz" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        gate.opened.set()
    saved = load_model(path)
    assert (saved.result.labels == window.state.clustering.result.labels).all()


def test_second_close_quit_anyway_leaves_no_file(window, qtbot, gate, tmp_path):
    path = tmp_path / "clustering.py"
    _start_held_export(window, qtbot, gate, path)
    assert not window.close()
    assert not window.close()  # the second request asks
    dialog = window.findChild(QWidget, "pendingWriteDialog")
    assert dialog is not None and dialog.isVisible()
    assert "still being written" in dialog.text() and "Quit anyway" in dialog.text()
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        dialog.findChild(QWidget, "quitAnywayButton").click()
    assert not window.isVisible()
    assert not path.exists() and _temp_files(tmp_path) == []
    # The abandoned write, let go now, must not make the file after all.
    write = next(r for r in window.state._runners if r.name == "write")
    gate.opened.set()
    qtbot.waitUntil(lambda: not write.running, timeout=TIMEOUT)
    assert not path.exists() and _temp_files(tmp_path) == []


def test_second_close_wait_keeps_waiting(window, qtbot, gate, tmp_path):
    path = tmp_path / "clustering.py"
    _start_held_export(window, qtbot, gate, path)
    window.close()
    window.close()
    dialog = window.findChild(QWidget, "pendingWriteDialog")
    dialog.findChild(QWidget, "waitButton").click()
    assert window.isVisible() and window.close_guard.waiting
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        gate.opened.set()
    assert path.read_text(encoding="utf-8") == python_script(window.state.clustering)


def test_the_write_ending_closes_the_question_too(window, qtbot, gate, tmp_path):
    _start_held_export(window, qtbot, gate, tmp_path / "clustering.py")
    window.close()
    window.close()
    assert window.close_guard.dialog is not None
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        gate.opened.set()
    assert window.close_guard.dialog is None
    assert not [b for b in window.findChildren(QWidget, "pendingWriteDialog") if b.isVisible()]


def test_a_write_past_the_upper_bound_is_given_up(window, qtbot, gate, tmp_path, capfd):
    path = tmp_path / "clustering.py"
    window.close_guard.seconds = 0.3
    _start_held_export(window, qtbot, gate, path)
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        window.close()
    assert "the export of clustering.py did not finish within 0.3 s" in capfd.readouterr().err
    assert not path.exists() and _temp_files(tmp_path) == []


def test_a_failed_write_keeps_the_window_open(window, qtbot, gate, tmp_path):
    path = tmp_path / "clustering.py"
    _start_held_export(window, qtbot, gate, path)
    window.close()
    os.unlink(gate.temp_names[0])  # the write then fails, with a message
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT):
        gate.opened.set()
    qtbot.waitUntil(lambda: not window.close_guard.waiting, timeout=TIMEOUT)
    assert window.isVisible() and not window.state.is_shut_down
    assert "failed" in window.statusBar().currentMessage()
    for box in open_boxes("fileErrorDialog"):
        box.close()
    assert window.close()  # nothing being written: closes at once


def test_close_during_a_load_stays_immediate(window, qtbot, tmp_path):
    folder = tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(folder / "a_1.png")  # a picture nobody writes: the load never ends
    window.files.open_data(str(folder))
    assert window.files.loading
    assert window.close()  # not held: a load is not a save
    assert not window.isVisible() and window.state.is_shut_down
    assert window.findChild(QWidget, "pendingWriteDialog") is None


def test_exports_asked_for_meanwhile_are_all_written_before_closing(window, qtbot, gate, tmp_path):
    paths = [tmp_path / f"clustering{i}.py" for i in range(3)]
    _start_held_export(window, qtbot, gate, paths[0])
    for path in paths[1:]:  # queued behind the first: none replaces another
        window.files.export("python_script", str(path))
    assert not window.close()
    written = []
    window.state.message.connect(written.append)
    with qtbot.waitSignal(window.closed, timeout=TIMEOUT):
        gate.opened.set()
    text = python_script(window.state.clustering)
    assert [path.read_text(encoding="utf-8") == text for path in paths] == [True] * 3
    assert [f"Python script written to {path}" for path in paths] == written
