"""How long the GUI thread stalls while a 5,000-move scribble is drawn and a refit shown.

A 5 ms heartbeat timer records the gap between its ticks while real mouse events draw
one long stroke (a few moves per event-loop turn, as a fast hand gives) and then while
a refit runs and its result is shown. The worst gaps are printed for the report; the
assertion only catches a freeze (a timed assert on a shared machine would be flaky).
"""

from __future__ import annotations

import math
import time

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QWidget

MOVES = 5_000
MOVES_PER_TURN = 5
HEARTBEAT_MS = 5
FREEZE_S = 5.0  # only a hang fails the test


class Heartbeat:
    """Ticks every ``HEARTBEAT_MS`` on the GUI thread; remembers the worst gap per phase."""

    def __init__(self) -> None:
        self.phase = "idle"
        self.worst: dict[str, float] = {}
        self._last = time.perf_counter()
        self.timer = QTimer(interval=HEARTBEAT_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self, phase: str) -> None:
        self.phase = phase
        self._last = time.perf_counter()
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), gap)


@pytest.fixture
def window(qtbot, tmp_path):
    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings

    pg.setConfigOptions(imageAxisOrder="row-major")
    win = MainWindow(settings=Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.clustering_changed, timeout=60_000):
        win.show()
    yield win
    win.close()


def _scribble_points(width: int, height: int) -> list[QPoint]:
    """A long looping stroke that stays inside the canvas."""
    cx, cy = width / 2, height / 2
    rx, ry = width * 0.4, height * 0.4
    return [
        QPoint(
            round(cx + rx * math.sin(i * 0.013) * math.cos(i * 0.0021)),
            round(cy + ry * math.sin(i * 0.017 + 1.0)),
        )
        for i in range(MOVES)
    ]


def test_worst_gui_stall_while_scribbling_and_refitting(qtbot, window):
    canvas = window.findChild(QWidget, "drawCanvas")
    points = _scribble_points(canvas.width(), canvas.height())
    heart = Heartbeat()
    moved = {"count": 0}

    def move_some() -> None:
        for _ in range(MOVES_PER_TURN):
            if moved["count"] >= MOVES:
                return
            qtbot.mouseMove(canvas, points[moved["count"]])
            moved["count"] += 1

    mover = QTimer(interval=0)
    mover.timeout.connect(move_some)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
    heart.start("scribble")
    mover.start()
    qtbot.waitUntil(lambda: moved["count"] >= MOVES, timeout=120_000)
    mover.stop()
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])
    heart.phase = "refit"
    with qtbot.waitSignal(window.state.clustering_changed, timeout=60_000):
        qtbot.mouseClick(window.params.run_button, Qt.MouseButton.LeftButton)
    heart.timer.stop()
    figures = ", ".join(f"{phase} {gap * 1000:.0f} ms" for phase, gap in heart.worst.items())
    print(f"\nworst GUI stall with a {HEARTBEAT_MS} ms heartbeat: {figures}")
    assert window.state.drawing is not None  # the scribble reached the model
    assert max(heart.worst.values()) < FREEZE_S
