"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644  # mode of a file that did not exist before (mkstemp makes 0600)


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
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"atomic_write expects bytes, got {type(data).__name__}")
    target = Path(os.path.realpath(path))
    mode = _mode_for(target)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_directory(target.parent)
    return target


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
