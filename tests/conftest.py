"""Shared fixtures. Qt runs offscreen unless a test starts its own display."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Test modules import pyqtgraph directly: bind it to PySide6 as the app does (digitgui/_qt.py).
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"


@pytest.fixture(scope="session")
def digits():
    from digitgui.model import load_digits_dataset

    return load_digits_dataset()


@pytest.fixture(scope="session")
def default_fit(digits):
    from digitgui.model import fit_kmeans

    return fit_kmeans(digits.data)


@pytest.fixture(autouse=True)
def no_worker_thread_left_running(request):
    """Fail a test that leaves a JobRunner's thread running (it would outlive its window)."""
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from digitgui.workers.runner import JobRunner

    left = [runner for runner in list(JobRunner.instances) if runner.running]
    for runner in left:
        runner.shutdown(5000)
    assert not left, f"{len(left)} worker thread(s) left running by this test"
