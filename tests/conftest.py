"""Shared fixtures and the safety nets of the whole test run.

Before anything imports the app, every folder the app (or Qt, matplotlib, pyqtgraph)
could write to is pointed into one temporary folder for the whole session: XDG config,
state, data and cache folders, HOME (the fallback when they are unset), and digitgui's own
log folder override. Subprocesses started by tests inherit the same environment. So no
test ever reads or writes the user's real settings or log file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Test modules import pyqtgraph directly: bind it to PySide6 as the app does (digitgui/_qt.py).
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"

SESSION_HOME = Path(tempfile.mkdtemp(prefix="digitgui-tests-"))
REAL_HOME = os.environ.get("HOME", "")
ISOLATED = {
    "HOME": SESSION_HOME / "home",
    "XDG_CONFIG_HOME": SESSION_HOME / "config",
    "XDG_STATE_HOME": SESSION_HOME / "state",
    "XDG_DATA_HOME": SESSION_HOME / "data",
    "XDG_CACHE_HOME": SESSION_HOME / "cache",
    "XDG_RUNTIME_DIR": SESSION_HOME / "runtime",
    "DIGITGUI_LOG_DIR": SESSION_HOME / "state" / "digitgui" / "log",
}
for _name, _folder in ISOLATED.items():
    _folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[_name] = str(_folder)
os.environ.pop("MPLCONFIGDIR", None)  # matplotlib then uses XDG_CONFIG_HOME / XDG_CACHE_HOME


def pytest_unconfigure(config) -> None:
    shutil.rmtree(SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def digits():
    from digitgui.model import load_digits_dataset

    return load_digits_dataset()


@pytest.fixture(scope="session")
def default_fit(digits):
    from digitgui.model import fit_kmeans

    return fit_kmeans(digits.data)


#: How long a stopped runner may take to finish the job it was in (an import or a fit
#: with no cancel point outlives the app's 2 s deadline on a loaded machine, by design).
STOPPED_RUNNER_GRACE_MS = 15_000


@pytest.fixture(autouse=True)
def no_worker_thread_left_running(request):
    """Fail a test that leaves a JobRunner's thread running (it would outlive its window).

    A runner that was stopped (its window closed) but is still finishing a job past the
    shutdown deadline is waited for, and fails the test only if it does not end.
    """
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from digitgui.workers.runner import JobRunner

    left = [runner for runner in list(JobRunner.instances) if runner.running]
    forgotten = [runner.name for runner in left if not runner.stopped]
    for runner in left:
        runner.shutdown(STOPPED_RUNNER_GRACE_MS if runner.stopped else 5000)
    hung = [runner.name for runner in left if runner.running]
    assert not forgotten, f"worker thread(s) left running by this test: {forgotten}"
    assert not hung, f"stopped worker thread(s) still busy: {hung}"
