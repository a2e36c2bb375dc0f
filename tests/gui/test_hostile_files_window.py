"""Hostile files and failing saves through the window: a clear message, data kept, the
save's target named, no temporary file left, stale ones cleaned at start."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from digitgui.app.crash_guard import remove_stale_temp_files_later

TIMEOUT = 60_000


def _close_boxes(window):
    boxes = window.findChildren(QMessageBox, "fileErrorDialog")
    assert boxes  # each error was shown to the user
    for box in boxes:
        box.close()


def test_fifo_and_link_loop_are_refused_and_the_data_stays(window, qtbot, tmp_path):
    before = window.state.dataset
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "loop.npz").symlink_to(tmp_path / "loop.npz")
    for name, words in (("pipe.csv", "FIFO"), ("loop.npz", "loops back")):
        with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
            window.files.open_data(str(tmp_path / name))
        title, message = blocker.args
        assert name in title and name in message and words in message
        assert window.state.dataset is before
    _close_boxes(window)


def test_failed_save_names_the_target_and_leaves_no_temp_file(window, qtbot, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "missing" / "model.npz"
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.save_model(str(target))
    _title, message = blocker.args
    assert message == f"cannot save {target}: its folder does not exist"
    (folder / "taken.npz").mkdir()
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.save_model(str(folder / "taken.npz"))
    assert blocker.args[1].endswith("taken.npz: it is a folder")
    assert sorted(p.name for p in folder.iterdir()) == ["taken.npz"]
    assert str(folder) in window.settings.get("write_folders")
    _close_boxes(window)


def test_stale_temp_files_in_folders_written_before_are_removed_at_start(tmp_path):
    stale = tmp_path / ".model.npz.digitgui-999999999-x1y2.tmp"
    stale.write_bytes(b"half a model")
    keep = tmp_path / ".model.npz.tmp"  # not named like ours
    keep.write_bytes(b"")
    remove_stale_temp_files_later([str(tmp_path)]).join(timeout=30)
    assert not stale.exists() and keep.exists()
