"""The main window's menus (File, View, Help) and the dialogs the Help and View menus open."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox

from digitgui.app.file_controller import EXPORTS, FileController
from digitgui.app.settings import Settings
from digitgui.app.state import AppState
from digitgui.model.dataset import load_digits_dataset
from digitgui.widgets.getting_started import GettingStarted
from digitgui.widgets.metrics_help import MetricsHelp


def about_text() -> str:
    import sklearn
    from PySide6 import __version__ as pyside_version

    from digitgui import __version__

    return (
        f"<h3>digitgui {__version__}</h3>"
        "<p>Explore KMeans clustering of handwritten digits: draw a digit and see which "
        "cluster it falls into. Everything runs on this computer; nothing is sent anywhere.</p>"
        f"<p>scikit-learn {sklearn.__version__} · PySide6 {pyside_version}</p>"
        "<p>Data: scikit-learn's copy of the UCI Optical Recognition of Handwritten Digits "
        "set (1797 images of 8×8 pixels).</p>"
    )


class WindowMenus(QObject):
    """Builds the menu bar of ``window`` and answers its View and Help actions.

    File actions go to ``files``; View lists the ``docks`` and resets the settings; Help
    opens Getting started, Metrics help and About. ``reset_requested`` turns True once
    the person confirmed a reset: the window then leaves the settings unsaved on close.
    """

    def __init__(
        self,
        window: QMainWindow,
        state: AppState,
        settings: Settings,
        files: FileController,
        docks: dict[str, QDockWidget],
        tab_menu: QMenu,
    ) -> None:
        super().__init__(window)  # the window is reached through parent(), never stored
        self._state = state
        self._settings = settings
        self._files = files
        self._help: MetricsHelp | None = None
        self._getting_started: GettingStarted | None = None
        self.reset_requested = False
        self._build_file_menu(window)
        view_menu = window.menuBar().addMenu("&View")
        view_menu.addMenu(tab_menu)
        view_menu.addSeparator()
        for dock in docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        reset = view_menu.addAction("Reset settings and layout…")
        reset.setObjectName("resetSettingsAction")
        reset.triggered.connect(self._on_reset_settings_triggered)
        help_menu = window.menuBar().addMenu("&Help")
        getting_started = help_menu.addAction("Getting started")
        getting_started.setObjectName("gettingStartedAction")
        getting_started.triggered.connect(self.show_getting_started)
        metrics_help = help_menu.addAction("Metrics help")
        metrics_help.setShortcut(QKeySequence.StandardKey.HelpContents)
        metrics_help.triggered.connect(self._on_metrics_help_triggered)
        about = help_menu.addAction("About digitgui")
        about.triggered.connect(self._on_about_triggered)
        files.recent_changed.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    @property
    def _window(self) -> QMainWindow:
        window = self.parent()
        assert isinstance(window, QMainWindow)
        return window

    def _build_file_menu(self, window: QMainWindow) -> None:
        files = self._files
        menu = window.menuBar().addMenu("&File")
        _action(
            menu, "&Open data…", files.open_data, QKeySequence.StandardKey.Open, "openDataAction"
        )
        _action(menu, "Open a folder of &pictures…", files.open_folder, None, "openFolderAction")
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        _action(
            menu, "&Use the handwritten digits", self._on_builtin_data, None, "builtinDataAction"
        )
        menu.addSeparator()
        _action(menu, "Open &model…", files.open_model, None, "openModelAction")
        save = QKeySequence.StandardKey.Save
        _action(menu, "&Save model…", files.save_model, save, "saveModelAction")
        export_menu = menu.addMenu("&Export")
        for kind, (title, _name, _filter) in EXPORTS.items():
            _action(export_menu, f"{title}…", partial(files.export, kind), None, f"export_{kind}")
        menu.addSeparator()
        quit_key = QKeySequence.StandardKey.Quit
        self.quit_action = _action(menu, "&Quit", window.close, quit_key, "quitAction")
        # From any of the app's windows: Getting started, shown at the first start, had
        # the focus and swallowed Ctrl+Q.
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

    @Slot()
    def fill_recent_menu(self) -> None:
        """File → Open recent: the files opened last (disabled when there are none)."""
        self.recent_menu.clear()
        recent = [path for path in self._settings.recent_files() if path]
        for path in recent:
            action = self.recent_menu.addAction(
                menu_text(path), partial(self._files.open_data, path)
            )
            action.setToolTip(path)
        self.recent_menu.setEnabled(bool(recent))

    def _on_builtin_data(self) -> None:
        self._state.set_dataset(load_digits_dataset())

    # -- Help -------------------------------------------------------------------------
    @Slot()
    def show_getting_started(self) -> None:
        """Help → Getting started: a short, non-modal page of what to try first."""
        if self._getting_started is None:
            self._getting_started = GettingStarted(self._window)
            self._getting_started.set_show_at_start(self._settings.show_getting_started())
            self._getting_started.show_at_start_changed.connect(
                self._settings.set_show_getting_started
            )
        self._getting_started.show()
        self._getting_started.raise_()

    def offer_getting_started(self) -> bool:
        """Show Getting started at launch unless the person asked not to; True if shown.

        Not on the offscreen platform (tests, ``--screenshot``), where nobody reads it.
        """
        if QGuiApplication.platformName() == "offscreen":
            return False
        if not self._settings.show_getting_started():
            return False
        QTimer.singleShot(0, self.show_getting_started)  # after the window is on screen
        return True

    @Slot()
    def _on_metrics_help_triggered(self) -> None:
        if self._help is None:
            self._help = MetricsHelp(self._window)
        self._help.show()
        self._help.raise_()

    @Slot()
    def _on_about_triggered(self) -> None:
        QMessageBox.about(self._window, "About digitgui", about_text())

    # -- View -------------------------------------------------------------------------
    @Slot()
    def _on_reset_settings_triggered(self) -> None:
        window = self._window
        answer = QMessageBox.question(
            window,
            "Reset settings",
            "Forget the saved parameters, recent files and window layout? The defaults "
            "apply from the next launch; the current window is left as it is.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._settings.reset()
            self.reset_requested = True
            window.statusBar().showMessage("Settings reset; defaults apply from the next launch")


def menu_text(path: str) -> str:
    """``path`` as a menu item shows it: "&" would underline the next letter instead of
    showing, a tab would move the rest into the shortcut column, a newline split it."""
    shown = path.replace("&", "&&")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in shown)


def _action(menu: QMenu, text: str, slot: Callable[[], object], shortcut, name: str) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())  # drop ``checked``
    if shortcut is not None:
        action.setShortcut(shortcut)
    return action
