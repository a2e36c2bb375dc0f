"""Errors, logging, help and settings reset: what keeps the app trustworthy."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from digitgui.app import crash_guard
from digitgui.app.dialogs import open_boxes
from digitgui.model.metrics import METRIC_INFO
from digitgui.widgets.metrics_help import MetricsHelp, metrics_help_html


def test_uncaught_exception_is_logged_and_shown_not_fatal(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITGUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    log_path = crash_guard.setup_logging()
    try:
        crash_guard.install_exception_dialog(log_path)
        try:
            raise RuntimeError("a slot broke")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        dialogs = open_boxes("errorDialog")
        assert dialogs
        assert "a slot broke" in dialogs[-1].text()
        assert str(log_path) in dialogs[-1].text()
        for handler in root.handlers:
            handler.flush()
        logged = log_path.read_text()
        assert "RuntimeError: a slot broke" in logged and "Traceback" in logged
    finally:
        for dialog in open_boxes("errorDialog"):
            dialog.close()
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


def test_metrics_help_explains_every_metric(qtbot):
    html = metrics_help_html()
    for info in METRIC_INFO.values():
        assert info.label.replace("–", "&ndash;") in html or info.label in html
    dialog = MetricsHelp()
    qtbot.addWidget(dialog)
    assert "Silhouette" in dialog.browser.toPlainText()


def test_reset_settings_forgets_parameters(window, qtbot, settings, monkeypatch):
    window.params.k.setValue(12)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    window.findChild(object, "resetSettingsAction").trigger()
    window.close()
    assert settings.config().n_clusters == 10
    assert settings.window_state() == (None, None)
