"""Presenters wire one view to AppState and its own JobRunner.

Each module exposes ``build(state: AppState) -> tuple[str, QWidget]``: the tab title and
the widget to show; the presenter object is parented to the widget so it lives as long.
"""
