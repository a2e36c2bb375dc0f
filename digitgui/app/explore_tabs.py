"""The exploration tabs beside "Clusters", each built by its presenter module."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from digitgui.app.state import AppState

# Presenter modules in tab order; each has ``build(state) -> (title, widget)``.
PRESENTERS: tuple[str, ...] = ("k_sweep", "init_comparison", "iteration_stepper", "stability")


def build_explore_tabs(state: AppState) -> list[tuple[str, QWidget]]:
    import importlib

    tabs = []
    for name in PRESENTERS:
        module = importlib.import_module(f"digitgui.app.presenters.{name}")
        tabs.append(module.build(state))
    return tabs
