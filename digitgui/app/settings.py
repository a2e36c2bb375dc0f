"""Settings remembered between launches: a small wrapper over QSettings with defaults.

Tests and ``--settings PATH`` use an INI file of their own; the user's real settings are
never touched by them.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from digitgui.model.config import ConfigError, KMeansConfig

ORGANIZATION = "digitgui"
APPLICATION = "digitgui"
MAX_RECENT = 8

DEFAULTS: dict[str, object] = {
    "config": KMeansConfig().to_dict(),
    "space": "Raw pixels",
    "pen_width": 18,
    "recent_files": [],
    "tsne_perplexity": 30.0,
    "tsne_iterations": 1000,
    "show_getting_started": True,
}


class Settings:
    """Typed access to the stored settings, falling back to :data:`DEFAULTS`."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self._qs = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
            )
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def config(self) -> KMeansConfig:
        """The last parameters used; defaults when missing or no longer valid."""
        try:
            values = json.loads(str(self._qs.value("config", "")) or "{}")
            return KMeansConfig.from_dict({**DEFAULTS["config"], **values})
        except (ValueError, TypeError, ConfigError):
            return KMeansConfig()

    def set_config(self, config: KMeansConfig) -> None:
        self._qs.setValue("config", json.dumps(config.to_dict()))

    def space(self) -> str:
        return str(self._qs.value("space", DEFAULTS["space"]))

    def set_space(self, name: str) -> None:
        self._qs.setValue("space", name)

    def pen_width(self) -> int:
        try:
            return int(self._qs.value("pen_width", DEFAULTS["pen_width"]))
        except (TypeError, ValueError):
            return int(DEFAULTS["pen_width"])

    def set_pen_width(self, width: int) -> None:
        self._qs.setValue("pen_width", int(width))

    def tsne_settings(self) -> tuple[float, int]:
        """(perplexity, iterations) of the t-SNE map; defaults when missing or invalid."""
        try:
            perplexity = float(self._qs.value("tsne_perplexity", DEFAULTS["tsne_perplexity"]))
            iterations = int(self._qs.value("tsne_iterations", DEFAULTS["tsne_iterations"]))
        except (TypeError, ValueError):
            return float(DEFAULTS["tsne_perplexity"]), int(DEFAULTS["tsne_iterations"])
        if not (5 <= perplexity <= 100 and 250 <= iterations <= 10_000):
            return float(DEFAULTS["tsne_perplexity"]), int(DEFAULTS["tsne_iterations"])
        return perplexity, iterations

    def set_tsne_settings(self, perplexity: float, iterations: int) -> None:
        self._qs.setValue("tsne_perplexity", float(perplexity))
        self._qs.setValue("tsne_iterations", int(iterations))

    def recent_files(self) -> list[str]:
        try:
            value = json.loads(str(self._qs.value("recent_files", "[]")))
        except ValueError:
            return []
        return [str(v) for v in value if isinstance(v, str)][:MAX_RECENT]

    def add_recent_file(self, path: str) -> None:
        recent = [p for p in self.recent_files() if p != path]
        self._qs.setValue("recent_files", json.dumps([path, *recent][:MAX_RECENT]))

    def last_folder(self) -> str:
        """The folder of the file last opened or saved ("" before the first)."""
        folder = self._qs.value("last_folder", "")
        return folder if isinstance(folder, str) and Path(folder).is_dir() else ""

    def set_last_folder(self, folder: str) -> None:
        self._qs.setValue("last_folder", str(folder))

    def show_getting_started(self) -> bool:
        """Whether Getting started opens at launch (until "don't show again")."""
        value = self._qs.value("show_getting_started", DEFAULTS["show_getting_started"])
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "0", "no", "off")
        return bool(value)

    def set_show_getting_started(self, show: bool) -> None:
        self._qs.setValue("show_getting_started", bool(show))

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved (geometry, dock/toolbar state) of the main window, or None each."""
        geometry = self._qs.value("window/geometry")
        state = self._qs.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def set_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def window_rect(self) -> tuple[tuple[int, int, int, int] | None, bool]:
        """The window's saved (x, y, width, height) or None, and whether it was maximized.

        Kept beside Qt's geometry blob because Qt refuses to restore a blob saved on a
        bigger screen; this rectangle can be fitted onto the current screen instead.
        """
        try:
            values = json.loads(str(self._qs.value("window/rect", "null")))
        except ValueError:
            values = None
        maximized = str(self._qs.value("window/maximized", "false")).lower() == "true"
        if (
            isinstance(values, list)
            and len(values) == 4
            and all(isinstance(v, int) for v in values)
            and values[2] > 0
            and values[3] > 0
        ):
            return (values[0], values[1], values[2], values[3]), maximized
        return None, maximized

    def set_window_rect(self, rect: tuple[int, int, int, int], maximized: bool) -> None:
        self._qs.setValue("window/rect", json.dumps([int(v) for v in rect]))
        self._qs.setValue("window/maximized", bool(maximized))

    def reset(self) -> None:
        """Forget everything: the next launch starts from the defaults."""
        self._qs.clear()

    def sync(self) -> None:
        self._qs.sync()
