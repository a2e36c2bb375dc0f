"""GUI stalls at MNIST size: ``python -m digitgui.bench_stalls`` prints what a user would feel.

A 5 ms heartbeat ``QTimer`` on the GUI thread records the longest gap between two beats
while each action runs, from the action to the moment every view has settled:

* the default digits: showing a new result;
* 70,000 × 784 pictures (``digitgui.bench_data``): opening the data set (the views reset,
  the suggested mini-batch fit starts), fitting, showing the result in every view, picking
  clusters in the gallery, showing a result again (a refit);
* 70,000 × 64 samples (the digits' own form, so a drawing can be placed): drawing a
  stroke on the canvas with real mouse events;
* optionally (``--convert-load``, about two minutes) opening the 28×28 file through the
  app's own load path, which converts every picture to 8×8 in the loader's worker.

Then the GUI time of each view on its own: its update slot called directly with the
result (``time.perf_counter``), and the paint of each tab (``QWidget.grab``). Figures,
not pass/fail; the target is no stall over 50 ms. ``--explain`` splits each worst gap
into the GUI thread's own work, its wait for a core and its wait for the GIL
(:mod:`digitgui.bench_heartbeat`). On a shared machine other processes' load shows as
waiting for a core: note the load average with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from digitgui.bench_data import DEFAULT_PATH, large_dataset, write_dataset
from digitgui.bench_heartbeat import Heartbeat, StallSampler

SETTLE_MS = 400  # after the last awaited event, late repaints still count
TIMEOUT_S = 240
_AWAITED = ("fitThread", "projectionThread", "silhouetteThread")  # what a result waits for


def run_until(predicate: Callable[[], bool], timeout_s: float, poll_ms: int = 10) -> bool:
    """Run the event loop until ``predicate()`` holds (checked every ``poll_ms``) or
    ``timeout_s`` has passed; whether it holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    poll = QTimer(interval=poll_ms)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not predicate():
        loop.exec()
    poll.stop()
    return bool(predicate())


