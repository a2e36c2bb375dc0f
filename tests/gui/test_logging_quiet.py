"""Logging: failures of the log file never reach stderr; user mistakes are one WARNING line."""

from __future__ import annotations

import logging
import os

import pytest

from digitgui.app import crash_guard


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_under_the_log_is_silent(tmp_path, monkeypatch, capfd):
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / "digitgui.log").symlink_to("/dev/full")  # every write fails with ENOSPC
    monkeypatch.setenv("DIGITGUI_LOG_DIR", str(folder))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert crash_guard.setup_logging() == folder / "digitgui.log"
        handler = next(h for h in root.handlers if isinstance(h, crash_guard.QuietFileHandler))
        logging.getLogger("digitgui.test").warning("this cannot be written")
        assert handler.failed >= 1
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        logging.captureWarnings(False)
    assert capfd.readouterr().err == ""


def test_unwritable_log_folder_is_silent(tmp_path, monkeypatch, capfd):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("DIGITGUI_LOG_DIR", str(tmp_path / "file" / "log"))  # not a folder
    assert crash_guard.setup_logging() is None
    logging.captureWarnings(False)
    assert capfd.readouterr().err == ""


def test_log_folder_follows_xdg_state_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DIGITGUI_LOG_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert crash_guard.log_directory() == tmp_path / "digitgui" / "log"


def test_tests_never_use_the_real_log_folder():
    real = os.path.expanduser("~")
    assert "digitgui-tests-" in str(crash_guard.log_directory())
    assert "digitgui-tests-" in real  # HOME itself points into the session's temp folder


def test_a_bad_file_is_logged_as_one_warning_line(qtbot, tmp_path, caplog):
    from digitgui.workers.runner import JobRunner

    (tmp_path / "bad.csv").write_text("1,2\n3,x\n")

    def job(progress, should_stop):
        from digitgui.model.io.datasets import load_dataset

        return load_dataset(tmp_path / "bad.csv")

    runner = JobRunner("test")
    try:
        with caplog.at_level(logging.WARNING), qtbot.waitSignal(runner.failed, timeout=10_000):
            runner.submit("data:bad.csv", job)
    finally:
        assert runner.shutdown(5000)
    records = [r for r in caplog.records if r.name == "digitgui.workers.runner"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "bad.csv, line 2, column 2" in records[0].getMessage()
    assert "\n" not in records[0].getMessage() and records[0].exc_info is None
