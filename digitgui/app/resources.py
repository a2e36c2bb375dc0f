"""The app's own files (icons), read from the package with :mod:`importlib.resources`.

They live in ``digitgui/resources/`` and ship as package data in the wheel and the sdist;
a PyInstaller bundle carries the same folder as ``_internal/digitgui/resources/``. The
lookup is the same in all three cases: through the ``digitgui`` package, never through a
path relative to the source checkout.
"""

from __future__ import annotations

import atexit
import sys
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

APP_ID = "org.digitgui.DigitGui"

# Files a zipped install would have to extract stay extracted until the process ends
# (for a normal install or a bundle, as_file() hands back the real path, nothing to undo).
_extracted = ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Traversable:
    """``digitgui/resources/<parts...>`` as a Traversable (it may not exist)."""
    ref = files("digitgui") / "resources"
    for part in parts:
        ref = ref / part
    return ref


def resource_path(*parts: str) -> Path | None:
    """A file system path to ``digitgui/resources/<parts...>``, or None when it is missing."""
    ref = resource(*parts)
    if not ref.is_file():
        return None
    return _extracted.enter_context(as_file(ref))


def icon_path() -> Path | None:
    """The app icon (SVG preferred, else the largest PNG), or None when it is missing."""
    for parts in (
        ("icons", "digitgui.svg"),
        ("icons", "hicolor", "512x512", "apps", f"{APP_ID}.png"),
    ):
        path = resource_path(*parts)
        if path is not None:
            return path
    return None
