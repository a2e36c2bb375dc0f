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


def niceness_in_background(*, progress=None):
    from digitgui.workers.child_jobs import run_in_background

    before = os.nice(0)
    run_in_background()
    return before, os.nice(0)
