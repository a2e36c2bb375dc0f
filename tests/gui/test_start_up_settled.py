"""Once start-up is over, the collector no longer walks the start-up objects and every
BLAS library (SciPy's, loaded by the warm-up, too) runs on its caller's thread."""

from __future__ import annotations

import gc

from threadpoolctl import threadpool_info

TIMEOUT_MS = 60_000


def test_start_up_objects_are_frozen_and_blas_single_threaded(qtbot, window):
    if not window.explore_tabs_built:
        with qtbot.waitSignal(window.tabs_ready, timeout=TIMEOUT_MS):
            pass
    # Libraries, widgets and tabs: tens of thousands of objects a full collection
    # would otherwise walk with the GIL held (0.1-0.4 s measured).
    assert gc.get_freeze_count() > 50_000
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert len(blas) >= 2, blas  # NumPy's and SciPy's
    assert all(lib["num_threads"] == 1 for lib in blas), blas
