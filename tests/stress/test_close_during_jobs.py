"""Closing the window during every kind of background job exits 0, promptly and cleanly.

Each case runs the real app in a subprocess (``close_driver.py``): it starts one job,
closes the window 0.4 s later while the job still runs, and this test checks the exit
code, stderr, and the time from ``close()`` to the end of the process. Jobs without a
cancel point (t-SNE, Isomap, spectral embedding, reading a file, a FIFO that never
answers) run in child processes, which closing terminates. Two cases run at a time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.stress.app_env import app_env

ROOT = Path(__file__).resolve().parents[2]
#: One deadline for every worker thread (main_window.SHUTDOWN_SECONDS), plus the
#: interpreter's own teardown; generous for a loaded CI machine.
CLOSE_TO_EXIT_LIMIT_S = 10.0
CASE_TIMEOUT_S = 120
KINDS = (
    "fit",
    "sweep",
    "stability",
    "comparison",
    "algorithms",
    "t-SNE",
    "Isomap",
    "Spectral embedding",
    "load-csv",
    "load-fifo-folder",
)

#: The runner whose job each case closes the window on.
RUNNER = {
    "fit": "fit",
    "sweep": "kSweep",
    "stability": "stability",
    "comparison": "initComparison",
    "algorithms": "algorithmComparison",
    "t-SNE": "projection",
    "Isomap": "projection",
    "Spectral embedding": "projection",
    "load-csv": "load",
    "load-fifo-folder": "load",
}


#: Each case's folder (its XDG folders hold the app's log).
CASES: dict[str, Path] = {}


def _start(kind: str, tmp_path: Path, big_csv: Path, fifo_folder: Path):
    folder = tmp_path / kind
    folder.mkdir()
    CASES[kind] = folder
    env = app_env(folder, PYTHONFAULTHANDLER="1")
    args = [sys.executable, "-m", "tests.stress.close_driver"]
    settings = str(folder / "settings.ini")
    if kind == "load-csv":
        args += ["load", settings, str(big_csv)]
    elif kind == "load-fifo-folder":
        args += ["load", settings, str(fifo_folder)]
    else:
        args += [kind, settings]
    # Files, not pipes: the fork server (a helper process that outlives the app by a
    # moment) inherits them, and a pipe's end would wait for it too.
    out = open(folder / "stdout", "w+")  # noqa: SIM115 (closed in _finish)
    err = open(folder / "stderr", "w+")  # noqa: SIM115
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
    return process, out, err


def _finish(started) -> tuple[int, str, str, float]:
    process, out, err = started
    try:
        process.wait(timeout=CASE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    ended = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the child's
    texts = []
    for stream in (out, err):
        stream.seek(0)
        texts.append(stream.read())
        stream.close()
    return process.returncode, texts[0], texts[1], ended


def _unexpected_tracebacks(err: str) -> list[str]:
    """Tracebacks on stderr, except the one a child process prints when the app leaves
    while that child is still being started (it reads half of its arguments)."""
    blocks = err.split("Traceback (most recent call last):")[1:]
    return [b for b in blocks if "UnpicklingError: pickle data was truncated" not in b]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, big_csv, fifo_folder):
    """Every case's (exit code, stdout, stderr, seconds from close to exit)."""
    tmp_path = tmp_path_factory.mktemp("close")
    results = {}
    pending = list(KINDS)
    while pending:
        batch, pending = pending[:2], pending[2:]
        running = {kind: _start(kind, tmp_path, big_csv, fifo_folder) for kind in batch}
        with ThreadPoolExecutor(len(running)) as pool:  # each exit timed as it happens
            finished = {kind: pool.submit(_finish, started) for kind, started in running.items()}
        for kind, future in finished.items():
            code, out, err, ended = future.result()
            closing = [line for line in out.splitlines() if line.startswith("CLOSING ")]
            seconds = ended - float(closing[0].split()[1]) if closing else float("nan")
            results[kind] = (code, out, err, seconds)
    report = ", ".join(f"{kind} {result[3]:.2f} s" for kind, result in results.items())
    print(f"\nclose-to-exit: {report}")
    return results


@pytest.mark.parametrize("kind", KINDS)
def test_closing_during_a_job_exits_cleanly(outcomes, kind):
    code, out, err, seconds = outcomes[kind]
    assert code == 0, f"exit code {code}\n{out}\n{err}"
    assert "CLOSING" in out, f"the job never started\n{out}\n{err}"
    assert "Destroyed while thread" not in err
    assert "Fatal Python error" not in err, err
    assert not _unexpected_tracebacks(err), err
    busy = next(line for line in out.splitlines() if line.startswith("BUSY "))
    assert RUNNER[kind] in busy.split()[1].split(","), f"{kind} was not running: {busy}"
    assert seconds < CLOSE_TO_EXIT_LIMIT_S, f"{seconds:.1f} s from close to exit"
    # Every job stopped for real: none was left running past the shutdown deadline
    # (but the start-up imports of the warm-up, which no thread can interrupt).
    log = (CASES[kind] / "log" / "digitgui.log").read_text(encoding="utf-8")
    left = [
        line
        for line in log.splitlines()
        if "still busy at shutdown" in line and "'warmup'" not in line
    ]
    assert not left, log[-3000:]
