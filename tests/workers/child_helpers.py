"""Functions the child-process tests run in a child: importable by name, no Qt."""

from __future__ import annotations

import os
import time

import numpy as np


def scaled(values, factor, *, progress=None):
    for step in range(3):
        progress(step + 1, 3)
    return np.asarray(values) * factor


def sleep_forever(marker_path, *, progress=None):
    with open(marker_path, "w") as marker:
        marker.write(str(os.getpid()))
    time.sleep(600)


def raise_value_error(*, progress=None):
    raise ValueError("k is larger than the data")


def raise_dataset_error(*, progress=None):
    from digitgui.model.io.errors import DatasetError

    raise DatasetError("the file is empty", path="/data/empty.csv")


def raise_own_error(*, progress=None):
    class Strange(Exception):
        pass

    raise Strange("something odd")


def die(*, progress=None):
    os._exit(3)


def shared_sum(segment_name, shape, *, progress=None):
    from digitgui.workers.child_jobs import shared_array

    data = shared_array(segment_name, shape)
    return float(data.sum()), bool(data.flags.writeable)


def nice_value(*, progress=None) -> int:
    """The child's own nice value."""
    import os

    return os.getpriority(os.PRIO_PROCESS, 0)


def warn_like_a_library(*, progress=None) -> int:
    """Warns as scikit-learn and SciPy do in a child (and logs a warning), then answers."""
    import logging
    import warnings

    warnings.warn(
        "number of connected components of the neighbors graph: 2 > 1", UserWarning, stacklevel=1
    )
    warnings.warn("changing the sparsity structure is expensive", RuntimeWarning, stacklevel=1)
    logging.getLogger("somelibrary").warning("a logged warning")
    return 7
