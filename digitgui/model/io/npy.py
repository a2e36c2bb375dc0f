"""Read ``.npy`` data without pickle and without trusting the header's promises.

``numpy.load`` allocates whatever shape the header claims before it finds out the file is
shorter; a 1 kB file can ask for gigabytes. Here the header is parsed first (NumPy's own
parser, which caps its size), object dtypes are refused outright, and the array is built
only when the bytes it needs are really there.
"""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np

NPY_MAGIC = b"\x93NUMPY"


class NpyFormatError(ValueError):
    """The bytes are not a plain-numbers ``.npy`` array."""


def read_npy(data: bytes) -> np.ndarray:
    """The array stored in ``data`` (the bytes of a ``.npy`` file), read-only.

    Raises
    ------
    NpyFormatError
        Not ``.npy``, a Python-object array (never unpickled), or fewer data bytes than
        the header promises.
    """
    stream = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise NpyFormatError(f"unsupported .npy format version {version[0]}.{version[1]}")
    except NpyFormatError:
        raise
    except (ValueError, SyntaxError, EOFError) as error:
        raise NpyFormatError(f"not a valid .npy array ({error})") from error
    if dtype.hasobject:
        raise NpyFormatError("holds Python objects, which are never unpickled")
    count = math.prod(shape)
    needed = count * dtype.itemsize
    available = len(data) - stream.tell()
    if available < needed:
        raise NpyFormatError(
            f"truncated: the header promises {needed:,} bytes of data, there are {available:,}"
        )
    if count == 0:
        return np.empty(shape, dtype=dtype)
    flat = np.frombuffer(data, dtype=dtype, count=count, offset=stream.tell())
    return flat.reshape(shape, order="F" if fortran else "C")


def read_npz_members(
    archive: zipfile.ZipFile, names: list[str] | None, max_member_bytes: int
) -> dict[str, np.ndarray]:
    """Arrays of an open ``.npz`` archive by name (without ``.npy``), sizes capped.

    Parameters
    ----------
    archive : the open archive.
    names : members to read (with ``.npy``); all when None.
    max_member_bytes : refuse a member declaring more uncompressed bytes than this.
    """
    arrays = {}
    for info in archive.infolist():
        if names is not None and info.filename not in names:
            continue
        key = info.filename.removesuffix(".npy")
        if info.file_size > max_member_bytes:
            raise NpyFormatError(
                f"array {key!r} would take {info.file_size / 2**20:,.1f} MB uncompressed; "
                f"at most {max_member_bytes / 2**20:,.1f} MB is read"
            )
        try:
            arrays[key] = read_npy(archive.read(info))
        except NpyFormatError as error:
            raise NpyFormatError(f"array {key!r}: {error}") from None
    return arrays
