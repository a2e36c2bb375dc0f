"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The new content goes to a temporary file beside the target, named
``.<target name>.digitgui-<process id>-<random>.tmp`` so that only our own leftovers are
ever recognised: a write that fails removes its temporary file, and one whose process was
killed mid-write is removed later by :func:`remove_stale_temp_files` (when the same target
is written again, and at start-up for the folders the app wrote to).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from digitgui.model.io.files import os_reason

NEW_FILE_MODE = 0o644  # mode of a file that did not exist before (mkstemp makes 0600)
TEMP_MARK = ".digitgui-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\..+\.digitgui-(\d+)-[A-Za-z0-9_]+\.tmp$")
STALE_AFTER_S = 24 * 3600  # a temporary file this old is stale even if its process id lives


class _Write:
    """One :func:`atomic_write` under way in this process."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.given_up = False  # set by discard_unfinished_writes


_unfinished: set[_Write] = set()  # see discard_unfinished_writes
_unfinished_lock = threading.Lock()


class SaveError(OSError):
    """A file could not be written. The message names the target and says why in words.

    Attributes
    ----------
    target : the file that was to be written.
    reason : why, e.g. "the disk is full" or "permission denied".
    """

    def __init__(self, target: str | os.PathLike, reason: str, code: int | None = None) -> None:
        super().__init__(code or 0, f"cannot save {os.fspath(target)}: {reason}")
        self.target = os.fspath(target)
        self.reason = reason

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def atomic_write(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same directory (so the final rename stays on
    one file system), are flushed and fsync'ed, and the temporary file is then renamed
    over ``path`` with :func:`os.replace`. If anything fails, the temporary file is
    removed and an existing file at ``path`` is left untouched.

    Parameters
    ----------
    path : destination. A symbolic link is followed: its target is replaced.
    data : the complete new content.

    Returns
    -------
    Path
        The path that was written (the link target for a symbolic link).

    Raises
    ------
    SaveError
        The write failed; the message names ``path`` (never the temporary file) and says
        why ("the disk is full", "permission denied", "it is a folder"...).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"atomic_write expects bytes, got {type(data).__name__}")
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise SaveError(path, "it is a folder")
    if _exists_not_regular(target):
        # Renaming over it would replace a device (/dev/null, as root), a FIFO or a
        # socket with a plain file.
        raise SaveError(path, "it is not a regular file (a device, FIFO or socket)")
    mode = _mode_for(target)
    remove_stale_temp_files([target.parent], name=target.name)
    write = _Write(target)
    with _unfinished_lock:
        _unfinished.add(write)
    try:
        _write_and_rename(path, target, data, mode, write)
    finally:
        with _unfinished_lock:
            _unfinished.discard(write)
    _sync_directory(target.parent)
    return target


def _write_and_rename(
    path: str | os.PathLike, target: Path, data: bytes, mode: int, write: _Write
) -> None:
    """The body of :func:`atomic_write`: a temporary file, written, synced, renamed."""
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=_temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise SaveError(path, _folder_reason(error)) from error
    if write.given_up:  # the process is leaving without this file
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise SaveError(path, "the save was given up as the app closed")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise SaveError(path, os_reason(error), error.errno) from error
        raise


def _temp_prefix(target: Path) -> str:
    return f".{target.name}{TEMP_MARK}{os.getpid()}-"


def discard_unfinished_writes() -> int:
    """Remove the temporary files of the :func:`atomic_write` calls still under way.

    For a process about to leave while a write it gave up on still runs (a thread past
    its shutdown deadline): the target keeps its old content (or stays absent) and no
    ``.tmp`` file is left. Such a write, should it go on, fails with :class:`SaveError`
    instead of renaming a file that is gone. Returns how many files were removed.
    """
    with _unfinished_lock:
        writes = list(_unfinished)
        for write in writes:
            write.given_up = True  # one not at its temporary file yet makes none
    removed = 0
    for write in writes:
        prefix = _temp_prefix(write.target)
        try:
            with os.scandir(write.target.parent) as listing:
                names = [e.path for e in listing if e.name.startswith(prefix)]
        except OSError:
            continue
        for name in names:
            if name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(name)
                    removed += 1
    return removed


def _exists_not_regular(target: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:  # missing (the usual case), or not reachable: the write will say
        return False


def remove_stale_temp_files(
    folders: Iterable[str | os.PathLike[str]], name: str | None = None
) -> int:
    """Remove temporary files that :func:`atomic_write` left behind in ``folders``.

    Only files named like ours are touched, and only when the process that made them is
    gone (or the file is over a day old). Errors are ignored: this is housekeeping.

    Parameters
    ----------
    folders : where to look (not recursive).
    name : only leftovers of this target file name.

    Returns
    -------
    int
        How many files were removed.
    """
    removed = 0
    prefix = f".{name}{TEMP_MARK}" if name is not None else "."
    for folder in folders:
        try:
            with os.scandir(folder) as listing:
                entries = [e for e in listing if e.name.startswith(prefix)]
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if match is None or not _is_stale(entry, int(match.group(1))):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def _is_stale(entry: os.DirEntry, pid: int) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if time.time() - info.st_mtime > STALE_AFTER_S:
        return True
    return pid != os.getpid() and not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name != "posix":
        return True  # no cheap check (os.kill would end it): only the age decides
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists (another user's) or cannot tell: keep the file
    return True


def _folder_reason(error: OSError) -> str:
    """Why a temporary file could not be made beside the target (a folder problem)."""
    reason = os_reason(error)
    if reason == "no such file or folder":
        return "its folder does not exist"
    if reason == "permission denied":
        return "permission denied (the folder is not writable)"
    return reason


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """:func:`atomic_write` of ``text`` encoded as UTF-8."""
    return atomic_write(path, text.encode("utf-8"))


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file being replaced; new files get rw-r--r--."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return NEW_FILE_MODE


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
