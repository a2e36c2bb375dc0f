"""The PyInstaller one-folder bundle builds, starts, and renders the main window.

Slow (about a minute to build): marked `slow`; CI runs it. The bundle is built once per
session into a temporary directory with packaging/build_bundle.sh, from the checkout's .venv.
"""

from __future__ import annotations

import os
import struct
import subprocess
from pathlib import Path

import pytest

import digitgui

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
BUILD_TIMEOUT = 900  # seconds; a build takes about 60 s on the build machines
RUN_TIMEOUT = 120  # seconds for one start of the frozen app

pytestmark = pytest.mark.slow


def _isolated_env(home: Path) -> dict[str, str]:
    """Offscreen Qt, and settings/caches in a temporary home instead of the user's."""
    home.mkdir(exist_ok=True)
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    if not VENV_PYTHON.exists():
        pytest.skip(f"{VENV_PYTHON} missing: the bundle is built from the checkout's .venv")
    probe = subprocess.run([str(VENV_PYTHON), "-c", "import PyInstaller"], timeout=60)
    if probe.returncode != 0:
        pytest.skip("PyInstaller is not installed in .venv (packaging/bootstrap.sh package)")
    work = tmp_path_factory.mktemp("pyinstaller")
    out = subprocess.run(
        [
            "bash",
            str(ROOT / "packaging" / "build_bundle.sh"),
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
        ],
        env=_isolated_env(work / "home"),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert out.returncode == 0, f"bundle build failed:\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}"
    return work / "dist" / "digitgui"


def test_bundle_prints_its_version(bundle, tmp_path):
    out = subprocess.run(
        [str(bundle / "digitgui"), "--version"],
        env=_isolated_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert out.returncode == 0, out.stderr
    assert digitgui.__version__ in out.stdout


def test_bundle_carries_the_icons_under_meipass(bundle):
    # One-folder bundles set sys._MEIPASS to <bundle>/_internal; importlib.resources
    # finds the package data of digitgui there.
    icon = bundle / "_internal" / "digitgui" / "resources" / "icons" / "hicolor" / "48x48"
    assert (icon / "apps" / "org.digitgui.DigitGui.png").is_file()


def _logged_window_icon(log_dir: Path) -> str:
    """The icon file create_application() logged as set (it logs one line either way)."""
    lines = (log_dir / "digitgui.log").read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if "window icon" in line]
    assert found, "no window icon line in the log:\n" + "\n".join(lines)
    return found[-1]


def test_bundle_saves_a_screenshot(bundle, tmp_path):
    shot = tmp_path / "shot.png"
    env = _isolated_env(tmp_path / "home")
    env["DIGITGUI_LOG_DIR"] = str(tmp_path / "log")
    out = subprocess.run(
        [str(bundle / "digitgui"), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 200, (width, height)
    # A real window has text, plots and thumbnails; a blank or tiny image compresses to
    # almost nothing.
    assert len(data) > 10_000, f"suspiciously small screenshot: {len(data)} bytes"
    # The window icon came from the bundle's own copy of the package data.
    icon_line = _logged_window_icon(tmp_path / "log")
    assert "window icon set from" in icon_line, icon_line
    assert str(bundle / "_internal" / "digitgui" / "resources") in icon_line, icon_line
