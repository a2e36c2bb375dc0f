"""The built package, installed the way a user installs it, from outside the checkout.

An sdist is built from the checkout and a wheel from that sdist (``python -m build``), so
both must carry the icons. The wheel goes (not editable) into a fresh virtual environment;
the app then runs there from a temporary folder, where the checkout cannot be imported by
accident. A second environment adds PyQt6 beside PySide6, as scientific environments often
have: the app must not notice.

Slow (a build and two environments, ~1 min with a warm package cache): marked `slow`; CI
runs it. Needs the network or a package cache, and `uv` and `build` in .venv (the
"package" and "env" dependency groups, which `make test` installs).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import digitgui

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.digitgui.DigitGui"
ICON_FILES = [
    "digitgui/resources/icons/digitgui.svg",
    *(
        f"digitgui/resources/icons/hicolor/{n}x{n}/apps/{APP_ID}.png"
        for n in (16, 24, 32, 48, 64, 128, 256, 512)
    ),
    f"digitgui/resources/icons/hicolor/scalable/apps/{APP_ID}.svg",
]
BUILD_TIMEOUT = 600
INSTALL_TIMEOUT = 900  # seconds; downloads PySide6, scikit-learn, scipy... on a cold cache
RUN_TIMEOUT = 180

pytestmark = pytest.mark.slow

# Run inside the installed environment: the icon the app sets, and where it came from.
ICON_CHECK = """
import sys
import digitgui
from digitgui.app.application import create_application
from digitgui.app.resources import icon_path

app = create_application()
icon = icon_path()
assert icon is not None, "icon_path() is None"
assert not app.windowIcon().isNull(), "the window icon is null"
print(digitgui.__file__)
print(icon)
"""


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        pytest.skip("uv not installed (packaging/bootstrap.sh env)")
    return found


def _run(args: list, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    out = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    assert out.returncode == 0, f"{args} failed:\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}"
    return out


def _env(home: Path) -> dict[str, str]:
    """Offscreen Qt; settings, logs and caches in a temporary home; no checkout on the path."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".state"),
        DIGITGUI_LOG_DIR=str(home / "log"),
    )
    return env


@pytest.fixture(scope="session")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it, once per session."""
    probe = subprocess.run([sys.executable, "-c", "import build"], timeout=60)
    if probe.returncode != 0:
        pytest.skip("'build' not installed in .venv (packaging/bootstrap.sh package)")
    out_dir = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out_dir, ROOT], BUILD_TIMEOUT)
    (sdist,) = out_dir.glob("digitgui-*.tar.gz")
    (wheel,) = out_dir.glob("digitgui-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def _venv(where: Path, *packages) -> Path:
    """A fresh environment (no pip) with ``packages`` installed by uv, non-editable."""
    uv = _uv()
    _run([sys.executable, "-m", "venv", "--without-pip", where], RUN_TIMEOUT)
    python = where / "bin" / "python"
    _run([uv, "pip", "install", "-q", "--python", python, *packages], INSTALL_TIMEOUT)
    return python


@pytest.fixture(scope="session")
def installed(dists, tmp_path_factory) -> Path:
    """Python of a fresh environment holding only the wheel and its dependencies."""
    return _venv(tmp_path_factory.mktemp("venv-wheel") / "venv", dists["wheel"])


@pytest.fixture(scope="session")
def installed_with_pyqt6(dists, tmp_path_factory) -> Path:
    """The same, plus PyQt6 (a throwaway environment of its own)."""
    return _venv(tmp_path_factory.mktemp("venv-pyqt6") / "venv", dists["wheel"], "PyQt6")


def test_wheel_and_sdist_carry_the_icons(dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    assert set(ICON_FILES) <= names, sorted(set(ICON_FILES) - names)
    # Only the package (and its metadata) is installed: no top-level resources/ or tests/.
    assert {name.split("/")[0] for name in names} == {
        "digitgui",
        f"digitgui-{digitgui.__version__}.dist-info",
    }
    with tarfile.open(dists["sdist"]) as sdist:
        members = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert set(ICON_FILES) <= members, sorted(set(ICON_FILES) - members)


def test_installed_app_prints_its_version(installed, tmp_path):
    out = _run(
        [installed.parent / "digitgui", "--version"],
        RUN_TIMEOUT,
        cwd=tmp_path,
        env=_env(tmp_path / "home"),
    )
    assert out.stdout.strip() == f"digitgui {digitgui.__version__}"


def test_installed_app_sets_its_window_icon_from_the_package(installed, tmp_path):
    out = _run([installed, "-c", ICON_CHECK], RUN_TIMEOUT, cwd=tmp_path, env=_env(tmp_path / "h"))
    package_file, icon = out.stdout.strip().splitlines()[-2:]
    site = Path(package_file).parent
    # The installed copy, not this checkout, and the icon from inside it.
    assert not Path(package_file).is_relative_to(ROOT), package_file
    assert Path(icon).is_relative_to(site / "resources"), icon


def _screenshot(python: Path, tmp_path: Path) -> tuple[bytes, str]:
    shot = tmp_path / "shot.png"
    home = tmp_path / "home"
    out = _run(
        [python.parent / "digitgui", "--screenshot", shot],
        RUN_TIMEOUT,
        cwd=tmp_path,
        env=_env(home),
    )
    assert "saved screenshot" in out.stdout, out.stdout + out.stderr
    log = (home / "log" / "digitgui.log").read_text(encoding="utf-8")
    return shot.read_bytes(), log


def _check_png(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 200, (width, height)
    assert len(data) > 10_000, f"suspiciously small screenshot: {len(data)} bytes"


def test_installed_app_saves_a_screenshot(installed, tmp_path):
    data, log = _screenshot(installed, tmp_path)
    _check_png(data)
    assert "window icon set from" in log, log


def test_pyqt6_beside_pyside6_changes_nothing(installed_with_pyqt6, tmp_path):
    python = installed_with_pyqt6
    # PyQt6 really is importable there, so pyqtgraph could have picked it.
    _run([python, "-c", "import PyQt6.QtCore"], RUN_TIMEOUT, cwd=tmp_path)
    data, log = _screenshot(python, tmp_path)
    _check_png(data)
    assert "window icon set from" in log, log
    # pyqtgraph, imported the way the app imports it, is bound to PySide6.
    out = _run(
        [
            python,
            "-c",
            "import digitgui.widgets, pyqtgraph.Qt as q, sys; "
            "print(q.QT_LIB, 'PyQt6' in sys.modules)",
        ],
        RUN_TIMEOUT,
        cwd=tmp_path,
        env=_env(tmp_path / "home2"),
    )
    assert out.stdout.split() == ["PySide6", "False"], out.stdout
