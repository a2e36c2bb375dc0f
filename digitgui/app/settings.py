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

    def reset(self) -> None:
        """Forget everything: the next launch starts from the defaults."""
        self._qs.clear()

    def sync(self) -> None:
        self._qs.sync()
