"""Import the heavy libraries in a worker thread while the window is already on screen.

scikit-learn's submodules take a second or two to import. Done on the GUI
thread, that second would freeze the window just after it appears; done here, the GUI
thread only waits for the GIL in short slices. Only modules that create no Qt widget,
pixmap or font at import time are listed: those must stay on the GUI thread.
matplotlib is not among them: no view draws with it, and only exports (in a worker)
import it, so a start-up no longer builds its font cache.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
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


def start_child_server() -> None:
    """Start the server that starts child processes (loading, projections); GUI thread.

    It imports the model once, in the background; afterwards each child starts in about
    10 ms. Starting it costs the calling thread about 15 ms (two processes spawned).

    Ctrl+C in a terminal reaches every process of the group: the app quits cleanly on it
    (quit_signals.py) and ends its children itself. The server is spawned with SIGINT
    ignored (an ignored signal stays ignored across ``exec``; a blocked one does not
    stay blocked here), so it does not die with a ``KeyboardInterrupt`` traceback while
    it still imports, nor do the children it forks. Only the main thread may change a
    signal's handler, hence the GUI thread.
    """
    from digitgui.workers.child_process import prestart

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: start it all the same
        prestart()
        return
    try:
        prestart()
    finally:
        # None: the handler had been set outside Python; the default is the best guess
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def stop_child_server() -> None:
    """End the child-process server now; called as the app exits.

    It would end by itself once it sees the app gone, but only after its own imports: one
    started just before the window closed stayed behind for seconds (with the resource
    tracker it holds open). Its children die with it (they ask the kernel for that).
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)  # private, Python 3.10–3.14
    if not isinstance(pid, int) or not hasattr(signal, "SIGKILL"):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:  # already gone
        pass
