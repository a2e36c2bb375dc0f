"""The GUI-thread heartbeat of ``digitgui.bench_stalls`` and what explains its gaps.

A 5 ms ``QTimer`` on the GUI thread; the longest gap between two beats is the worst
stall a user would feel. With ``explain=True`` (Linux) each beat also reads the kernel's
per-thread scheduler figures (``/proc/self/task/*/schedstat``), so the worst gap of a
measurement is split into:

* **on-CPU**: the GUI thread itself was working (slots, layout, paint);
* **waiting for a core**: it was runnable but other threads had the cores (run queue);
* **blocked**: neither — waiting for the GIL (or a lock), the usual sign of another
  thread holding it;

with the garbage-collector pauses inside the gap and the CPU time every other thread of
the process used during it. The :class:`StallSampler` is a Python watchdog that notes
what each thread runs while the heartbeat is late; it needs the GIL to look, so it sees
little of a stall caused by a thread holding the GIL.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path


def _schedstat(task: int | str) -> tuple[float, float] | None:
    """(ms on a CPU, ms waiting in the run queue) of one thread of this process."""
    try:
        with open(f"/proc/self/task/{task}/schedstat", encoding="ascii") as file:
            on_cpu, waiting, _slices = file.read().split()
    except (OSError, ValueError):
        return None
    return int(on_cpu) / 1e6, int(waiting) / 1e6


_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 10.0


def _user_kernel(task: int | str) -> tuple[float, float]:
    """(ms in user mode, ms in the kernel) of one thread, in clock ticks (10 ms)."""
    try:
        with open(f"/proc/self/task/{task}/stat", encoding="ascii") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0, 0.0
    return int(fields[11]) * _TICK_MS, int(fields[12]) * _TICK_MS  # utime, stime


def _thread_name(task: str) -> str:
    try:
        with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as file:
            return file.read().strip()
    except OSError:
        return "?"


class GcPauses:
    """Every garbage collection while it is installed: (start, end, generation, thread)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float, int, str]] = []
        self._started: dict[int, float] = {}

    def _callback(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        ident = threading.get_ident()
        if phase == "start":
            self._started[ident] = now
        elif ident in self._started:
            name = threading.current_thread().name
            self.pauses.append((self._started.pop(ident), now, info["generation"], name))

    def install(self) -> None:
        gc.callbacks.append(self._callback)

    def uninstall(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def within(self, start: float, end: float, at_least_ms: float = 1.0) -> list[str]:
        return [
            f"gen{generation} {1000 * (b - a):.0f} ms in {name}"
            for a, b, generation, name in self.pauses
            if b > start and a < end and 1000 * (b - a) >= at_least_ms
        ]


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between beats is the worst stall."""

    def __init__(self, interval_ms: int = 5, explain: bool = False) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._clock = QElapsedTimer()
        self._timer = QTimer(interval=interval_ms)
        self._timer.setTimerType(self._timer.timerType().PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self.gaps: list[tuple[float, float]] = []  # (gap ms, perf_counter at its end)
        self.explain = explain and sys.platform.startswith("linux")
        self._tasks: list[dict[str, tuple[float, float]]] = []  # per beat, when explaining
        self._gui_modes: list[tuple[float, float]] = []  # GUI thread (user, kernel) per beat
        self._gui_task = str(threading.get_native_id())
        self.gc = GcPauses()
        if self.explain:
            self.gc.install()

    def _beat(self) -> None:
        self.gaps.append((self._clock.restart(), time.perf_counter()))
        if self.explain:
            tasks = {}
            for task in os.listdir("/proc/self/task"):
                figures = _schedstat(task)
                if figures is not None:
                    tasks[task] = figures
            self._tasks.append(tasks)
            self._gui_modes.append(_user_kernel(self._gui_task))

    def start(self) -> None:
        self.gaps.clear()
        self._tasks.clear()
        self._gui_modes.clear()
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._beat()
        self._timer.stop()

    def worst(self, after: float = 0.0, before: float = float("inf")) -> float:
        """Longest gap (ms) that ended between ``after`` and ``before`` (perf_counter);
        when explaining, also prints what the threads did during it."""
        found = [(gap, i) for i, (gap, end) in enumerate(self.gaps) if after <= end <= before]
        gap, index = max(found, default=(0.0, -1))
        if self.explain and index > 0:
            print(f"    {gap:6.1f} ms gap: {self.describe(index)}", flush=True)
        return gap

    def describe(self, index: int) -> str:
        """What the GUI thread, the collector and the other threads did in gap ``index``."""
        gap, end = self.gaps[index]
        before, after = self._tasks[index - 1], self._tasks[index]
        me = self._gui_task
        if me not in before or me not in after:
            return "no scheduler figures"
        on_cpu = after[me][0] - before[me][0]
        queued = after[me][1] - before[me][1]
        user = self._gui_modes[index][0] - self._gui_modes[index - 1][0]
        kernel = self._gui_modes[index][1] - self._gui_modes[index - 1][1]
        parts = [
            f"GUI on-CPU {on_cpu:.0f} (ticks: user {user:.0f}, kernel {kernel:.0f}), "
            f"waiting for a core {queued:.0f}, blocked {max(gap - on_cpu - queued, 0.0):.0f}"
        ]
        pauses = self.gc.within(end - gap / 1000, end)
        if pauses:
            parts.append("GC " + ", ".join(pauses))
        others = sorted(
            (
                (after[task][0] - before[task][0], task)
                for task in after
                if task != me and task in before
            ),
            reverse=True,
        )
        busy = [f"{_thread_name(task)} {ms:.0f}" for ms, task in others if ms >= 3]
        if busy:
            parts.append("others' CPU: " + ", ".join(busy))
        return "; ".join(parts)


class StallSampler:
    """A watchdog thread: while the heartbeat is late by over ``threshold_ms``, note what
    every thread is doing (the innermost frames in digitgui, else the innermost frame).

    It needs the GIL to look, so a stall caused by a worker holding the GIL shows as the
    GUI thread waiting in the event loop while that worker sits in a C call.
    """

    def __init__(self, heart: Heartbeat, threshold_ms: float = 40.0) -> None:
        self.heart, self.threshold = heart, threshold_ms / 1000
        self.seen: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._main = threading.main_thread().ident
        self._thread.start()

    def _watch(self) -> None:
        import traceback

        while not self._stop.wait(0.01):
            gaps = self.heart.gaps
            if not self.heart._timer.isActive() or not gaps:
                continue
            if time.perf_counter() - gaps[-1][1] < self.threshold:
                continue
            for ident, frame in sys._current_frames().items():
                if ident == self._thread.ident:
                    continue
                stack = traceback.extract_stack(frame)
                ours = [f for f in stack if "digitgui" in f.filename] or stack
                where = " < ".join(
                    f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in ours[-3:][::-1]
                )
                who = "GUI" if ident == self._main else "worker"
                self.seen[f"{who}: {where} | {Path(stack[-1].filename).name}:{stack[-1].name}"] += 1

    def stop(self) -> list[tuple[str, int]]:
        self._stop.set()
        self._thread.join()
        return self.seen.most_common(25)
