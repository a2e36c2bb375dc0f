"""GUI stall of dropping a big picture: ``python -m digitgui.bench_pictures`` prints it.

A 5 ms heartbeat ``QTimer`` on the GUI thread (:mod:`digitgui.bench_heartbeat`) records
the longest gap between two beats from the drop of a 4000×4000 PNG on the drawing canvas
of a real :class:`~digitgui.app.main_window.MainWindow` until the picture has been shown
and the drawing's cluster found, plus a short settle. Also the size of the same file
without the app (read and decode with ``QImageReader``), which is what the GUI thread
paid when it decoded dropped pictures itself. Figures, not pass/fail; the target is no
gap over 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from digitgui.bench_heartbeat import Heartbeat
from digitgui.bench_stalls import wait_until

SETTLE_MS = 200


def write_big_png(path: Path, side: int) -> None:
    """A colour ``side``×``side`` PNG of a thick "1" (decodes to 4 bytes a pixel)."""
    import numpy as np
    from PySide6.QtGui import QImage

    rgb = np.full((side, side, 3), 235, dtype=np.uint8)
    rgb[side // 10 : side - side // 10, side // 2 - side // 20 : side // 2 + side // 20] = 10
    rgb[::7, ::5, 0] = 200  # some texture, so that the file is not trivially small
    image = QImage(rgb.data, side, side, 3 * side, QImage.Format.Format_RGB888)
    if not image.save(str(path)):  # PNG, from the suffix
        raise OSError(f"cannot write {path}")


def decode_seconds(path: Path) -> float:
    from PySide6.QtGui import QImageReader

    start = time.perf_counter()
    reader = QImageReader(str(path))
    reader.setAllocationLimit(64)
    image = reader.read()
    if image.isNull():
        raise OSError(f"{path}: {reader.errorString()}")
    return time.perf_counter() - start


def drop_once(window, heart: Heartbeat, path: Path) -> tuple[float, float]:
    """(worst GUI gap ms, ms from the drop until the picture was shown)."""
    from PySide6.QtCore import QMimeData, QTimer, QUrl

    canvas = window.draw.canvas
    canvas.clear()
    shown: list[float] = []
    canvas.picture_dropped.connect(lambda _grey: shown.append(time.perf_counter()))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    heart.start()
    wait_until(lambda: len(heart.gaps) > 20, 10)  # a few beats first
    dropped = time.perf_counter()
    QTimer.singleShot(0, lambda: canvas._take_mime(mime))
    wait_until(lambda: bool(shown), 60)
    settled = time.perf_counter() + SETTLE_MS / 1000
    wait_until(lambda: time.perf_counter() > settled, 10)
    heart.stop()
    canvas.picture_dropped.disconnect()
    return heart.worst(after=dropped), 1000 * (shown[0] - dropped)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitgui.bench_pictures", description=__doc__)
    parser.add_argument("--side", type=int, default=4000, help="picture side (default 4000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="split the worst gap")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="digitgui-bench-home-")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = os.path.join(scratch, name.lower())  # never the user's own
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")

    import PySide6  # noqa: F401  (before pyqtgraph)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings

    with tempfile.TemporaryDirectory(prefix="digitgui-bench-") as folder:
        path = Path(folder) / "big.png"
        write_big_png(path, args.side)
        size_mb = path.stat().st_size / 2**20
        decode = min(decode_seconds(path) for _ in range(3))
        print(f"{args.side}×{args.side} PNG, {size_mb:.1f} MB: decode alone {decode * 1000:.0f} ms")
        window = MainWindow(settings=Settings(os.path.join(scratch, "settings.ini")))
        window.show()
        wait_until(lambda: window.state.clustering is not None)
        heart = Heartbeat(explain=args.explain)
        for run in range(args.repeat):
            worst, shown = drop_once(window, heart, path)
            print(
                f"drop {run + 1}: worst GUI gap {worst:6.1f} ms; picture shown after {shown:.0f} ms"
            )
        window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
