"""Where the main window goes: a size that fits the screen, docks sized for the window.

The rules are pure functions on QRect/QSize (testable without a screen); the functions at
the end apply them to a main window and its settings.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from digitgui.app.settings import Settings

DEFAULT_SIZE = QSize(1400, 900)
PARAMS_WIDTH = 290  # the left column: parameters over metrics
NARROW_DRAW_WIDTH = 340  # draw dock with the answer under the canvas
WIDE_WINDOW = 1200  # from this window width on, the answer goes beside the canvas
WIDE_DRAW_SHARE = 0.44
WIDE_DRAW_MAX = 640


def first_start_size(available: QRect, frame_margins: QSize | None = None) -> QSize:
    """The window size of a first start: the default, shrunk to the available screen.

    ``frame_margins`` is what the window manager adds around the window (title bar,
    borders), when known.
    """
    room = available.size() - (frame_margins or QSize(0, 0))
    return DEFAULT_SIZE.boundedTo(room)


def fit_rect(frame: QRect, available: QRect) -> QRect:
    """``frame`` moved (and shrunk, if it must be) so that it lies inside ``available``."""
    size = frame.size().boundedTo(available.size())
    x = min(max(frame.x(), available.left()), available.right() - size.width() + 1)
    y = min(max(frame.y(), available.top()), available.bottom() - size.height() + 1)
    return QRect(QPoint(x, y), size)


def centred(size: QSize, available: QRect) -> QRect:
    """A rectangle of ``size`` in the middle of ``available``."""
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return fit_rect(rect, available)


def dock_widths(window_width: int, params_width: int = PARAMS_WIDTH) -> tuple[int, int]:
    """(left column, draw dock) widths for a window ``window_width`` wide.

    The left column gets ``params_width`` (the parameters' own minimum), at least
    :data:`PARAMS_WIDTH`.
    Narrow windows put the answer under the canvas (a narrow draw dock leaves the centroid
    gallery room); wide ones give the draw dock room to show the answer beside the canvas.
    """
    left = max(PARAMS_WIDTH, params_width + 4)
    if window_width < WIDE_WINDOW:
        return left, NARROW_DRAW_WIDTH
    return left, min(WIDE_DRAW_MAX, int(window_width * WIDE_DRAW_SHARE))


# -- applied to the main window ---------------------------------------------------------
def available_geometry(window: QWidget) -> QRect:
    """The available geometry of the screen the window is on (or the primary one).

    The offscreen platform (tests, ``--screenshot``) has no real screen, only a nominal
    800×600 one: there the window may be any size.
    """
    if QGuiApplication.platformName() == "offscreen":
        return QRect(QPoint(0, 0), QSize(16384, 16384))
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def restore_placement(window: QMainWindow, settings: Settings) -> bool:
    """Put ``window`` where it was, fitted onto the current screen; on a first start, give
    it a size that fits the screen. Returns True if the saved dock layout was restored and
    still applies (the window kept its saved size); False if the docks need arranging.
    """
    available = available_geometry(window)
    geometry, layout = settings.window_state()
    rect, maximized = settings.window_rect()
    kept_size = False
    if rect is not None:
        saved = QRect(*rect)
        window.setGeometry(fit_rect(saved, available))
        kept_size = window.size() == saved.size()
        if maximized:
            window.setWindowState(Qt.WindowState.WindowMaximized)
    elif geometry is not None and window.restoreGeometry(geometry):
        kept_size = True
    else:
        # A first start; or Qt refused a geometry saved on a bigger screen.
        window.setGeometry(centred(first_start_size(available), available))
    # Dock sizes saved in a bigger window would squeeze the parameters or the gallery.
    restored = kept_size and layout is not None and window.restoreState(layout)
    fit_to_screen(window)
    return restored


def save_placement(window: QMainWindow, settings: Settings) -> None:
    """Remember the window's geometry and dock layout for the next launch."""
    settings.set_window_state(window.saveGeometry(), window.saveState())
    rect = window.normalGeometry().getRect()  # PySide6's stub says object: it is 4 ints
    settings.set_window_rect(rect, window.isMaximized())  # type: ignore[arg-type]


def fit_to_screen(window: QWidget) -> None:
    """Move and shrink ``window`` so that all of it, frame included, is on its screen."""
    if window.isMaximized() or window.isFullScreen():
        return
    frame = window.frameGeometry()
    margins = frame.size() - window.geometry().size()  # title bar and borders, if known
    target = fit_rect(frame, available_geometry(window))
    if target != frame:
        window.resize(target.size() - margins)
        window.move(target.topLeft())


def arrange_docks(window: QMainWindow, docks: dict[str, QDockWidget], params: QWidget) -> None:
    """Dock sizes for the window: the left column (parameters over metrics), the draw dock.

    The parameters get the height they need at the column's width; the metrics the rest.
    """
    left, draw = dock_widths(window.width(), params.minimumSizeHint().width())
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    window.resizeDocks([docks["paramsDock"], docks["drawDock"]], [left, draw], horizontal)
    params_dock = docks["paramsDock"]
    title = max(0, params_dock.sizeHint().height() - params_dock.widget().sizeHint().height())
    needed = params.sizeHint().height()
    if params.hasHeightForWidth():  # rows wrap in a narrow column
        needed = max(needed, params.heightForWidth(left - 4))
    params_height = needed + title + 4
    # resizeDocks shares out any difference in proportion: give it the column's height.
    column = window.height() - window.menuBar().sizeHint().height()
    column -= window.statusBar().sizeHint().height()
    rest = max(column - params_height, 200)
    window.resizeDocks([docks["paramsDock"], docks["metricsDock"]], [params_height, rest], vertical)
