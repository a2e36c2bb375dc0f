"""Cancel at MNIST size: ``python -m digitgui.bench_cancel`` prints how fast exact KMeans stops.

On 70,000 × 784 pictures (``digitgui.bench_data``) one exact KMeans restart runs for
seconds with no cancel point, so large restarts run in a child process that Cancel
terminates (:mod:`digitgui.workers.child_fit`). This measures, in one run:

* Cancel → job ended: the app's own jobs (exact fit, k sweep, stability, initialisation
  comparison, step-by-step trace) in a :class:`~digitgui.workers.runner.JobRunner`,
  cancelled at a random moment 0.3–3 s after the start (while the data are copied to
  shared memory, or while a child fits), from ``cancel()`` to the runner's ``cancelled``
  signal on the GUI thread; and whether any child process or shared memory segment was
  left behind;
* the cost of the child path: the same exact fit with every restart here and in a child
  (forking it and copying the data to shared memory), alternated;
* with ``--window``: the worst GUI stall (5 ms heartbeat) during an exact fit in the
  main window, and Cancel → ended through the window's Cancel button.

Figures, not pass/fail; the targets are Cancel within 0.5 s and no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from digitgui.bench_data import DEFAULT_PATH, large_dataset, write_dataset
from digitgui.bench_stalls import Heartbeat, ResultWatch, run_until

DELAYS_S = (0.3, 3.0)  # cancel this long after the start, uniformly at random


def wait_until(predicate, timeout_s: float) -> bool:
    """Whether ``predicate()`` came to hold within ``timeout_s`` (checked every 5 ms)."""
    return run_until(predicate, timeout_s, poll_ms=5)


def _segments() -> set[str]:
    """Shared memory segments of Python's multiprocessing (Linux; empty elsewhere)."""
    folder = Path("/dev/shm")
    return {p.name for p in folder.glob("psm_*")} if folder.is_dir() else set()


def _trace(data, config, progress, should_stop):
    """The Step-by-step tab's job: every Lloyd iteration of the kept restart."""
    from digitgui.workers.child_fit import trace_kept_restart_stoppable

    return trace_kept_restart_stoppable(data, config, progress=progress, should_stop=should_stop)


def _jobs(dataset) -> dict:
    from digitgui.app.fit_controller import fit_job
    from digitgui.app.presenters.init_comparison import compare_job
    from digitgui.app.presenters.k_sweep import sweep_rows
    from digitgui.app.presenters.stability import stability_job
    from digitgui.model.config import KMeansConfig

    config = KMeansConfig(method="kmeans")
    return {
        "exact fit": functools.partial(fit_job, dataset, config, "Raw pixels"),
        "k sweep 2…12": functools.partial(sweep_rows, dataset.data, list(range(2, 13)), config),
        "stability, 10 seeds": functools.partial(stability_job, dataset.data, config, 10),
        "init comparison": functools.partial(compare_job, dataset, 10),
        "step-by-step trace": functools.partial(_trace, dataset.data, config),
    }


def cancel_latency(runner, job, delay_s: float) -> tuple[float, bool]:
    """Start ``job``, cancel it after ``delay_s``: seconds from cancel to ``cancelled``,
    and whether it was still running when cancelled (else it had finished first)."""
    ended: list[float] = []
    runner.cancelled.connect(lambda _tag: ended.append(time.perf_counter()))
    runner.finished.connect(lambda *_: ended.append(-1.0))
    runner.failed.connect(lambda _tag, message: print("  failed:", message, flush=True))
    runner.submit("bench", job)
    wait_until(lambda: bool(ended), delay_s)  # returns early only if the job ended
    if ended:
        return float("nan"), False
    cancelled_at = time.perf_counter()
    runner.cancel()
    wait_until(lambda: bool(ended), 120)
    return ended[0] - cancelled_at, True


def measure_cancels(dataset, tries: int, seed: int, only: str = "") -> None:
    import multiprocessing

    from digitgui.workers.runner import JobRunner

    randomly = random.Random(seed)
    print(f"\nCancel → job ended at {dataset.n_samples:,} × {dataset.n_features} (s)", flush=True)
    for name, job in _jobs(dataset).items():
        if only not in name:
            continue
        latencies = []
        for _ in range(tries):
            before = _segments()
            runner = JobRunner("bench")
            delay = randomly.uniform(*DELAYS_S)
            latency, running = cancel_latency(runner, job, delay)
            runner.shutdown()
            left = [p.name for p in multiprocessing.active_children() if p.name == "digitgui-job"]
            leaked = _segments() - before
            note = f"  after {delay:.2f} s: " + (f"{latency:.3f}" if running else "had finished")
            print(note + (f"  LEFT {left} {sorted(leaked)}" if left or leaked else ""), flush=True)
            if running:
                latencies.append(latency)
        if latencies:
            print(
                f"{name:<22} median {statistics.median(latencies):.3f}  max {max(latencies):.3f}"
                f"  ({len(latencies)} cancels)",
                flush=True,
            )


