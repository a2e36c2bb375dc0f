"""Import the heavy libraries in a worker thread while the window is already on screen.

scikit-learn's submodules and matplotlib take a second or two to import. Done on the GUI
thread, that second would freeze the window just after it appears; done here, the GUI
thread only waits for the GIL in short slices. Only modules that create no Qt widget,
pixmap or font at import time are listed: those must stay on the GUI thread.
"""

from __future__ import annotations

import gc
from importlib import import_module

from digitgui.model.jobs import ProgressFn, StopFn
from digitgui.workers.priority import single_threaded_blas

HEAVY_MODULES = (
    "sklearn.cluster",
    "sklearn.metrics",
    "sklearn.decomposition",
    "sklearn.manifold",
    "sklearn.preprocessing",
    "scipy.ndimage",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "digitgui.model.compare",
    "digitgui.model.projection",
    "digitgui.model.stability",
    "digitgui.model.stepper",
    "digitgui.model.sweep",
)


def warm_up_job(progress: ProgressFn, should_stop: StopFn) -> int:
    """Runs in the worker thread: import :data:`HEAVY_MODULES`, stopping when asked."""
    for done, name in enumerate(HEAVY_MODULES, start=1):
        if should_stop():
            break
        import_module(name)
        progress(done, len(HEAVY_MODULES))
    if not should_stop():
        # The server that starts child processes (loading, projections) imports the model
        # once, in the background; afterwards each child starts in about 10 ms.
        from digitgui.workers.child_process import prestart

        prestart()
    return len(HEAVY_MODULES)


_settled = False


def settle_after_start_up() -> bool:
    """Once per process, when start-up is over (libraries imported, tabs built).

    - Moves every object alive now (modules, classes, functions, widgets: about
      190,000) out of the garbage collector's reach. A full collection walked them all
      with the GIL held, 0.1-0.4 s: a stall of the GUI thread whichever thread
      triggered it. Frozen objects are still freed when their count drops to zero;
      only a reference cycle among them would stay.
    - Makes the BLAS libraries the warm-up loaded (SciPy's) single-threaded too, like
      NumPy's (see :mod:`digitgui.workers.priority`).

    Returns whether this call did it.
    """
    global _settled
    if _settled:
        return False
    _settled = True
    single_threaded_blas()
    gc.freeze()
    return True
