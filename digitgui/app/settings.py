"""Settings remembered between launches: QSettings behind a table of checked keys.

Every key is declared once in :data:`SPEC` with its default and the rule its value must
follow (type and range). A stored value that breaks the rule — hand-edited, written by
another version, damaged — is never passed on: the default is used instead, a one-line
WARNING names the key and the value, and the default is written back, so the file is
repaired when the settings are saved on exit.

Adding a key is one line in :data:`SPEC`; read it with ``settings.get("key")`` and write it
with ``settings.set("key", value)``. Tests and ``--settings PATH`` use an INI file of their
own; the user's real settings are never touched by them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import stat
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from digitgui.model.config import ConfigError, KMeansConfig
from digitgui.model.space import SPACES

log = logging.getLogger(__name__)

ORGANIZATION = "digitgui"
APPLICATION = "digitgui"
MAX_RECENT = 8
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


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:120] if lines else type(error).__name__


def _check_config(values: dict) -> None:
    try:
        KMeansConfig.from_dict({**KMeansConfig().to_dict(), **values})
    except (ConfigError, TypeError) as error:
        raise ValueError(str(error)) from None


#: Every stored key: one line each.
SPEC: dict[str, Rule] = {
    "config": json_object(KMeansConfig().to_dict(), _check_config),
    "space": text("Raw pixels", choices=lambda: SPACES),
    "pen_width": integer(18, 1, 200),
    "recent_files": text_list(MAX_RECENT),
    "write_folders": text_list(MAX_RECENT),  # where stale temporary files are looked for
    "last_folder": text(""),
    "show_getting_started": flag(True),
    "window/rect": int_list(4, -100_000, 100_000),  # x, y, width, height
    "window/maximized": flag(False),
    "window/geometry": byte_array(),
    "window/state": byte_array(),
    "tsne_perplexity": number(30.0, 5, 100),
    "tsne_iterations": integer(1000, 250, 10_000),
}

DEFAULTS: dict[str, object] = {key: rule.default for key, rule in SPEC.items()}


class Settings:
    """Checked access to the stored settings (see :data:`SPEC`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        where = str(path) if path is not None else _default_file()
        problem = _unusable(where) if where else None
        if problem is not None:
            # Reading a FIFO would block the start for ever: keep this session's settings
            # in a file of its own, and say so.
            log.warning("settings %s %s: settings are not kept this time", where, problem)
            spare = Path(tempfile.mkdtemp(prefix="digitgui-settings-")) / "digitgui.ini"
            self._qs = QSettings(str(spare), QSettings.Format.IniFormat)
        elif path is None:
            self._qs = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
            )
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        if self._qs.status() != QSettings.Status.NoError:
            log.warning(
                "settings %s could not be read (%s); using the defaults",
                self.path,
                _status_words(self._qs.status()),
            )
        self._warned: set[str] = set()
        self.repaired: list[str] = []  # keys whose stored value was replaced by the default
        for key in SPEC:  # every bad value is reported (and repaired) once, at start
            self.get(key)

    @property
    def path(self) -> str:
        return self._qs.fileName()

    # -- generic access -----------------------------------------------------------------
    def get(self, key: str) -> Any:
        """The stored value of ``key``, or its default when missing or invalid."""
        rule = SPEC[key]
        raw = self._qs.value(key)
        if raw is None:
            return rule.default
        try:
            return rule.parse(raw)
        except (ValueError, TypeError, OverflowError, RecursionError) as error:
            self._repair(key, raw, error)
            return rule.default

    def set(self, key: str, value: Any) -> bool:
        """Store ``value`` under ``key``; None removes it.

        A value that breaks the key's rule is not stored: a WARNING says so and False is
        returned (saving settings on exit must never fail the exit).
        """
        rule = SPEC[key]
        if value is None:
            self._qs.remove(key)
            return True
        try:
            stored = rule.encode(value)
            rule.parse(stored)
        except (ValueError, TypeError, OverflowError) as error:
            log.warning("setting %s=%.80r not saved: %s", key, value, _first_line(error))
            return False
        self._qs.setValue(key, stored)
        return True

    def _repair(self, key: str, raw: object, error: BaseException) -> None:
        rule = SPEC[key]
        if key not in self._warned:
            self._warned.add(key)
            shown = repr(raw)
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            reason = _first_line(error)
            default = repr(rule.default)
            default = f" {default}" if len(default) <= 40 else ""
            log.warning(
                "settings %s: %s=%s is not valid (%s); using the default%s",
                self.path,
                key,
                shown,
                reason,
                default,
            )
            self.repaired.append(key)
        if rule.default is None:
            self._qs.remove(key)
        else:
            self._qs.setValue(key, rule.encode(rule.default))

    # -- typed accessors ----------------------------------------------------------------
    def config(self) -> KMeansConfig:
        """The last parameters used; defaults when missing or no longer valid."""
        return KMeansConfig.from_dict({**KMeansConfig().to_dict(), **self.get("config")})

    def set_config(self, config: KMeansConfig) -> None:
        self.set("config", config.to_dict())

    def space(self) -> str:
        return self.get("space")

    def set_space(self, name: str) -> None:
        self.set("space", name)

    def pen_width(self) -> int:
        return self.get("pen_width")

    def set_pen_width(self, width: int) -> None:
        self.set("pen_width", int(width))

    def tsne_settings(self) -> tuple[float, int]:
        """(perplexity, iterations) of the t-SNE map; defaults when missing or invalid."""
        return self.get("tsne_perplexity"), self.get("tsne_iterations")

    def set_tsne_settings(self, perplexity: float, iterations: int) -> None:
        self.set("tsne_perplexity", float(perplexity))
        self.set("tsne_iterations", int(iterations))

    def recent_files(self) -> list[str]:
        return self.get("recent_files")

    def add_recent_file(self, path: str) -> None:
        recent = [p for p in self.recent_files() if p != path]
        self.set("recent_files", [str(path), *recent][:MAX_RECENT])

    def add_write_folder(self, folder: str) -> None:
        folders = [f for f in self.get("write_folders") if f != folder]
        self.set("write_folders", [folder, *folders][:MAX_RECENT])

    def last_folder(self) -> str:
        """The folder of the file last opened or saved ("" before the first)."""
        folder = self.get("last_folder")
        return folder if folder and Path(folder).is_dir() else ""

    def set_last_folder(self, folder: str) -> None:
        self.set("last_folder", str(folder))

    def show_getting_started(self) -> bool:
        """Whether Getting started opens at launch (until "don't show again")."""
        return self.get("show_getting_started")

    def set_show_getting_started(self, show: bool) -> None:
        self.set("show_getting_started", bool(show))

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved (geometry, dock/toolbar state) of the main window, or None each."""
        return self.get("window/geometry"), self.get("window/state")

    def set_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.set("window/geometry", geometry)
        self.set("window/state", state)

    def window_rect(self) -> tuple[tuple[int, int, int, int] | None, bool]:
        """The window's saved (x, y, width, height) or None, and whether it was maximized.

        Kept beside Qt's geometry blob because Qt refuses to restore a blob saved on a
        bigger screen; this rectangle can be fitted onto the current screen instead.
        """
        values, maximized = self.get("window/rect"), self.get("window/maximized")
        if values is not None and values[2] > 0 and values[3] > 0:
            return (values[0], values[1], values[2], values[3]), maximized
        return None, maximized

    def set_window_rect(self, rect: tuple[int, int, int, int], maximized: bool) -> None:
        self.set("window/rect", [int(v) for v in rect])
        self.set("window/maximized", bool(maximized))

    # -- file ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything: the next launch starts from the defaults."""
        self._qs.clear()

    def sync(self) -> bool:
        """Write the settings to disk; False (and a WARNING) when that failed."""
        self._qs.sync()
        status = self._qs.status()
        if status != QSettings.Status.NoError:
            log.warning("settings %s could not be saved (%s)", self.path, _status_words(status))
            return False
        return True


def _default_file() -> str:
    """Where ``QSettings`` keeps the user's INI settings (Linux and macOS rule), or ""."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return str(Path(folder) / ORGANIZATION / f"{APPLICATION}.ini") if folder else ""


def _unusable(path: str) -> str | None:
    """Why ``path`` cannot be read as a settings file (a FIFO, a device, a loop), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None  # a first start: written on exit
    except OSError as error:  # a symbolic-link loop, a name too long
        return f"cannot be used ({error.strerror or error})"
    if stat.S_ISREG(mode):
        return None
    kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
    return f"is {kind}"


def _status_words(status: QSettings.Status) -> str:
    if status == QSettings.Status.AccessError:
        return "no permission, or not a file"
    if status == QSettings.Status.FormatError:
        return "not an INI file"
    return status.name
