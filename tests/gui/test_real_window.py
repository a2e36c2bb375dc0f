"""Start the real app in a real X server (Xvfb) and screenshot it, as a user would see it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.xvfb


def _run_app(args, tmp_path, platform):
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    command = [sys.executable, "-m", "digitgui", *args, "--settings", str(tmp_path / "s.ini")]
    if platform == "xcb":
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)


def _assert_looks_like_the_app(path):
    image = QImage(str(path))
    assert not image.isNull(), "not a readable PNG"
    assert image.width() >= 800 and image.height() >= 600
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(grey.constBits(), np.uint8, grey.sizeInBytes())
    # A rendered window has text, thumbnails and plots: many distinct grey levels.
    assert len(np.unique(pixels)) > 50
    assert pixels.std() > 20


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_real_window_under_xvfb(tmp_path):
    shot = tmp_path / "window.png"
    done = _run_app(["--screenshot", str(shot)], tmp_path, "xcb")
    assert done.returncode == 0, done.stderr
    assert "QThread: Destroyed" not in done.stderr
    assert "Traceback" not in done.stderr
    _assert_looks_like_the_app(shot)


def test_screenshot_offscreen_and_version(tmp_path):
    shot = tmp_path / "offscreen.png"
    done = _run_app(["--screenshot", str(shot)], tmp_path, "offscreen")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    _assert_looks_like_the_app(shot)
    version = subprocess.run(
        [sys.executable, "-m", "digitgui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    from digitgui import __version__

    assert version.stdout.strip() == f"digitgui {__version__}"
