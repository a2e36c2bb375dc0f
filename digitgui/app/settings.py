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

import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from digitgui.app.setting_rules import (
    Rule,
    byte_array,
    flag,
    int_list,
    integer,
    json_object,
    number,
    text,
    text_list,
)
from digitgui.model.config import ConfigError, KMeansConfig
from digitgui.model.space import SPACES

log = logging.getLogger(__name__)

ORGANIZATION = "digitgui"
APPLICATION = "digitgui"
MAX_RECENT = 8


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

    def remove_recent_file(self, path: str) -> None:
        self.set("recent_files", [p for p in self.recent_files() if p != path])

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
