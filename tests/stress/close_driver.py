"""Started in a subprocess by ``test_close_during_jobs``: run the app, start one kind of
job, close the window while it runs. Prints ``BUSY <runner names>`` and ``CLOSING <t>``
(``time.monotonic()``, comparable across processes on Linux) just before closing.

Usage: ``python -m tests.stress.close_driver KIND SETTINGS_FILE [PATH]``.
"""

from __future__ import annotations

import sys
import time

#: How long the job runs before the window is closed.
CLOSE_AFTER_MS = 400
#: Kinds started from an exploration tab (the last three in the projection tab).
TAB_KINDS = ("sweep", "stability", "comparison", "algorithms")
TAB_KINDS += ("t-SNE", "Isomap", "Spectral embedding")  # in the projection tab


def _start_tab_job(window, kind: str) -> None:
    from PySide6.QtWidgets import QWidget

    if kind == "sweep":
        view = window.findChild(QWidget, "kSweepView")
        view.set_k_range(2, 60)
        view.run_button.click()
    elif kind == "stability":
        view = window.findChild(QWidget, "stabilityView")
        view.seeds_spin.setValue(50)
        view.run_button.click()
    elif kind == "comparison":
        window.findChild(QWidget, "initComparison").run_button.click()
    elif kind == "algorithms":
        window.findChild(QWidget, "algorithmComparison").run_button.click()
    else:
        view = window.findChild(QWidget, "projectionView")
        view.method_combo.setCurrentText(kind)
        view.compute_button.click()
    if kind in TAB_KINDS[4:] and view.cancel_button.isHidden():
        raise RuntimeError(f"{kind} did not start")  # the PCA shown first was still running


def _when(condition, then) -> None:
    """Call ``then()`` once ``condition()`` holds, checking every 50 ms (driver only)."""
    from PySide6.QtCore import QTimer

    if condition():
        then()
    else:
        QTimer.singleShot(50, lambda: _when(condition, then))


def main() -> int:
    kind, settings = sys.argv[1], sys.argv[2]
    path = sys.argv[3] if len(sys.argv) > 3 else None
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from digitgui.app import main as app_main
    from digitgui.model.config import KMeansConfig
    from digitgui.workers.runner import JobRunner

    def close(window) -> None:
        busy = sorted(runner.name for runner in list(JobRunner.instances) if runner.busy)
        print("BUSY", ",".join(busy) or "-", flush=True)
        print("CLOSING", repr(time.monotonic()), flush=True)
        window.close()

    def start(window) -> None:
        if kind == "fit":
            window.fits.run(KMeansConfig(n_clusters=10, n_init=500), "Raw pixels")
        elif kind == "load":
            window.files.open_data(path)
        else:
            _start_tab_job(window, kind)
        QTimer.singleShot(CLOSE_AFTER_MS, lambda: close(window))

    def when_ready(window) -> None:
        ready = window.state.clustering is not None
        if kind in TAB_KINDS:
            ready = ready and window.explore_tabs_built
        if ready and not getattr(window, "_stress_started", False):
            window._stress_started = True
            if kind in TAB_KINDS[4:]:  # after the PCA the projection tab starts with
                from PySide6.QtWidgets import QWidget

                view = window.findChild(QWidget, "projectionView")
                _when(lambda: view.shown_method == "PCA", lambda: start(window))
            else:
                start(window)

    def hook() -> None:
        window = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
        window.state.clustering_changed.connect(lambda *_: when_ready(window))
        window.tabs_ready.connect(lambda: when_ready(window))

    QTimer.singleShot(0, hook)
    return app_main.main(["--settings", settings])  # leaves with os._exit


if __name__ == "__main__":
    sys.exit(main())
