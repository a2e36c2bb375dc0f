"""Decision regions, t-SNE settings, script/notebook export and the open-preview dialog."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from sklearn.cluster import KMeans

from digitgui.app.presenters import projection_options
from digitgui.app.presenters.projection import ProjectionPresenter
from digitgui.app.presenters.projection_options import ProjectionOptionsPresenter
from digitgui.model.dataset import Dataset
from digitgui.model.io.preview import read_preview
from digitgui.widgets.open_preview_dialog import AUTOMATIC, OpenPreviewDialog
from digitgui.widgets.palette import cluster_color
from digitgui.widgets.projection_view import ProjectionView

TIMEOUT = 60_000


def _projection(qtbot, window) -> ProjectionView:
    if not window.explore_tabs_built:
        with qtbot.waitSignal(window.tabs_ready, timeout=TIMEOUT):
            pass
    view = window.findChild(ProjectionView)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.shown_method == "PCA", timeout=TIMEOUT)
    return view


def test_decision_regions_shade_the_pca_plane(qtbot, window):
    view = _projection(qtbot, window)
    layer = view.regions
    assert layer.toggle.isEnabled() and not layer.is_shown
    qtbot.mouseClick(layer.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: layer.is_shown, timeout=TIMEOUT)
    centres = layer.centres.getData()
    assert len(centres[0]) == window.state.clustering.result.n_clusters == 10
    # Around each centre the plane has that cluster's colour, translucent.
    presenter = view.findChild(ProjectionPresenter)
    coords = np.asarray(presenter.projection.coords)  # the PCA map on screen
    kmeans = KMeans(n_clusters=10, n_init=4, random_state=0).fit(coords)
    np.testing.assert_allclose(np.column_stack(centres), kmeans.cluster_centers_)
    for cluster, (x, y) in enumerate(kmeans.cluster_centers_):
        red, green, blue, alpha = layer.colour_at(x, y)
        assert (red, green, blue) == cluster_color(cluster).getRgb()[:3]
        assert 0 < alpha < 255
    # Another k re-shades; leaving PCA hides the regions and disables the option.
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT):
        window.params.k.setValue(4)
        qtbot.mouseClick(window.params.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(layer.centres.getData()[0]) == 4, timeout=TIMEOUT)
    view.method_combo.setCurrentText("Isomap")
    assert not layer.toggle.isEnabled() and not layer.is_shown
    assert len(layer.centres.getData()[0]) == 0


def test_decision_regions_newest_request_wins_new_data_clears_and_failures_say_so(
    qtbot, window, digits, monkeypatch
):
    view = _projection(qtbot, window)
    layer = view.regions
    presenter = view.findChild(ProjectionOptionsPresenter)
    # On, off and on again at once: the request after the cancel is computed and shown.
    for checked in (True, False, True):
        layer.toggle.setChecked(checked)
    qtbot.waitUntil(lambda: not presenter.runner.busy, timeout=TIMEOUT)
    assert layer.is_shown
    # New data: the old map's regions go at once, the new map's come.
    part = Dataset(digits.data[:600], digits.images[:600], digits.target[:600], "part")
    window.state.set_dataset(part)
    assert not layer.is_shown
    qtbot.waitUntil(lambda: layer.is_shown, timeout=TIMEOUT)
    assert len(layer.centres.getData()[0]) == 10

    def no_room(*_args, **_kwargs):
        raise ValueError("no room for regions")

    monkeypatch.setattr(projection_options, "decision_regions", no_room)
    with qtbot.waitSignal(presenter.runner.failed, timeout=TIMEOUT):
        layer.toggle.setChecked(False)
        layer.toggle.setChecked(True)
    assert view.status.text().startswith("Decision regions failed")
    assert "no room for regions" in view.status.text()
    qtbot.waitUntil(
        lambda: getattr(window.state.clustering, "dataset", None) is part, timeout=TIMEOUT
    )


def test_tsne_settings_show_for_tsne_and_are_remembered(qtbot, window, settings):
    from digitgui.app.main_window import MainWindow

    view = _projection(qtbot, window)
    assert view.tsne_settings.isHidden()
    view.method_combo.setCurrentText("t-SNE")
    assert not view.tsne_settings.isHidden()
    view.tsne_settings.perplexity.setValue(12)
    view.tsne_settings.iterations.setValue(500)
    assert "perplexity 12 and 500 iterations" in view.status.text()
    assert view.compute_button.isEnabled()
    window.close()
    assert settings.tsne_settings() == (12.0, 500)
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.tabs_ready, timeout=TIMEOUT):
        again.show()
    box = again.findChild(ProjectionView).tsne_settings
    assert box.values() == (12.0, 500)
    again.close()


@pytest.mark.parametrize(("kind", "name"), [("python_script", "c.py"), ("notebook", "c.ipynb")])
def test_file_export_writes_script_and_notebook(qtbot, window, tmp_path, kind, name):
    action = window.findChild(object, f"export_{kind}")
    assert action is not None
    path = tmp_path / name
    with qtbot.waitSignal(window.state.message, timeout=TIMEOUT):
        window.files.export(kind, str(path))
    qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    text = path.read_text(encoding="utf-8")
    if kind == "notebook":
        assert json.loads(text)["nbformat"] == 4
    assert "KMeans(n_clusters=10" in text and "load_digits()" in text


def _csv(tmp_path, digits):
    path = tmp_path / "first.csv"
    names = ["digit"] + [f"p{i}" for i in range(64)]
    rows = np.column_stack([digits.target[:300], digits.data[:300]]).astype(int)
    path.write_text(",".join(names) + "\n" + "\n".join(",".join(map(str, r)) for r in rows))
    return path


def test_preview_dialog_shows_rows_and_picks_a_column(qtbot, digits, tmp_path):
    preview = read_preview(_csv(tmp_path, digits))
    assert preview.names[0] == "digit" and preview.guess == 0 and len(preview.rows) == 20
    dialog = OpenPreviewDialog(
        "first.csv", preview.description, preview.names, preview.rows, preview.guess
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.item(0, 1).text() == str(int(digits.data[0, 0]))
    assert dialog.label_column() == AUTOMATIC and dialog.marked_column() == 0
    header = dialog.table.horizontalHeader()
    x = header.sectionViewportPosition(3) + header.sectionSize(3) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert dialog.label_column() == 3 and dialog.marked_column() == 3
    dialog.pick_column(None)
    assert dialog.label_column() is None


def test_file_open_asks_for_the_label_column(qtbot, window, digits, tmp_path, monkeypatch):
    path = _csv(tmp_path, digits)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    shown = []

    def choose_none(dialog):
        shown.append(dialog.table.rowCount())
        dialog.pick_column(None)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OpenPreviewDialog, "exec", choose_none)
    with qtbot.waitSignal(window.state.dataset_changed, timeout=TIMEOUT) as opened:
        window.files.open_data()
    dataset = opened.args[0]
    assert shown == [20]
    assert dataset.target is None and dataset.n_features == 65  # the digit column kept

    monkeypatch.setattr(OpenPreviewDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window.files.open_data()
    assert window.state.dataset is dataset  # cancelled: nothing opened
