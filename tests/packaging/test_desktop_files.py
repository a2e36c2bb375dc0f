"""Desktop integration files: launcher, AppStream metadata, icons and the per-user installer.

The validators come from Debian's desktop-file-utils and appstream packages, which
`make test` installs; elsewhere those tests are skipped with the reason.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.digitgui.DigitGui"
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALLER = LINUX / "install-desktop.sh"
ICONS = ROOT / "digitgui" / "resources" / "icons"
HICOLOR = ICONS / "hicolor"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TIMEOUT = 60  # seconds for any one tool run


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian: apt-get install desktop-file-utils appstream)")
    return path


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which always comes first."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert head[12:16] == b"IHDR", f"{path} has no IHDR chunk first"
    return struct.unpack(">II", head[16:24])


def _run_installer(data_home: Path, *args: str) -> subprocess.CompletedProcess:
    # HOME is redirected too, so nothing can reach the real ~/.local/share.
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), HOME=str(data_home.parent / "home"))
    return subprocess.run(
        ["bash", str(INSTALLER), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _fake_executable(directory: Path) -> Path:
    directory.mkdir(parents=True)
    exe = directory / "digitgui"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    return exe


# --- validators -------------------------------------------------------------------------


def test_desktop_file_is_valid():
    tool = _tool("desktop-file-validate")
    out = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=TIMEOUT)
    # desktop-file-validate exits 0 even with hints; treat any message as a failure.
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_desktop_file_names_the_app_id_icon_and_wm_class():
    entry = _desktop_entry(DESKTOP)
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == "digitgui"
    assert entry["Terminal"] == "false"
    assert entry["Exec"].split()[0] == "digitgui"


def test_metainfo_is_valid():
    tool = _tool("appstreamcli")
    out = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    # Errors and warnings fail validation; infos would pass it, but we keep them out too.
    problems = [line for line in out.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]
    assert problems == [], out.stdout


# --- icons ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size(size):
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png.is_file(), f"missing {png}; run packaging/make_icons.py"
    assert _png_size(png) == (size, size)


def test_scalable_icon_is_the_source_svg():
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    source = ICONS / "digitgui.svg"
    assert scalable.read_bytes() == source.read_bytes(), "run packaging/make_icons.py"


# --- install-desktop.sh -----------------------------------------------------------------


def _installed_files(data_home: Path) -> list[Path]:
    icons = [
        data_home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES
    ]
    return [
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
        data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *icons,
    ]


def test_install_points_exec_at_the_checkouts_venv(tmp_path):
    venv_exe = ROOT / ".venv" / "bin" / "digitgui"
    if not os.access(venv_exe, os.X_OK):
        pytest.skip(f"{venv_exe} not installed (run `make run` once)")
    data_home = tmp_path / "data"
    out = _run_installer(data_home)
    assert out.returncode == 0, out.stderr
    for path in _installed_files(data_home):
        assert path.is_file(), f"not installed: {path}"
    entry = _desktop_entry(data_home / "applications" / f"{APP_ID}.desktop")
    assert shlex.split(entry["Exec"]) == [str(venv_exe), "%f"]
    assert Path(entry["TryExec"]).is_absolute()


def test_install_quotes_a_path_with_spaces(tmp_path):
    exe = _fake_executable(tmp_path / "my apps")
    data_home = tmp_path / "data"
    out = _run_installer(data_home, "--exec", str(exe))
    assert out.returncode == 0, out.stderr
    installed = data_home / "applications" / f"{APP_ID}.desktop"
    # Desktop-entry quoting matches the shell's for a path with only spaces in it.
    assert shlex.split(_desktop_entry(installed)["Exec"]) == [str(exe), "%f"]
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(installed)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert check.stdout.strip() == "", check.stdout


def test_install_refuses_a_missing_executable(tmp_path):
    data_home = tmp_path / "data"
    out = _run_installer(data_home, "--exec", str(tmp_path / "nowhere" / "digitgui"))
    assert out.returncode != 0
    assert not (data_home / "applications" / f"{APP_ID}.desktop").exists()


def test_uninstall_removes_what_install_added(tmp_path):
    exe = _fake_executable(tmp_path / "bin")
    data_home = tmp_path / "data"
    assert _run_installer(data_home, "--exec", str(exe)).returncode == 0
    out = _run_installer(data_home, "--uninstall")
    assert out.returncode == 0, out.stderr
    left = [path for path in _installed_files(data_home) if path.exists()]
    assert left == []
