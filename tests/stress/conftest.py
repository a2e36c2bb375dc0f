"""Inputs for the close-during-job stress tests: a big CSV and a folder with a FIFO."""

from __future__ import annotations

import os

import numpy as np
import pytest


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory):
    """About 60 MB of CSV (20,000 × 784 pixels and a label): seconds to parse."""
    rng = np.random.default_rng(0)
    rows = rng.integers(0, 256, size=(50, 785))
    rows[:, -1] = rng.integers(0, 10, size=50)
    lines = [",".join(map(str, row)) for row in rows]
    header = ",".join([f"pixel{i}" for i in range(784)] + ["label"])
    path = tmp_path_factory.mktemp("big") / "big.csv"
    path.write_text(header + "\n" + "\n".join(lines * 400) + "\n")
    return path


@pytest.fixture(scope="session")
def fifo_folder(tmp_path_factory):
    """A picture folder whose only "picture" is a FIFO nobody writes to."""
    folder = tmp_path_factory.mktemp("fifo")
    os.mkfifo(folder / "a_1.png")
    return folder
