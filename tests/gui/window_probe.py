"""Measure the real main window on the current display; prints one JSON object.

Run by ``test_screens.py`` inside an Xvfb of a given size (``python -m tests.gui.window_probe``
from the repository root, with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY`` set). It starts the
window as the app does, waits for the first fit and the exploration tabs, then measures where
every GUI-contract widget is, shows each tab in turn and measures it (``tab_probe.py``),
draws a digit with mouse events, refits, and measures again. Screenshots of the whole
screen go to ``--shots``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tests.gui.tab_probe import hidden_area, tour_tabs

CONTRACT = (
    "drawCanvas",
    "assignmentLabel",
    "runButton",
    "cancelButton",
    "centroidGallery",
    "metricsPanel",
)
OPTIONAL = ("digitGuess", "myDrawings")  # checked when the window has them
WAIT_MS = 60_000


def _rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _wait_until(app, condition, timeout_ms: int = WAIT_MS) -> bool:
    """Run an event loop (which releases the GIL for the workers) until ``condition()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return True
    loop = QEventLoop()
    poll = QTimer(interval=50)
    poll.timeout.connect(lambda: condition() and loop.quit())
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    return bool(condition())


def _settle(app, ms: int = 300) -> None:
    """Let queued layout requests and paints run for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _widgets(window) -> dict:
    from PySide6.QtWidgets import QWidget

    window_rect = window.rect()
    available = window.screen().availableGeometry()
    found = {}
    for name in CONTRACT + OPTIONAL:
        widget = window.findChild(QWidget, name)
        if widget is None:
            found[name] = None
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = widget.rect().translated(top_left)
        on_screen = widget.rect().translated(widget.mapToGlobal(widget.rect().topLeft()))
        found[name] = {
            "rect": _rect(rect),
            "visible": widget.isVisible(),
            "inside": window_rect.contains(rect),
            "on_screen": available.contains(on_screen),
            "hidden_area": hidden_area(widget),  # visibleRegion() leaves out opaque children
        }
    return found


def _draw_digit(canvas) -> None:
    """A "7" drawn with mouse events across most of the canvas."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    w, h = canvas.width(), canvas.height()
    points = [(0.25, 0.2), (0.75, 0.2), (0.6, 0.5), (0.45, 0.85)]
    path = [QPoint(int(x * w), int(y * h)) for x, y in points]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[0])
    for a, b in zip(path, path[1:], strict=False):
        for step in range(1, 9):
            t = step / 8
            point = QPoint(int(a.x() + t * (b.x() - a.x())), int(a.y() + t * (b.y() - a.y())))
            QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[-1])


def _getting_started(app, window) -> dict:
    """Offer Getting started as a launch does; tick "don't show again"; offer again."""
    from PySide6.QtWidgets import QCheckBox, QDialog

    offered = window.offer_getting_started()
    page = None
    if offered:
        _wait_until(app, lambda: window.findChild(QDialog, "gettingStarted") is not None, 5000)
        page = window.findChild(QDialog, "gettingStarted")
    shown = page is not None and _wait_until(app, page.isVisible, 5000)
    found = {"offered": offered, "shown": shown, "modal": bool(page and page.isModal())}
    if page is not None:
        page.findChild(QCheckBox, "gettingStartedDontShow").setChecked(True)
        page.close()
    found["offered_again"] = window.offer_getting_started()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--settings", required=True)
    parser.add_argument("--shots", required=True, help="folder for the PNG screenshots")
    parser.add_argument("--name", default="screen")
    parser.add_argument("--refit-k", type=int, default=25)
    args = parser.parse_args(argv)

    from digitgui.app.application import create_application
    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings

    app = create_application()
    window = MainWindow(settings=Settings(args.settings))
    window.show()
    report: dict = {"errors": []}
    if not _wait_until(
        app, lambda: window.state.clustering is not None and window.explore_tabs_built
    ):
        report["errors"].append("no clustering or exploration tabs in time")
    _settle(app)
    shots = Path(args.shots)
    shots.mkdir(parents=True, exist_ok=True)
    screen = window.screen()

    def shot(stage: str) -> str:
        path = shots / f"{args.name}-{stage}.png"
        screen.grabWindow(0).save(str(path), "PNG")
        return str(path)

    canvas = window.draw.canvas
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    report.update(
        screen=_rect(screen.geometry()),
        available=_rect(screen.availableGeometry()),
        device_pixel_ratio=screen.devicePixelRatio(),
        frame=_rect(window.frameGeometry()),
        geometry=_rect(window.geometry()),
        minimum=[minimum.width(), minimum.height()],
        canvas_start=[canvas.width(), canvas.height()],
        widgets_start=_widgets(window),
        size_labels=[text for _box, text in window.metrics.sizes.axis.drawn_labels()],
        shots=[shot("start")],
    )
    report["tabs_start"] = tour_tabs(app, window, _settle, lambda tab: shot(f"start-{tab}"))

    _draw_digit(canvas)
    answered = _wait_until(app, lambda: window.draw.assignment.label.text().startswith("Cluster"))
    if not answered:
        report["errors"].append("no assignment after drawing")
    _settle(app)
    report["canvas_drawn"] = [canvas.width(), canvas.height()]
    report["strokes"] = len(canvas.strokes)
    report["assignment"] = window.draw.assignment.label.text()
    report["widgets_drawn"] = _widgets(window)
    report["shots"].append(shot("drawn"))

    finished = []
    window.state.clustering_changed.connect(lambda c: finished.append(c))
    window.params.k.setValue(args.refit_k)
    window.params.run_button.click()
    if not _wait_until(app, lambda: bool(finished)):
        report["errors"].append("no refit in time")
    _settle(app)
    report["canvas_refit"] = [canvas.width(), canvas.height()]
    report["refit_k"] = window.state.clustering.result.n_clusters
    report["widgets_refit"] = _widgets(window)
    report["size_labels_refit"] = [text for _box, text in window.metrics.sizes.axis.drawn_labels()]
    report["shots"].append(shot("refit"))
    report["tabs_refit"] = tour_tabs(app, window, _settle, lambda tab: shot(f"refit-{tab}"))
    report["frame_end"] = _rect(window.frameGeometry())
    report["getting_started"] = _getting_started(app, window)
    window.close()
    print("PROBE " + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
