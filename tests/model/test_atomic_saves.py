"""Saves that fail leave no temporary file and say which file and why; leftovers of killed
saves are recognised by name and cleaned."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from digitgui.model.io import atomic
from digitgui.model.io.atomic import SaveError, atomic_write, remove_stale_temp_files


def test_failed_write_names_the_target_says_why_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "model.npz"
    target.write_bytes(b"old")

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device", "/hidden/.model.npz.x.tmp")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(SaveError) as caught:
        atomic_write(target, b"new")
    message = str(caught.value)
    assert message == f"cannot save {target}: the disk is full"
    assert isinstance(caught.value, OSError) and ".tmp" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]
    assert target.read_bytes() == b"old"


def test_missing_folder_and_folder_target(tmp_path):
    with pytest.raises(SaveError, match="its folder does not exist"):
        atomic_write(tmp_path / "nope" / "m.npz", b"x")
    (tmp_path / "dir.npz").mkdir()
    with pytest.raises(SaveError, match=r"dir\.npz: it is a folder"):
        atomic_write(tmp_path / "dir.npz", b"x")


def test_temp_file_of_a_killed_save_is_removed_next_time(tmp_path):
    """A child killed mid-save leaves our temp file; the next write of that file cleans it."""
    target = tmp_path / "m.npz"
    script = (
        "import os, sys, signal\n"
        "from digitgui.model.io import atomic\n"
        "atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "atomic.atomic_write(sys.argv[1], b'x' * 1000)\n"
    )
    child = subprocess.run([sys.executable, "-c", script, str(target)], timeout=60)
    assert child.returncode == -9
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".m.npz.digitgui-") and left[0].endswith(".tmp")
    atomic_write(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_only_our_stale_files_are_removed(tmp_path):
    dead = tmp_path / ".m.npz.digitgui-999999999-abc123.tmp"  # no such process
    ours = tmp_path / f".m.npz.digitgui-{os.getpid()}-abc123.tmp"  # a save in progress
    foreign = [tmp_path / ".m.npz.abc.tmp", tmp_path / "notes.tmp", tmp_path / "m.npz"]
    for path in [dead, ours, *foreign]:
        path.write_bytes(b"")
    link = tmp_path / ".x.digitgui-999999999-abc.tmp"
    link.symlink_to(tmp_path / "m.npz")
    assert remove_stale_temp_files([tmp_path, tmp_path / "missing"]) == 1
    assert not dead.exists() and ours.exists() and link.is_symlink()
    assert all(path.exists() for path in foreign)
