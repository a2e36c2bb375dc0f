"""Background work leaves the GUI thread a core, the GIL and the BLAS pool.

Three ways a worker stalled the GUI thread without one long GIL-holding call, measured
at 70,000 × 784 on two cores (``python -m digitgui.bench_stalls`` and the figures below):

- **The run queue.** Worker threads (and the BLAS and OpenMP threads they drive) kept
  every core busy; the GUI thread, runnable, waited for a core: of a 431 ms stall
  showing a result it ran 33 ms and waited for a core the rest. Linux schedules
  threads, each with its own nice value:
  :func:`lower_this_thread` makes a worker nicer than the GUI thread by
  :data:`BACKGROUND_NICE`, so the kernel runs the GUI thread as soon as it has work,
  and the work still gets every core the GUI thread leaves idle. Threads and processes
  a worker starts (OpenMP teams, the fork server of child processes) inherit it.
  Elsewhere Qt's ``QThread.LowPriority`` (set by the runner) is what the system gets.
- **The BLAS pool.** OpenBLAS hands every large product to one shared pool of
  threads: a 70,000 × 64 matrix-vector product on the GUI thread (placing a drawing)
  waited behind two workers' products, 130 ms at the median and up to a second
  (3 ms and at most 16 ms with BLAS on the calling thread).
  :func:`single_threaded_blas` makes each BLAS call run on its caller's own thread.
  Parallelism comes from the threads themselves: several workers run at once,
  and scikit-learn's KMeans runs on OpenMP threads with BLAS at one thread anyway.
- **The GIL's switch interval.** A worker running Python (scikit-learn's checks and
  loops, a fit's bookkeeping) gives the GIL up only when asked, and a thread that asks
  waits up to ``sys.getswitchinterval()`` (5 ms by default). The GUI thread asks at
  every Python slot, paint or event handler Qt calls: a 25 ms result update took 217 ms,
  a 32 ms projection paint 229 ms, beside a worker running Python. At 1 ms
  (:data:`SWITCH_INTERVAL_S`) they took 39 ms and 32 ms.

Nothing here raises: these are preferences, not requirements.
"""

from __future__ import annotations

import os
import sys
import threading

#: How much nicer (in nice steps) worker threads are than the GUI thread. At +10 the
#: kernel gives a busy GUI thread about 9 of every 10 time slices it competes for.
BACKGROUND_NICE = 10

#: The GIL switch interval while runners exist (seconds; Python's default is 0.005).
SWITCH_INTERVAL_S = 0.001

_favoured = False
_lowered: set[int] = set()  # native ids of the threads already lowered
_lock = threading.Lock()


def lower_this_thread() -> bool:
    """Make the calling thread nicer than the main thread (Linux); True if it is.

    Call it from the background thread itself. From the main thread it does nothing:
    a lower priority cannot be raised again without privileges.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return False
    if threading.current_thread() is threading.main_thread():
        return False
    native_id = threading.get_native_id()
    with _lock:
        if native_id in _lowered:
            return True
        try:
            # The main thread's task id is the process id: its nice value is the base.
            target = min(os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE, 19)
            if os.getpriority(os.PRIO_PROCESS, native_id) < target:
                os.setpriority(os.PRIO_PROCESS, native_id, target)
        except OSError:
            return False  # not allowed here: leave it as it is
        _lowered.add(native_id)
        return True


def lower_this_process() -> bool:
    """Make this whole process nicer than the one that started it (Linux); True if it is.

    For child processes (:mod:`digitgui.workers.child_process`): their parent is the
    fork server, as nice as the app, so the child and the threads it starts (OpenMP,
    BLAS) yield the cores to the app's GUI thread whenever it has work.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return False
    try:
        target = min(os.getpriority(os.PRIO_PROCESS, os.getppid()) + BACKGROUND_NICE, 19)
        if os.getpriority(os.PRIO_PROCESS, 0) < target:
            os.setpriority(os.PRIO_PROCESS, 0, target)
    except OSError:
        return False
    return True


def favour_gui_thread() -> None:
    """Once per process, before background work starts: a short GIL switch interval
    and single-threaded BLAS (see the module's notes). Call it from the GUI thread."""
    global _favoured
    if _favoured:
        return
    _favoured = True
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
    single_threaded_blas()


def thread_nice(native_id: int) -> int | None:
    """The nice value of one of this process's threads (Linux), else None."""
    if not sys.platform.startswith("linux") or not hasattr(os, "getpriority"):
        return None
    try:
        return os.getpriority(os.PRIO_PROCESS, native_id)
    except OSError:
        return None


def single_threaded_blas() -> int:
    """Run every BLAS call of this process on its calling thread (libraries loaded so
    far: call it again once more are imported). Returns how many libraries it set."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:  # scikit-learn brings it; without it, leave the defaults
        return 0
    threadpool_limits(limits=1, user_api="blas")
    return sum(1 for library in threadpool_info() if library.get("user_api") == "blas")
