"""The exploration tabs beside "Clusters", each built by its presenter module."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from digitgui.app.presenters import (
    algorithm_comparison,
    init_comparison,
    iteration_stepper,
    k_sweep,
    projection,
    silhouette,
    stability,
)
from digitgui.app.state import AppState

# Presenter modules in tab order; each has ``build(state) -> (title, widget)``. Imported
# statically so that PyInstaller sees them.
PRESENTERS = (projection, silhouette, k_sweep, init_comparison, iteration_stepper, stability)
PRESENTERS += (algorithm_comparison,)


def build_explore_tabs(state: AppState) -> list[tuple[str, QWidget]]:
    return [presenter.build(state) for presenter in PRESENTERS]
