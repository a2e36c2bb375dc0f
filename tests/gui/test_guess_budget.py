"""When the GUI thread may search the data for a digit guess while the user draws."""

from __future__ import annotations

import numpy as np

from digitgui.app.drawing_controller import (
    ALWAYS_SEARCHABLE,
    GUI_QUERY_BUDGET,
    PreparedIndex,
)
from digitgui.model.dataset import Dataset
from digitgui.model.guess import NeighbourIndex


def _prepared(samples: int, query_seconds: float) -> PreparedIndex:
    data = np.zeros((samples, 64))
    dataset = Dataset(data, None, None, f"{samples} samples")
    return PreparedIndex(dataset, NeighbourIndex(data), query_seconds)


def test_small_data_is_searched_even_when_a_busy_machine_timed_it_slow():
    # The timing runs in a low-priority worker: on a loaded machine it once measured the
    # digits over budget, and the guess said the data was too large.
    assert _prepared(1797, GUI_QUERY_BUDGET * 20).fits_gui_budget
    assert _prepared(ALWAYS_SEARCHABLE, GUI_QUERY_BUDGET * 20).fits_gui_budget


def test_large_data_is_searched_only_when_a_query_was_timed_within_budget():
    large = ALWAYS_SEARCHABLE + 1
    assert _prepared(large, GUI_QUERY_BUDGET / 2).fits_gui_budget
    assert not _prepared(large, GUI_QUERY_BUDGET * 2).fits_gui_budget
