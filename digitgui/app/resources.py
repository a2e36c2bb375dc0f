"""Where the app's own files (icons) are: beside the package, or inside a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

APP_ID = "org.digitgui.DigitGui"


def resources_dir() -> Path:
    """``resources/`` of the source checkout, or of the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path() -> Path | None:
    """The app icon (SVG preferred, else the largest PNG), or None when it is missing."""
    icons = resources_dir() / "icons"
    for candidate in (
        icons / "digitgui.svg",
        icons / "hicolor" / "512x512" / "apps" / f"{APP_ID}.png",
    ):
        if candidate.is_file():
            return candidate
    return None
