"""Closing the real app while a save or export is written: the file is written, then exit 0.

Each case runs the app in a subprocess (this module's ``main()``, started with
``python -m tests.stress.test_close_during_save``): after the first fit it starts one
write and, 5 ms later, closes the window or sends itself SIGTERM. A "slow" write is held
for a fixed time inside ``atomic_write`` (after its temporary file is made), past the
2 s shutdown deadline that used to leave it unwritten. The test checks the exit code,
stderr, that the file is there and whole (or, after a second SIGTERM, that neither it
nor a temporary file is), and prints the time from the close request to the exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.stress.app_env import app_env

ROOT = Path(__file__).resolve().parents[2]
CASE_TIMEOUT_S = 120
#: How long a slow write is held: past main_window.SHUTDOWN_SECONDS (2 s).
SLOW_S = 3.0
#: kind → (what is written, how the app is asked to quit, hold of the write in s, file)
CASES = {
    "no-save": ("none", "close", 0.0, ""),
    "png-slow-close": ("centroids_png", "close", SLOW_S, "c.png"),
    "html-close-5ms": ("report_html", "close", 0.0, "r.html"),
    "model-close-5ms": ("saved_model", "close", 0.0, "m.npz"),
    "script-slow-sigterm": ("python_script", "sigterm", SLOW_S, "s.py"),
    "script-sigterm-twice": ("python_script", "sigterm-twice", 60.0, "s.py"),
    "load-close": ("load", "close", 0.0, ""),
}


def _env(folder: Path) -> dict[str, str]:
    return app_env(folder, PYTHONFAULTHANDLER="1")


def _run(case: str, tmp_path: Path, big_csv: Path) -> tuple[int, str, str, float, Path]:
    kind, action, hold, name = CASES[case]
    folder = tmp_path / case
    folder.mkdir()
    target = big_csv if kind == "load" else folder / (name or "unused")
    args = [sys.executable, "-m", "tests.stress.test_close_during_save"]
    args += [kind, action, str(hold), str(target), str(folder / "settings.ini")]
    # Files, not pipes: the fork server (which outlives the app by a moment) inherits them.
    with open(folder / "stdout", "w+") as out, open(folder / "stderr", "w+") as err:
        process = subprocess.Popen(args, cwd=ROOT, env=_env(folder), stdout=out, stderr=err)
        try:
            process.wait(timeout=CASE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        ended = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the child's
        out.seek(0)
        err.seek(0)
        texts = out.read(), err.read()
    closing = [line for line in texts[0].splitlines() if line.startswith("CLOSING ")]
    seconds = ended - float(closing[0].split()[1]) if closing else float("nan")
    return process.returncode, texts[0], texts[1], seconds, folder


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, big_csv):
    tmp_path = tmp_path_factory.mktemp("close-save")
    results = {}
    pending = list(CASES)
    while pending:  # two at a time
        batch, pending = pending[:2], pending[2:]
        with ThreadPoolExecutor(len(batch)) as pool:
            futures = {case: pool.submit(_run, case, tmp_path, big_csv) for case in batch}
        results.update({case: future.result() for case, future in futures.items()})
    report = ", ".join(f"{case} {result[3]:.2f} s" for case, result in results.items())
    print(f"\nclose-to-exit: {report}")
    return results


def _whole(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".html":
        return data.rstrip().lower().endswith(b"</html>")
    if path.suffix == ".py":
        compile(data, str(path), "exec")
        return b"KMeans" in data
    from digitgui.model.io.model_file import load_model

    return load_model(path).result.n_clusters == 10


def _temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if ".digitgui-" in name]


@pytest.mark.parametrize("case", list(CASES))
def test_closing_during_a_write(outcomes, case):
    code, out, err, seconds, folder = outcomes[case]
    kind, action, _hold, name = CASES[case]
    assert code == 0, f"exit code {code}\n{out}\n{err}"
    assert "CLOSING" in out, f"never got to close\n{out}\n{err}"
    assert "Destroyed while thread" not in err and "Traceback" not in err, err
    assert seconds < 30, f"{seconds:.1f} s from close to exit"
    assert _temp_files(folder) == []
    if not name:
        return
    target = folder / name
    if action == "sigterm-twice":  # the second signal quits without the file
        assert not target.exists()
        assert (
            "quitting without the export of s.py" in (folder / "log" / "digitgui.log").read_text()
        )
    else:
        assert target.exists(), f"{name} was not written\n{out}\n{err}"
        assert _whole(target)


# ------------------------------------------------------------------ the app's side
def _hold_writes(seconds: float) -> None:
    """Every atomic write waits ``seconds`` once its temporary file exists."""
    import tempfile
    import threading
    import types

    from digitgui.model.io import atomic

    def slow_mkstemp(*args, **kwargs):
        made = tempfile.mkstemp(*args, **kwargs)
        threading.Event().wait(seconds)  # runs in the write thread: a slow disk
        return made

    atomic.tempfile = types.SimpleNamespace(mkstemp=slow_mkstemp)


def main() -> int:
    import signal

    kind, action, hold, target, settings = sys.argv[1:6]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from digitgui.app import main as app_main

    if float(hold) > 0:
        _hold_writes(float(hold))

    def close(window) -> None:
        print("CLOSING", repr(time.monotonic()), flush=True)
        if action == "close":
            window.close()
        else:
            os.kill(os.getpid(), signal.SIGTERM)
            if action == "sigterm-twice":
                QTimer.singleShot(500, lambda: os.kill(os.getpid(), signal.SIGTERM))

    def start(window) -> None:
        if getattr(window, "_stress_started", False):
            return
        window._stress_started = True
        if kind == "saved_model":
            window.files.save_model(target)
        elif kind == "load":
            window.files.open_data(target)
        elif kind != "none":
            window.files.export(kind, target)
        QTimer.singleShot(400 if kind == "load" else 5, lambda: close(window))

    def hook() -> None:
        window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
        window.state.clustering_changed.connect(lambda *_: start(window))

    QTimer.singleShot(0, hook)
    return app_main.main(["--settings", settings])  # leaves with os._exit


if __name__ == "__main__":
    sys.exit(main())
