"""Read ``.npy`` data without pickle and without trusting the header's promises.

``numpy.load`` allocates whatever shape the header claims before it finds out the file is
shorter; a 1 kB file can ask for gigabytes, and a 400 kB ``.npz`` can inflate to
gigabytes. Here the header is parsed first (NumPy's own parser, which caps its size),
object dtypes are refused outright, the size the header declares is checked against the
caller's :class:`Limits`, and only then are exactly that many bytes read — from a file, or
decompressed from an archive member.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from typing import IO

import numpy as np

NPY_MAGIC = b"\x93NUMPY"
HEADER_PREFIX_BYTES = 16384  # more than NumPy accepts for a header (10,000 bytes)


class NpyFormatError(ValueError):
    """The bytes are not a plain-numbers ``.npy`` array, or too large to read."""


@dataclass(frozen=True)
class Limits:
    """How much may be read.

    Attributes
    ----------
    max_bytes : bytes of one array's data, and of all arrays read from one archive.
    max_values : numbers in one array (rows × columns × ...).
    """

    max_bytes: int
    max_values: int | None = None


@dataclass(frozen=True)
class NpyHeader:
    """What a ``.npy`` header declares, before any data is read."""

    shape: tuple[int, ...]
    fortran: bool
    dtype: np.dtype

    @property
    def count(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.count * self.dtype.itemsize

    def check(self, limits: Limits) -> None:
        """Raise :class:`NpyFormatError` when the array is larger than ``limits`` allow."""
        shape = " × ".join(f"{n:,}" for n in self.shape) or "scalar"
        if limits.max_values is not None and self.count > limits.max_values:
            raise NpyFormatError(
                f"the array is {shape} = {self.count:,} values; at most "
                f"{limits.max_values:,} are read"
            )
        if self.nbytes > limits.max_bytes:
            raise NpyFormatError(
                f"the array ({shape}) would take {_mb(self.nbytes)} in memory; at most "
                f"{_mb(limits.max_bytes)} is read"
            )


def read_header(stream: IO[bytes]) -> NpyHeader:
    """Parse the header at the start of ``stream`` (consumes only the header).

    Raises
    ------
    NpyFormatError
        Not ``.npy``, an unsupported version, or a Python-object array.
    """
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
    except Exception as error:  # noqa: BLE001 - NumPy's parser raises many kinds on junk
        raise NpyFormatError(f"not a valid .npy array ({_first_line(error)})") from error
    if dtype.hasobject:
        raise NpyFormatError("holds Python objects, which are never unpickled")
    return NpyHeader(tuple(int(n) for n in shape), bool(fortran), dtype)


def read_npy(data: bytes, limits: Limits | None = None) -> np.ndarray:
    """The array stored in ``data`` (the bytes of a ``.npy`` file), read-only.

    Raises
    ------
    NpyFormatError
        Not ``.npy``, a Python-object array (never unpickled), larger than ``limits``, or
        fewer data bytes than the header promises.
    """
    stream = io.BytesIO(data)
    header = read_header(stream)
    if limits is not None:
        header.check(limits)
    offset = stream.tell()
    available = len(data) - offset
    if available < header.nbytes:
        raise NpyFormatError(
            f"truncated: the header promises {header.nbytes:,} bytes of data, "
            f"there are {available:,}"
        )
    return _array(header, data, offset)


def npz_headers(archive: zipfile.ZipFile) -> dict[str, NpyHeader]:
    """Header of every ``.npy`` member, by name without ``.npy``; nothing else is inflated.

    Only the first few kilobytes of each member are decompressed.
    """
    headers = {}
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            continue
        key = info.filename.removesuffix(".npy")
        with archive.open(info) as member:
            prefix = io.BytesIO(member.read(HEADER_PREFIX_BYTES))
        try:
            headers[key] = read_header(prefix)
        except NpyFormatError as error:
            raise NpyFormatError(f"array {key!r}: {error}") from None
    return headers


def read_npz_members(
    archive: zipfile.ZipFile, names: list[str] | None, max_member_bytes: int
) -> dict[str, np.ndarray]:
    """Arrays of an open ``.npz`` archive by name (without ``.npy``), sizes capped.

    Parameters
    ----------
    archive : the open archive.
    names : members to read (with ``.npy``); all ``.npy`` members when None.
    max_member_bytes : the most data bytes read from one member, and from all together.
    """
    wanted = [
        info
        for info in archive.infolist()
        if info.filename.endswith(".npy") and (names is None or info.filename in names)
    ]
    budget = max_member_bytes
    arrays = {}
    for info in wanted:
        key = info.filename.removesuffix(".npy")
        try:
            with archive.open(info) as member:
                header = read_header(member)
                header.check(Limits(budget))
                arrays[key] = _array(header, _read_exactly(member, header.nbytes), 0)
        except NpyFormatError as error:
            raise NpyFormatError(f"array {key!r}: {error}") from None
        budget -= header.nbytes
    return arrays


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) < size:
        raise NpyFormatError(
            f"truncated: the header promises {size:,} bytes of data, there are {len(data):,}"
        )
    return data


def _array(header: NpyHeader, data: bytes, offset: int) -> np.ndarray:
    if header.count == 0:
        return np.empty(header.shape, dtype=header.dtype)
    flat = np.frombuffer(data, dtype=header.dtype, count=header.count, offset=offset)
    return flat.reshape(header.shape, order="F" if header.fortran else "C")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:120] if text else type(error).__name__