def wait_until(predicate: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> None:
    """:func:`run_until`, raising ``TimeoutError`` when the app did not get there."""
    if not run_until(predicate, timeout_s):
        raise TimeoutError("the application did not get there in time")


def settle(ms: int = SETTLE_MS) -> None:
    """Let the event loop run for ``ms`` (late repaints and queued slots)."""
    until = time.monotonic() + ms / 1000
    wait_until(lambda: time.monotonic() >= until)


class ResultWatch:
    """Notes when a new clustering reaches the state and when the explore tabs show it."""

    def __init__(self, window) -> None:
        self.window = window
        self.delivered = 0.0
        self.clustering = window.state.clustering
        original = window.state.set_clustering

        def timed(clustering) -> None:
            self.delivered = time.perf_counter()
            original(clustering)
            self.clustering = window.state.clustering

        window.state.set_clustering = timed  # the fit and file controllers call this

    def reset(self) -> None:
        self.delivered, self.clustering = 0.0, None

    def shown(self) -> bool:
        """The clustering is in the state, the silhouette drawn, the projection coloured."""
        window = self.window
        if self.clustering is None:
            return False
        silhouette = window.findChild(_widget_type("silhouette_plot", "SilhouettePlot"))
        projection = window.findChild(_widget_type("projection_view", "ProjectionView"))
        drawn = silhouette is None or bool(silhouette.bands)
        busy = [
            runner
            for runner in window.state._runners
            if runner.busy and runner._thread.objectName() in _AWAITED
        ]
        return drawn and not busy and (projection is None or projection.shown_method is not None)


def _widget_type(module: str, name: str):
    import importlib

    return getattr(importlib.import_module(f"digitgui.widgets.{module}"), name)


def measure_result(window, watch: ResultWatch, heart: Heartbeat, run: Callable[[], None]):
    """Worst stall while fitting and while showing the result, in ms."""
    watch.reset()
    heart.start()
    started = time.perf_counter()
    run()
    wait_until(watch.shown)
    settle()
    heart.stop()
    return {
        "fit_ms": heart.worst(started, watch.delivered),
        "show_ms": heart.worst(watch.delivered),
        "fit_s": watch.clustering.result.seconds,
    }


def per_view_ms(window, repeats: int = 3) -> dict[str, float]:
    """GUI time of each view for the current clustering: its update slot, called alone."""
    from digitgui.app.presenters.projection import ProjectionPresenter
    from digitgui.app.presenters.silhouette import SilhouettePresenter, silhouette_job

    state = window.state
    clustering = state.clustering
    selected = max(state.selected_cluster, 0)
    projection = window.findChild(ProjectionPresenter)
    silhouette = window.findChild(SilhouettePresenter)
    payload = silhouette_job(clustering, lambda *_: None, lambda: False)
    steps: dict[str, Callable[[], None]] = {
        "gallery": lambda: window.gallery.set_views(clustering.views),
        "cluster members": lambda: window.members.show_cluster(clustering.views, selected),
        "metrics table": lambda: window.metrics.table.set_clustering(clustering),
        "cluster size chart": lambda: window.metrics.sizes.set_clustering(clustering),
        "contingency heatmap": lambda: window.metrics.heatmap.set_clustering(clustering),
        "drawing assignment": lambda: window.drawing._on_state_clustering_changed(clustering),
        "projection (recolour)": lambda: projection._on_state_clustering_changed(clustering),
        "silhouette (draw)": lambda: silhouette._on_runner_finished("silhouette", payload),
        "select a cluster": lambda: state.cluster_selected.emit((selected + 1) % 3),
        "all views (one clustering_changed)": lambda: state.clustering_changed.emit(clustering),
    }
    figures = {}
    for name, step in steps.items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            step()
            times.append(1000 * (time.perf_counter() - start))
        figures[name] = statistics.median(times)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(50)
        start = time.perf_counter()
        window.grab()
        figures[f"paint: {window.tabs.tabText(index)} tab"] = 1000 * (time.perf_counter() - start)
    window.tabs.setCurrentIndex(0)
    return figures


def click_tiles(window, heart: Heartbeat, count: int = 10) -> float:
    """Worst stall while clicking ``count`` gallery tiles (real mouse events) in turn."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    gallery = window.gallery
    heart.start()
    for cluster in range(min(count, gallery.tile_count())):
        rect = gallery.tile_rect(cluster)
        QTest.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        settle(60)
    settle()
    heart.stop()
    return heart.worst()


def draw_stroke(window, heart: Heartbeat, moves: int = 240) -> float:
    """Worst stall while drawing a loop of ``moves`` mouse moves, one every 8 ms."""
    import math

    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    canvas = window.draw.canvas
    canvas.clear()
    w, h = canvas.width(), canvas.height()
    points = [
        QPoint(
            int(w / 2 + 0.3 * w * math.sin(2 * math.pi * i / moves)),
            int(h / 2 - 0.4 * h * math.cos(2 * math.pi * i / moves)),
        )
        for i in range(moves)
    ]
    step = {"i": 0}
    timer = QTimer(interval=8)

    def move() -> None:
        i = step["i"]
        if i == 0:
            QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
        elif i < moves:
            QTest.mouseMove(canvas, points[i])
        else:
            QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])
            timer.stop()
        step["i"] = i + 1

    timer.timeout.connect(move)
    heart.start()
    timer.start()
    wait_until(lambda: step["i"] > moves)
    settle()
    heart.stop()
    return heart.worst()


def digits_like_64(n_samples: int = 70_000, seed: int = 1):
    """70,000 × 64 samples like the digits (values 0..16): drawings can be placed in it."""
    import numpy as np

    from digitgui.model.dataset import Dataset, load_digits_dataset

    digits = load_digits_dataset()
    assert digits.target is not None  # the digits have their labels
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, digits.n_samples, n_samples)
    data = np.clip(digits.data[picks] + rng.normal(0, 1.0, (n_samples, 64)), 0, 16)
    return Dataset(data, data.reshape(-1, 8, 8), digits.target[picks], "digits ×39 with noise")


class _PrintedRows(list[tuple[str, float]]):
    """The table's rows, each printed as soon as it is measured."""

    def append(self, row: tuple[str, float]) -> None:
        print(f"{row[0]:<58}{row[1]:>9.1f}", flush=True)
        super().append(row)

    # list's own signature; mypy's check against list.__add__'s overloads is a false alarm
    def __iadd__(self, rows: Iterable[tuple[str, float]]) -> _PrintedRows:  # type: ignore[override, misc]
        for row in rows:
            self.append(row)
        return self


def run(
    path: Path, convert_load: bool, sample: bool = False, explain: bool = False
) -> list[tuple[str, float]]:
    from digitgui.app.application import create_application
    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings

    app = create_application()
    folder = tempfile.mkdtemp(prefix="digitgui-bench-")
    settings = Settings(os.path.join(folder, "settings.ini"))
    window = MainWindow(settings=settings)
    window.resize(1400, 900)
    window.show()
    watch = ResultWatch(window)
    heart = Heartbeat(explain=explain)
    sampler = StallSampler(heart) if sample else None
    rows = _PrintedRows()
    wait_until(lambda: window.state.clustering is not None and window.tabs.count() > 1)
    wait_until(watch.shown)
    settle()

    # The default digits: a refit with the panel's parameters.
    for i in range(3):
        figures = measure_result(window, watch, heart, window.fits.run_panel)
        rows.append((f"digits 1797×64: show a new result (run {i + 1})", figures["show_ms"]))
    rows += [(f"  digits view: {k}", v) for k, v in per_view_ms(window).items()]

    # 70,000 × 784: open (views reset + suggested fit), fit, show, select, refit.
    dataset = large_dataset(path)  # read here: the loader's worker does this in the app
    watch.reset()
    heart.start()
    opened = time.perf_counter()
    window.state.set_dataset(dataset)  # what the app does when a load finishes
    reset_done = time.perf_counter()
    wait_until(watch.shown)
    settle()
    heart.stop()
    rows.append(("70k×784: open data (views reset)", heart.worst(opened, reset_done + 0.05)))
    rows.append(("70k×784: fitting (mini-batch)", heart.worst(reset_done + 0.05, watch.delivered)))
    rows.append(("70k×784: show the first result", heart.worst(watch.delivered)))
    rows.append(("  fit seconds", watch.clustering.result.seconds))
    rows.append(("70k×784: select 10 clusters (clicks)", click_tiles(window, heart)))
    for i in range(1):
        figures = measure_result(window, watch, heart, window.fits.run_panel)
        rows.append((f"70k×784: refit: fitting (run {i + 1})", figures["fit_ms"]))
        rows.append((f"70k×784: refit: show the result (run {i + 1})", figures["show_ms"]))
    rows += [(f"  70k×784 view: {k}", v) for k, v in per_view_ms(window).items()]

    # 70,000 × 64: drawing is placed, with its nearest samples, on every update.
    watch.reset()
    window.state.set_dataset(digits_like_64())
    wait_until(watch.shown)
    settle()
    rows.append(("70k×64: draw a stroke", draw_stroke(window, heart)))
    rows.append(("70k×64: select 10 clusters (clicks)", click_tiles(window, heart)))

    if convert_load:
        watch.reset()
        heart.start()
        started = time.perf_counter()
        window.files.open_data(str(path))
        wait_until(lambda: window.state.dataset.n_samples == 70_000 and watch.shown(), 600)
        settle()
        heart.stop()
        rows.append(("open the 28×28 file (app load path)", heart.worst(started)))
        rows.append(("  load + convert + fit seconds", time.perf_counter() - started))
    if sampler is not None:
        for where, count in sampler.stop():
            print(f"{count:5d} × 10 ms  {where}")
    window.close()
    app.processEvents()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitgui.bench_stalls", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_PATH, help="made if missing")
    parser.add_argument("--convert-load", action="store_true", help="also the 2-minute load")
    parser.add_argument(
        "--sample-stalls", action="store_true", help="print what the threads did in stalls"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="split each worst gap: GUI on-CPU, waiting for a core, blocked (the GIL); "
        "GC pauses and other threads' CPU (Linux)",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        write_dataset(args.data)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="digitgui-bench-home-")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = os.path.join(scratch, name.lower())  # never the user's own
    print(f"load average at the start: {_load()}")
    print(f"{'worst GUI stall (ms), or GUI time of one view':<58}{'value':>9}", flush=True)
    run(args.data, args.convert_load, args.sample_stalls, args.explain)
    print(f"load average at the end: {_load()}")
    return 0


def _load() -> str:
    """The 1, 5 and 15 minute load averages (other processes' load shows in the figures)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
