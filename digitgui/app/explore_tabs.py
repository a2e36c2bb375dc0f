"""The exploration tabs beside "Clusters", each built by its presenter module."""

from __future__ import annotations

from types import ModuleType

from digitgui.app.presenters import (
    algorithm_comparison,
    init_comparison,
    iteration_stepper,
    k_sweep,
    projection,
    silhouette,
    stability,
)

# Presenter modules in tab order; each has ``build(state) -> (title, widget)``. Imported
# statically so that PyInstaller sees them.
PRESENTERS: tuple[ModuleType, ...]  # grows below
PRESENTERS = (projection, silhouette, k_sweep, init_comparison, iteration_stepper, stability)
PRESENTERS += (algorithm_comparison,)
