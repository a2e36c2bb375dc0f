"""Cases an outside stress run found that the other stress modules did not cover.

Each runs the real app (``python -m digitgui``) in a subprocess with its own XDG folders.

Before: ``--screenshot`` to a FIFO hung for ever in Qt's ``QPixmap.save`` (which opens the
FIFO and waits for a reader), and even ``kill`` could not end it; to a read-only disk it
said "could not write PATH" with no reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stress.app_env import app_env

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120


def _env(tmp_path: Path) -> dict:
    return app_env(tmp_path, DIGITGUI_NO_ERROR_DIALOG="1")


def run_app(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "digitgui", "--settings", str(tmp_path / "s.ini"), *args]
    try:
        return subprocess.run(
            command,
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:  # run() has killed it
        pytest.fail(f"hung: {' '.join(args)}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_screenshot_to_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "shot.png"
    os.mkfifo(fifo)
    done = run_app(tmp_path, "--screenshot", str(fifo))  # hung for ever before
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"could not write {fifo}: it is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_name_with_a_newline_is_reported_on_one_line(tmp_path):
    path = tmp_path / "bad\nname.npy"
    path.write_bytes(b"x")
    done = run_app(tmp_path, "--screenshot", str(tmp_path / "shot.png"), str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if "digitgui: Could not use" in line]
    assert lines == [
        "digitgui: Could not use bad\\nname.npy: bad\\nname.npy: this is not a NumPy .npy file"
    ], done.stderr
