"""Opening files safely and saying in words why a file could not be used.

A path a user picks (or that sits in a folder of pictures) may be a FIFO that blocks any
reader forever, a device, a socket, a broken or looping symbolic link, or a file they may
not read. :func:`open_regular` opens without blocking and refuses anything but a regular
file; :func:`os_reason` turns an ``OSError`` into a short phrase ("permission denied",
"the disk is full") instead of errno soup.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link that loops back on itself",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENXIO: "not a regular file (a socket or a device without a driver)",
    errno.EIO: "an input/output error (a damaged disk or a lost network drive)",
    errno.EFBIG: "the file is too large for the file system",
    errno.EMFILE: "too many files are open",
    errno.EXDEV: "the temporary file and the target are on different disks",
}


class NotRegularFileError(OSError):
    """The path exists but is not a regular file (FIFO, socket, device, folder)."""


def os_reason(error: OSError) -> str:
    """A short phrase saying why ``error`` happened ("permission denied", ...)."""
    if isinstance(error, NotRegularFileError) and error.strerror is not None:
        return error.strerror
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file, without ever blocking.

    ``O_NONBLOCK`` makes opening a FIFO return at once (instead of waiting for a writer);
    the opened file is then checked with ``fstat``, so a file swapped in after any earlier
    check is still refused.

    Raises
    ------
    OSError
        The open failed (see :func:`os_reason`), or :class:`NotRegularFileError`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(os.fspath(path), flags | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(
                errno.EINVAL, f"{kind_of(mode)}, not a regular file", os.fspath(path)
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def regular_file_size(path: Path) -> int:
    """Size of the regular file at ``path`` (links followed).

    Raises
    ------
    OSError
        It cannot be reached (broken link, loop, permission), or
        :class:`NotRegularFileError`.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(errno.EINVAL, kind_of(info.st_mode), os.fspath(path))
    return info.st_size
