"""A settings path that is no readable file: the start neither hangs nor stays silent.

Each case reads the settings in a child process with a time bound: a FIFO used to block
the start for ever (QSettings reads it at once).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60

CHILD = """
import logging, sys
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
from digitgui.app.settings import Settings
settings = Settings(sys.argv[1] if len(sys.argv) > 1 else None)
print("pen", settings.pen_width())
settings.set_pen_width(44)
print("saved", settings.sync(), settings.pen_width())
"""


def read_settings(path: Path | None, env: dict | None = None, prefix=()):
    args = [*prefix, sys.executable, "-c", CHILD] + ([str(path)] if path else [])
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "s.ini")
    done = read_settings(tmp_path / "s.ini")  # used to block for ever
    assert done.returncode == 0, done.stderr
    assert "pen 18" in done.stdout and "saved True 44" in done.stdout
    assert "s.ini is not a regular file: settings are not kept this time" in done.stderr


def test_a_folder_or_a_loop_says_so(tmp_path):
    (tmp_path / "folder.ini").mkdir()
    done = read_settings(tmp_path / "folder.ini")
    assert "folder.ini is a folder: settings are not kept this time" in done.stderr
    assert "saved True 44" in done.stdout
    os.symlink(tmp_path / "loop.ini", tmp_path / "loop.ini")
    done = read_settings(tmp_path / "loop.ini")
    assert "loop.ini cannot be used (" in done.stderr, done.stderr


def test_the_default_folder_being_a_file_says_so(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "digitgui").write_text("not a folder")
    done = read_settings(None, {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 0, done.stderr
    assert "digitgui.ini cannot be used (" in done.stderr and "saved True 44" in done.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_file_is_reported_when_read(tmp_path):
    path = tmp_path / "s.ini"
    path.write_text("[General]\npen_width=30\n")
    path.chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads anything: drop that power for the child
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        prefix = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--")
    done = read_settings(path, prefix=prefix)
    assert done.returncode == 0, done.stderr
    assert "pen 18" in done.stdout
    assert "s.ini could not be read (no permission, or not a file); using the defaults" in (
        done.stderr
    )
