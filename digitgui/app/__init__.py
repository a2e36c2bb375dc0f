"""Application layer: main(), the main window, settings, CLI. Nothing imports this package.

``MainWindow`` is imported lazily so that ``digitgui --version`` never loads Qt.
"""


def __getattr__(name: str):
    if name == "MainWindow":
        from digitgui.app.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
