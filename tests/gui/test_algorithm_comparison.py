"""The Algorithms tab: fills row by row, cancels, and shows a row's clustering everywhere."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from digitgui.app.dialogs import open_boxes
from digitgui.app.presenters.algorithm_comparison import shown_text
from digitgui.model.algorithms import ALGORITHMS, AlgorithmRow, estimator_code
from digitgui.widgets.algorithm_comparison import AlgorithmComparison
from tests.test_export_script import _run, printed_metrics, shown_by_app

TIMEOUT_MS = 60_000


def _tab(qtbot, window) -> AlgorithmComparison:
    if not window.explore_tabs_built:
        with qtbot.waitSignal(window.tabs_ready, timeout=TIMEOUT_MS):
            pass
    view = window.findChild(AlgorithmComparison, "algorithmComparison")
    assert view is not None
    window.tabs.setCurrentWidget(view)
    return view


def test_comparison_fills_then_shows_a_row_in_every_view(qtbot, window, tmp_path):
    view = _tab(qtbot, window)
    counts = []
    view.table.model().rowsInserted.connect(lambda *_: counts.append(view.table.rowCount()))
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert not view.run_button.isEnabled() and view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT_MS)
    assert counts == list(range(1, len(ALGORITHMS) + 1))  # one row at a time
    assert [row.name for row in view.rows] == list(ALGORITHMS)
    assert view.status_label.text().startswith("Done")
    # Seeded with the panel's seed: the KMeans row is the app's own default fit.
    app_fit = window.state.clustering
    np.testing.assert_array_equal(view.rows[0].labels, app_fit.result.labels)
    assert view.rows[0].ari == app_fit.evaluation.metrics["adjusted_rand"]
    ward = list(ALGORITHMS).index("Agglomerative (ward)")
    assert view.cell_text(ward, "ari") == f"{view.rows[ward].ari:.3f}"

    assert not view.show_button.isEnabled()
    view.table.selectRow(ward)
    assert view.show_button.isEnabled()
    before = window.state.clustering
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    shown = window.state.clustering
    assert shown is not before and "ward" in shown.method
    # The status bar says what is shown now, not the KMeans fit it replaced.
    status = window.statusBar().currentMessage()
    assert status.startswith("Showing Agglomerative (ward): 10 clusters (AgglomerativeClustering(")
    assert "Fitted" not in status
    np.testing.assert_array_equal(shown.result.labels, view.rows[ward].labels)
    # The metrics panel, the gallery and the members view render the new clustering.
    assert "AgglomerativeClustering ·" in window.metrics.summary.text()  # not "0 iterations"
    ari = window.metrics.table.value_text("adjusted_rand")
    assert ari == f"{view.rows[ward].ari:.4f}"
    means = window.state.dataset.data[shown.result.labels == 0].mean(axis=0)
    np.testing.assert_allclose(shown.pixel_centres()[0], means)
    assert window.gallery.view.count() == shown.result.n_clusters
    cluster = window.state.selected_cluster
    members = np.flatnonzero(shown.result.labels == cluster)
    assert len(window.members.shown_indices()) > 0
    assert set(window.members.shown_indices().tolist()) <= set(members.tolist())
    # Its exports name the algorithm that made it, and its script reproduces it.
    for kind, name in (("metrics_json", "metrics.json"), ("python_script", "clusters.py")):
        with qtbot.waitSignal(
            window.state.message,
            timeout=TIMEOUT_MS,
            check_params_cb=lambda text, name=name: text.endswith(name),
        ):
            window.files.export(kind, str(tmp_path / name))
    document = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert document["algorithm"] == "AgglomerativeClustering" and document["config"] is None
    assert document["parameters"] == {"n_clusters": 10, "linkage": "ward"}
    done = _run([str(tmp_path / "clusters.py")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert printed_metrics(done.stdout) == shown_by_app(shown)
    # Not a KMeans fit: it is not saved as a (KMeans) model file.
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT_MS) as refused:
        window.files.save_model(str(tmp_path / "model.npz"))
    assert "not from a KMeans fit" in refused.args[1]
    assert not (tmp_path / "model.npz").exists()
    for box in open_boxes("fileErrorDialog"):
        box.close()


def test_cancel_stops_before_the_rest(qtbot, window):
    view = _tab(qtbot, window)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.rows) >= 1, timeout=TIMEOUT_MS)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT_MS)
    assert 1 <= len(view.rows) < len(ALGORITHMS)
    assert view.status_label.text().startswith("Cancelled")


def _row(name: str, noise: int = 0) -> AlgorithmRow:
    labels = np.arange(30) % 10
    code = estimator_code(name, 10)
    return AlgorithmRow(name, code, labels, 0.7942, 0.8671, 0.8683, 0.1783, 10, noise, 4.43)


@pytest.mark.parametrize("width", [382, 415, 463])
def test_table_fits_a_narrow_tab_eliding_names_not_numbers(qtbot, width):
    # The Algorithms tab is 382 px wide at 1024×768, 415 at 1280×720 (and 1920×1080 at
    # 150 %), 463 at 1366×768.
    view = AlgorithmComparison()
    qtbot.addWidget(view)
    view.resize(width, 600)
    view.show()
    qtbot.waitExposed(view)
    for name in ALGORITHMS:
        view.add_row(_row(name, noise=500 if name == "HDBSCAN" else 0))
    table, header = view.table, view.table.horizontalHeader()

    def fitted() -> bool:  # the columns were fitted to the rows, which came one by one
        numbers_whole = all(
            header.sectionSize(c) >= table.sizeHintForColumn(c) for c in range(1, header.count())
        )
        width = sum(header.sectionSize(c) for c in range(header.count()))
        return numbers_whole and width == table.viewport().width()

    qtbot.waitUntil(fitted, timeout=5000)
    assert not table.horizontalScrollBar().isVisible()
    natural = view.columns.natural_widths()
    assert header.sectionSize(0) < natural[0]  # "Agglomerative (average)" elides


def test_table_columns_take_their_natural_width_when_there_is_room(qtbot):
    view = AlgorithmComparison()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    for name in ALGORITHMS:
        view.add_row(_row(name))
    header = view.table.horizontalHeader()
    natural = view.columns.natural_widths()
    qtbot.waitUntil(lambda: header.sectionSize(1) == natural[1], timeout=5000)
    assert [header.sectionSize(c) for c in range(1, header.count())] == natural[1:]
    spare = view.table.viewport().width() - sum(natural)
    assert spare > 0 and header.sectionSize(0) == natural[0] + spare  # names take the rest


def test_status_text_of_a_shown_row_names_it_and_its_noise():
    row = _row("HDBSCAN", noise=500)

    class Shown:  # what shown_text reads of a Clustering
        method = row.code
        result = type("Result", (), {"n_clusters": 21})()

    text = shown_text(Shown(), row)  # type: ignore[arg-type]
    assert text.startswith("Showing HDBSCAN: 21 clusters, the last one its 500 noise points")
    assert "HDBSCAN(" in text
