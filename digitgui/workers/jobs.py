"""A job is a plain function run in the worker thread, with progress and cancel hooks.

A job may also be a generator function (superqt's convention): every value it yields
reaches the GUI thread as a partial result (``JobRunner.partial``), each ``yield`` is a
cancel point, and the value it returns is the job's result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from digitgui.model.jobs import ProgressFn, StopFn

#: ``job(progress, should_stop) -> payload`` (or a generator of partial results that
#: returns the payload): runs in the worker thread, touches no widget.
Job = Callable[[ProgressFn, StopFn], object]


@dataclass
class JobRequest:
    """One submitted job: its generation id and the flag that cancels it."""

    generation: int
    tag: str
    job: Job
    cancel: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job produced; crosses threads as one ``Signal(object)``."""

    generation: int
    tag: str
    payload: object = None
    error: str | None = None
    cancelled: bool = False
    seconds: float = 0.0
