"""How long each background job keeps other threads from the GIL: ``python -m digitgui.bench_gil``.

Each job that follows a fit at MNIST size (70,000 × 784, ``digitgui.bench_data``) runs in
a worker thread set up as the app sets its workers up (nicer than the main thread, BLAS
on its own thread, the app's GIL switch interval, start-up objects frozen). Meanwhile
the main thread wakes every 0.5 ms, like a GUI thread with work to do, and reads its own
scheduler figures (Linux ``/proc/thread-self/schedstat``): the time between two wakes
that it was neither running nor waiting for a core is time it waited for the GIL (or
the machine did not run it at all). The longest such wait is what a job can add to a
GUI stall; the target is far under 50 ms. A busy machine delays wakes too, in some runs
and not others, so the figure printed is the best run's longest wait (a hold the job
itself makes shows in every run), then every run's.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from digitgui.bench_data import DEFAULT_PATH, large_dataset, write_dataset

WAKE_S = 0.0005


def _schedstat() -> tuple[float, float]:
    """(ms on a CPU, ms waiting for a core) of the calling thread, or zeros off Linux."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as file:
            on_cpu, waiting, _slices = file.read().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(on_cpu) / 1e6, int(waiting) / 1e6


def longest_gil_wait(job: Callable[[], object]) -> tuple[float, float, float]:
    """Run ``job`` in a worker thread; (longest GIL wait ms, longest gap ms, seconds)."""
    from digitgui.workers.priority import lower_this_thread

    def work() -> None:
        lower_this_thread()
        job()

    worker = threading.Thread(target=work, name="bench-job")
    wakes: list[tuple[float, float, float]] = []
    started = time.perf_counter()
    worker.start()
    while worker.is_alive():
        time.sleep(WAKE_S)
        wakes.append((1000 * time.perf_counter(), *_schedstat()))
    seconds = time.perf_counter() - started
    waits, gaps = [0.0], [0.0]
    for (t0, run0, queue0), (t1, run1, queue1) in zip(wakes, wakes[1:], strict=False):
        gap = t1 - t0
        gaps.append(gap)
        waits.append(gap - (run1 - run0) - (queue1 - queue0) - 1000 * WAKE_S)
    return max(waits), max(gaps), seconds


def jobs(path: Path) -> dict[str, Callable[[], object]]:
    """The work that follows a fit at 70,000 × 784, each as a call with no arguments."""
    from digitgui.app.presenters.silhouette import silhouette_job
    from digitgui.model.clustering import Clustering, _scored
    from digitgui.model.config import KMeansConfig
    from digitgui.model.kmeans import fit_kmeans
    from digitgui.model.projection import project
    from digitgui.model.space import RawPixels
    from digitgui.model.stepper import trace_kept_restart

    dataset = large_dataset(path)
    space, features = RawPixels().fit_transform(dataset.data)
    config = KMeansConfig(method="minibatch")  # what the app suggests for this size
    result = fit_kmeans(features, config)
    clustering: Clustering = _scored(dataset, space, features, result)
    return {
        "fit (mini-batch KMeans)": lambda: fit_kmeans(features, config),
        "score the fit (evaluate, views)": lambda: _scored(dataset, space, features, result),
        "silhouette tab": lambda: silhouette_job(clustering, lambda *_: None, lambda: False),
        # The Step-by-step tab traces the whole fit (up to max_iter steps): 10 of them here.
        "step by step, 10 Lloyd steps": lambda: trace_kept_restart(features, config, 10),
        "projection: PCA": lambda: project(dataset.data, "PCA"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitgui.bench_gil", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_PATH, help="made if missing")
    parser.add_argument("--runs", type=int, default=3, help="runs of each job")
    args = parser.parse_args(argv)
    if not args.data.exists():
        write_dataset(args.data)
    from digitgui.workers.priority import favour_gui_thread, single_threaded_blas

    favour_gui_thread()
    work = jobs(args.data)  # imports scikit-learn and SciPy: their BLAS too, then
    single_threaded_blas()
    gc.freeze()  # as the app does once started
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(
        "A job's own GIL hold shows in every run; a busy machine adds delays to some runs."
        " So the figure is the best run's longest wait, then each run's (ms)."
    )
    for name, job in work.items():
        waits, gaps, seconds = [], [], []
        for _ in range(args.runs):
            wait, gap, took = longest_gil_wait(job)
            waits.append(wait)
            gaps.append(gap)
            seconds.append(took)
        runs = " / ".join(f"{w:.0f}" for w in waits)
        print(
            f"{name:<34}{min(waits):>7.1f}   runs {runs}   (longest gap {max(gaps):.0f} ms; "
            f"{min(seconds):.1f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
