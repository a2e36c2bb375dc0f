"""The rules a stored setting must follow: its type, range and how it is stored.

Each constructor returns a :class:`Rule` for one key of the table in
:mod:`digitgui.app.settings`. A rule's ``parse`` raises ``TypeError`` or ``ValueError`` for a
value that breaks it; the settings then use the default and say so.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray

MAX_TEXT = 4096  # longer strings (a path, a name) are not a value we wrote
MAX_JSON = 64 * 1024


@dataclass(frozen=True)
class Rule:
    """How one key is stored and checked.

    Attributes
    ----------
    default : the value used when the key is missing or invalid.
    parse : stored value → checked value; raises ``ValueError`` or ``TypeError`` when bad.
    encode : checked value → what is stored (a string, or ``QByteArray``).
    """

    default: Any
    parse: Callable[[object], Any]
    encode: Callable[[Any], object] = str


def integer(default: int, low: int, high: int) -> Rule:
    """A whole number from ``low`` to ``high``."""

    def parse(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise TypeError(f"not a whole number ({type(raw).__name__})")
        value = int(raw.strip()) if isinstance(raw, str) else raw
        if not low <= value <= high:
            raise ValueError(f"outside {low}..{high}")
        return value

    return Rule(default, parse, lambda value: str(int(value)))


def number(default: float, low: float, high: float) -> Rule:
    """A finite number from ``low`` to ``high``."""

    def parse(raw: object) -> float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise TypeError(f"not a number ({type(raw).__name__})")
        value = float(raw)
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(f"outside {low:g}..{high:g}")
        return value

    return Rule(default, parse, lambda value: repr(float(value)))


def flag(default: bool) -> Rule:
    """``true`` or ``false``."""

    def parse(raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        raise ValueError("not true or false")

    return Rule(default, parse, lambda value: "true" if value else "false")


def text(default: str, choices: Callable[[], Collection[str]] | None = None) -> Rule:
    """A string of at most :data:`MAX_TEXT` characters, one of ``choices()`` when given."""

    def parse(raw: object) -> str:
        if not isinstance(raw, str):
            raise TypeError(f"not text ({type(raw).__name__})")
        if len(raw) > MAX_TEXT or "\x00" in raw:
            raise ValueError("not a plausible text value")
        if choices is not None and raw not in choices():
            raise ValueError("not one of the known choices")
        return raw

    return Rule(default, parse)


def text_list(max_items: int) -> Rule:
    """A JSON list of strings (file paths), at most ``max_items`` kept."""

    def parse(raw: object) -> list[str]:
        value = _json(raw)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError("not a list of text")
        if any(len(v) > MAX_TEXT or "\x00" in v for v in value):
            raise ValueError("holds an implausible path")
        return value[:max_items]

    return Rule([], parse, lambda value: json.dumps(list(value)[:max_items]))


def int_list(length: int, low: int, high: int) -> Rule:
    """A JSON list of ``length`` whole numbers from ``low`` to ``high``; None by default."""

    def parse(raw: object) -> list[int]:
        value = _json(raw)
        if (
            not isinstance(value, list)
            or len(value) != length
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise TypeError(f"not a list of {length} whole numbers")
        if not all(low <= v <= high for v in value):
            raise ValueError(f"a number outside {low}..{high}")
        return value

    return Rule(None, parse, lambda value: json.dumps([int(v) for v in value]))


def json_object(default: dict, check: Callable[[dict], object]) -> Rule:
    """A JSON object that ``check`` accepts (it raises ``ValueError``/``TypeError`` if not)."""

    def parse(raw: object) -> dict:
        value = _json(raw)
        if not isinstance(value, dict):
            raise TypeError("not a JSON object")
        check(value)
        return value

    return Rule(default, parse, json.dumps)


#: Marks a Qt blob as written by digitgui; a digest of the blob follows it.
BLOB_MAGIC = b"digitgui-blob-1:"
BLOB_DIGEST = 16  # bytes of BLAKE2b


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=BLOB_DIGEST).digest()


def byte_array() -> Rule:
    """Bytes that Qt reads back itself (window geometry and layout); ``None`` by default.

    Stored with :data:`BLOB_MAGIC` and a digest, and passed to Qt only when the digest
    matches: ``QMainWindow.restoreState`` crashes the process on some damaged layouts
    (one flipped byte in a dock's area crashed every start), so only bytes this app wrote
    reach it, unchanged.
    """

    def parse(raw: object) -> QByteArray:
        if not isinstance(raw, QByteArray):
            raise TypeError(f"not bytes ({type(raw).__name__})")
        stored = bytes(raw.data())
        head = len(BLOB_MAGIC) + BLOB_DIGEST
        if not stored.startswith(BLOB_MAGIC) or len(stored) < head:
            raise ValueError("not written by digitgui")
        payload = stored[head:]
        if _digest(payload) != stored[len(BLOB_MAGIC) : head]:
            raise ValueError("damaged: its checksum does not match")
        return QByteArray(payload)

    def encode(value: QByteArray) -> QByteArray:
        payload = bytes(QByteArray(value).data())
        return QByteArray(BLOB_MAGIC + _digest(payload) + payload)

    return Rule(None, parse, encode)


def _json(raw: object) -> object:
    if not isinstance(raw, str):
        raise TypeError(f"not JSON text ({type(raw).__name__})")
    if len(raw) > MAX_JSON:
        raise ValueError("too long")
    return json.loads(raw)  # JSONDecodeError is a ValueError; RecursionError is caught below
