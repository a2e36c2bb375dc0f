"""GUI fixtures: a main window with settings in tmp_path, closed (threads stopped) after."""

from __future__ import annotations

import pyqtgraph as pg
import pytest

FIT_TIMEOUT_MS = 30_000


@pytest.fixture
def settings(tmp_path):
    from digitgui.app.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, settings):
    """A shown MainWindow whose first (default) fit has arrived.

    The fit's result crosses back to the GUI thread as a queued signal, so it cannot be
    delivered before ``waitSignal`` starts listening and spins the event loop.
    """
    from digitgui.app.main_window import MainWindow

    pg.setConfigOptions(imageAxisOrder="row-major")
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.clustering_changed, timeout=FIT_TIMEOUT_MS):
        win.show()
    yield win
    win.close()