def measure_overhead(dataset, runs: int, max_iter: int) -> None:
    from digitgui.model.config import KMeansConfig
    from digitgui.model.kmeans import fit_kmeans
    from digitgui.workers.child_fit import ChildRestarts
    from digitgui.workers.shared_array import SharedArray

    data = dataset.data
    copies = []
    for _ in range(3):
        started = time.perf_counter()
        SharedArray(data).close()
        copies.append(time.perf_counter() - started)
    print(f"\ncopy to shared memory: median {statistics.median(copies):.2f} s", flush=True)
    config = KMeansConfig(method="kmeans", max_iter=max_iter)
    print(f"exact fit, max_iter={max_iter}, alternated:", flush=True)
    times: dict[str, list[float]] = {"in this process": [], "in a child": []}
    for _ in range(runs):
        for way, min_work in (("in this process", 2**62), ("in a child", 0)):
            started = time.perf_counter()
            with ChildRestarts(min_work) as run_restarts:
                result = fit_kmeans(data, config, run_restarts=run_restarts)
            times[way].append(time.perf_counter() - started)
            print(f"  {way:<16} {times[way][-1]:7.2f} s  ({result.n_iter} iterations)", flush=True)
    here, there = (statistics.median(times[w]) for w in times)
    print(
        f"median of {runs}: {here:.2f} s here, {there:.2f} s in a child "
        f"({there - here:+.2f} s, {100 * (there - here) / here:+.1f} %)",
        flush=True,
    )


def measure_window(dataset, tries: int, seed: int) -> None:
    from digitgui.app.main_window import MainWindow
    from digitgui.app.settings import Settings
    from digitgui.model.config import KMeansConfig

    window = MainWindow(settings=Settings(os.path.join(tempfile.mkdtemp(), "settings.ini")))
    window.resize(1400, 900)
    window.show()
    state, runner = window.state, window.state.fit_runner
    wait_until(lambda: state.clustering is not None and window.tabs.count() > 1, 120)
    state.set_dataset(dataset)  # what the app does when a load finishes
    wait_until(lambda: state.dataset is dataset and not runner.busy, 600)
    wait_until(lambda: not any(r.busy for r in state._runners), 600)  # the views' own jobs
    heart, watch = Heartbeat(), ResultWatch(window)
    print("\nIn the window (exact fit, 70k × 784)", flush=True)
    watch.reset()
    heart.start()
    started = time.perf_counter()
    window.fits.run(KMeansConfig(method="kmeans"), "Raw pixels")
    wait_until(lambda: not runner.busy, 600)
    wait_until(lambda: False, 0.5)
    heart.stop()
    delivered = watch.delivered  # when the result reached the state (the views then update)
    print(f"worst GUI stall while fitting: {heart.worst(started, delivered):.1f} ms", flush=True)
    print(f"worst GUI stall showing the result: {heart.worst(delivered):.1f} ms", flush=True)
    randomly = random.Random(seed)
    latencies: list[float] = []
    ended: list[float] = []

    def on_cancelled(_tag: str) -> None:
        ended.append(time.perf_counter())

    runner.cancelled.connect(on_cancelled)
    for _ in range(tries):
        ended.clear()
        window.fits.run(KMeansConfig(method="kmeans"), "Raw pixels")
        wait_until(lambda: not runner.busy, randomly.uniform(*DELAYS_S))
        clicked = time.perf_counter()
        window.params.cancel_button.click()
        wait_until(lambda: bool(ended) or not runner.busy, 120)
        if ended:
            latencies.append(ended[0] - clicked)
            print(f"  Cancel button → cancelled: {latencies[-1]:.3f} s", flush=True)
    runner.cancelled.disconnect(on_cancelled)
    if latencies:
        print(
            f"Cancel button → cancelled: median {statistics.median(latencies):.3f}  "
            f"max {max(latencies):.3f}",
            flush=True,
        )
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitgui.bench_cancel", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_PATH, help="made if missing")
    parser.add_argument("--tries", type=int, default=5, help="cancels per job kind")
    parser.add_argument("--overhead-runs", type=int, default=2, help="0 to skip")
    parser.add_argument("--overhead-max-iter", type=int, default=300, help="of those fits")
    parser.add_argument("--window", action="store_true", help="also the GUI stall")
    parser.add_argument("--seed", type=int, default=0, help="for the random cancel moments")
    parser.add_argument("--only", default="", help="only the jobs whose name holds this")
    args = parser.parse_args(argv)
    if not args.data.exists():
        write_dataset(args.data)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="digitgui-bench-home-")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = os.path.join(scratch, name.lower())  # never the user's own
    from digitgui.app.application import create_application
    from digitgui.workers.child_process import prestart

    app = create_application()
    prestart()  # as the app does at start-up
    dataset = large_dataset(args.data)
    print(f"load average at the start: {os.getloadavg()}", flush=True)
    measure_cancels(dataset, args.tries, args.seed, args.only)
    if args.overhead_runs:
        measure_overhead(dataset, args.overhead_runs, args.overhead_max_iter)
    if args.window:
        measure_window(dataset, args.tries, args.seed)
    print(f"load average at the end: {os.getloadavg()}", flush=True)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
