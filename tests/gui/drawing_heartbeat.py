"""Measure the GUI thread while a 5,000-move scribble is drawn (a script, not a test).

Run from the repository: ``python -m tests.gui.drawing_heartbeat [moves]``. A 5 ms
heartbeat timer records how late it fires while real mouse events (one per event-loop
turn) draw a random-walk scribble on the canvas of a real MainWindow; it prints the worst
and 99th percentile heartbeat gaps, and the cost of one drawing update (features, cluster,
guess, typicality and repaint of the answer) at a few stroke lengths.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(moves: int = 5000) -> None:
    home = tempfile.mkdtemp(prefix="digitgui-heartbeat-")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = os.path.join(home, name.lower())
    import pyqtgraph as pg
    from PySide6.QtCore import QElapsedTimer, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    pg.setConfigOptions(imageAxisOrder="row-major")
    window = MainWindow(settings=Settings(os.path.join(home, "settings.ini")))
    window.resize(1280, 720)
    window.show()
    canvas = window.draw.canvas
    rng = np.random.default_rng(0)
    side = min(canvas.width(), canvas.height())
    steps = rng.normal(0, 4, size=(moves, 2))
    points, here = [], np.array([side / 2, side / 2])
    for step in steps:
        here = np.clip(here + step, 5, side - 5)
        points.append(QPoint(int(here[0]), int(here[1])))
    gaps: list[float] = []
    cpu_marks: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer(interval=5)
    state = {"i": 0, "last": 0.0}

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        cpu_marks.append(time.thread_time())  # CPU of the GUI thread only
        if state["last"]:
            gaps.append(now - state["last"])
        state["last"] = now

    def move() -> None:
        i = state["i"]
        if i == 0:
            QTest.mousePress(
                canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0]
            )
        elif i < len(points):
            QTest.mouseMove(canvas, points[i])
        else:
            QTest.mouseRelease(
                canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
            )
            driver.stop()
            heartbeat.stop()
            QTimer.singleShot(0, finish)
            return
        state["i"] = i + 1

    def start() -> None:
        ready = window.state.clustering is not None and window.drawing.prepared is not None
        if not ready or window.tabs.count() < 2:  # wait for the exploration tabs too
            QTimer.singleShot(100, start)
            return
        clock.start()
        heartbeat.start()
        driver.start()

    def finish() -> None:
        late = np.array(gaps)
        cpu = np.diff(cpu_marks) * 1e3
        print(f"{moves} mouse moves, {len(late)} heartbeats (5 ms timer)")
        print(
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
            "(wall-clock gaps include waiting for a CPU)"
        )
        print(
            f"heartbeat gap: median {np.median(late):.1f} ms, 99th pct "
            f"{np.percentile(late, 99):.1f} ms, worst {late.max():.1f} ms"
        )
        print(
            f"GUI-thread CPU between heartbeats: median {np.median(cpu):.1f} ms, 99th pct "
            f"{np.percentile(cpu, 99):.1f} ms, worst {cpu.max():.1f} ms"
        )
        strokes = canvas.strokes
        for length in (100, 1000, 2000, len(strokes[0])):
            part = [strokes[0][:length]]
            wall, used = [], []
            for _ in range(9):
                start_wall, start_cpu = time.perf_counter(), time.thread_time()
                window.drawing._on_canvas_drawing_changed(part, canvas.pen_width)
                wall.append(time.perf_counter() - start_wall)
                used.append(time.thread_time() - start_cpu)
            print(
                f"one drawing update at {length} points: GUI-thread CPU median "
                f"{np.median(used) * 1e3:.1f} ms, worst {max(used) * 1e3:.1f} ms "
                f"(wall best {min(wall) * 1e3:.1f} ms)"
            )
        print(
            "answer:", window.draw.assignment.label.text(), "|", window.draw.assignment.guess.text()
        )
        window.close()
        app.quit()

    driver = QTimer(interval=0)
    driver.timeout.connect(move)
    heartbeat.timeout.connect(beat)
    QTimer.singleShot(0, start)
    app.exec()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
