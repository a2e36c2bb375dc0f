"""Render digitgui/resources/icons/digitgui.svg into the freedesktop hicolor icon tree.

Run from anywhere with the project's venv (only PySide6's QtGui and QtSvg are needed):

    .venv/bin/python packaging/make_icons.py

Writes digitgui/resources/icons/hicolor/<N>x<N>/apps/org.digitgui.DigitGui.png for every
size in SIZES and copies the SVG to digitgui/resources/icons/hicolor/scalable/apps/. The
outputs are committed (package data: the app, the wheel, the bundle and install-desktop.sh
all read them there), so this only needs re-running after the SVG changes.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

APP_ID = "org.digitgui.DigitGui"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "digitgui" / "resources" / "icons"
SOURCE = ICONS / "digitgui.svg"


def render(svg: Path, size: int, target: Path) -> None:
    """Rasterise *svg* to a transparent size×size PNG at *target*."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot parse {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)  # scales the 512-unit viewBox to the image
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"cannot write {target}")


def main() -> int:
    # No window is shown; the offscreen platform works without a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    hicolor = ICONS / "hicolor"
    for size in SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(SOURCE, size, target)
        print(target.relative_to(ROOT))
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(scalable.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
