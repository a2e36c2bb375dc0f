"""The environment of an app run in a subprocess: offscreen, with its own user folders."""

from __future__ import annotations

import os
from pathlib import Path

XDG_FOLDERS = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


def app_env(folder: Path, **extra: str) -> dict[str, str]:
    """This process's environment, offscreen, with every XDG folder and the log under
    ``folder`` (never the user's own), plus ``extra``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    for name in XDG_FOLDERS:
        env[name] = str(folder / name.lower())
    env["DIGITGUI_LOG_DIR"] = str(folder / "log")
    return env
