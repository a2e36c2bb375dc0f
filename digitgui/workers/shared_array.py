"""One array in shared memory, for child processes to read in place instead of a pickled copy.

Pickling a large array to a child (what :func:`~digitgui.workers.child_process.run_in_child`
does with its arguments) holds the GIL while it copies, and a child cancelled while
reading its arguments dies mid-transfer; 70,000 × 784 float64 values are 439 MB. A
:class:`SharedArray` copies the data once into a POSIX shared memory segment (in slices,
with a cancel point between them, the GIL released during each); children open it by name
with :func:`digitgui.workers.child_jobs.shared_array`, without a copy.

The segment's name is removed (unlinked) by :meth:`SharedArray.close`, which the ``with``
block always calls, however it ends (result, Cancel, error, a killed child): after that
nothing can leak, and the memory is freed once the last process unmaps it. Children
never unlink it; they only read.
"""

from __future__ import annotations

import logging
import threading
from multiprocessing.shared_memory import SharedMemory
from types import TracebackType

import numpy as np

from digitgui.model.jobs import StopFn, check_cancel

log = logging.getLogger(__name__)

#: The data are copied into shared memory in slices of this many bytes, with a cancel
#: point between slices (copying 439 MB takes 0.4–0.5 s, and up to 2 s on a busy machine).
COPY_SLICE_BYTES = 8 * 2**20


class SharedArray:
    """A float64, C-ordered copy of ``data`` in a new shared memory segment.

    Runs in the worker thread. Use as a context manager; pass :attr:`name` and
    :attr:`shape` to the child.

    Parameters
    ----------
    data : (n, d) array; copied, converted to float64.
    should_stop : polled between slices of the copy; raises ``FitCancelled`` (the
        segment is then already freed).
    """

    def __init__(self, data: np.ndarray, should_stop: StopFn | None = None) -> None:
        data = np.asarray(data)
        if data.ndim != 2:
            raise ValueError(f"expected a 2-D array, got shape {data.shape}")
        self.shape: tuple[int, int] = (int(data.shape[0]), int(data.shape[1]))
        self._segment: SharedMemory | None = SharedMemory(create=True, size=max(1, data.size * 8))
        self.name: str = self._segment.name
        try:
            self._copy(data, should_stop)
        except BaseException:
            self.close()
            raise

    def _copy(self, data: np.ndarray, should_stop: StopFn | None) -> None:
        assert self._segment is not None
        copy = np.ndarray(self.shape, dtype=np.float64, buffer=self._segment.buf)
        try:
            rows = max(1, COPY_SLICE_BYTES // max(1, self.shape[1] * 8))
            for start in range(0, self.shape[0], rows):
                check_cancel(should_stop)
                copy[start : start + rows] = data[start : start + rows]
        finally:
            del copy  # the segment cannot be unmapped while a view of it exists

    def __enter__(self) -> SharedArray:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._segment is None

    def close(self) -> None:
        """Unlink the segment and unmap it. Safe to call twice.

        The name is gone at once, so nothing can leak past this call (a child still
        reading keeps its mapping until it ends). Unmapping frees the pages, which takes
        70–200 ms for 439 MB: a daemon thread does it, so a cancelled job ends first.
        """
        segment, self._segment = self._segment, None
        if segment is None:
            return
        segment.unlink()
        threading.Thread(target=_unmap, args=(segment,), name="digitgui-unmap", daemon=True).start()


def _unmap(segment: SharedMemory) -> None:
    """Runs in a daemon thread: unmap an unlinked segment, which frees its memory."""
    try:
        segment.close()
    except (BufferError, OSError) as error:  # the process's exit unmaps it anyway
        log.warning("could not unmap shared memory %s: %s", segment.name, error)
