"""Quitting from outside and odd command lines, as a user at a terminal would.

Before: Ctrl+C in the terminal did nothing while the window was idle (Python's
KeyboardInterrupt waits for Python code to run), ``kill`` ended the process at once with
no settings saved, a terminal Ctrl+C during the child-process server's start printed its
``KeyboardInterrupt`` traceback; ``--screenshot ""`` ran a window nobody could close,
and an impossible screenshot folder printed a traceback and then waited two minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stress.app_env import app_env

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
QUIT_TIMEOUT_S = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# The app with a line on stdout once its first fit is shown (and the child-process
# server is being started: the moment a terminal Ctrl+C used to hit it mid-import).
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from digitgui.app import main as app_main

def hook():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    window.tabs_ready.connect(lambda: print("READY", flush=True))

QTimer.singleShot(0, hook)
app_main.main(["--settings", sys.argv[1]])
"""


def _env(tmp_path: Path) -> dict:
    return app_env(tmp_path, DIGITGUI_NO_ERROR_DIALOG="1")


@pytest.mark.parametrize(
    ("signum", "whole_group"),
    [(signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGHUP, False)],
    ids=["ctrl-c-in-terminal", "kill", "terminal-closed"],
)
def test_a_quit_signal_closes_cleanly_and_saves_settings(tmp_path, signum, whole_group):
    settings = tmp_path / "settings.ini"
    with open(tmp_path / "stderr", "w+") as err:  # a file: the children inherit it
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(settings)],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,  # its own process group, like a terminal's job
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while process.stdout.readline().strip() != "READY":
                assert process.poll() is None and time.monotonic() < deadline, "no start"
            if whole_group:  # what Ctrl+C does: every process of the job gets SIGINT
                os.killpg(process.pid, signum)
            else:
                os.kill(process.pid, signum)
            code = process.wait(timeout=QUIT_TIMEOUT_S)  # was: ignored for ever (SIGINT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        err.seek(0)
        errors = err.read()
    assert code == 0, errors[-3000:]
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors[-3000:]
    assert settings.exists(), "settings were not saved on the way out"
    log = (tmp_path / "log" / "digitgui.log").read_text(encoding="utf-8")
    assert f"{signal.Signals(signum).name} received: quitting" in log


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "digitgui", "--settings", str(tmp_path / "s.ini"), *args],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "needs a file name"), (".", "is a folder; give a file name in it")],
    ids=["empty", "folder"],
)
def test_a_screenshot_path_that_cannot_be_is_refused_at_once(tmp_path, value, message):
    done = run_cli(tmp_path, "--screenshot", value)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_an_unwritable_screenshot_folder_says_why_and_exits(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    done = run_cli(tmp_path, "--screenshot", str(blocker / "shot.png"))
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"could not write {blocker / 'shot.png'}: " in done.stderr
    assert "Traceback" not in done.stderr and "no clustering finished" not in done.stderr
