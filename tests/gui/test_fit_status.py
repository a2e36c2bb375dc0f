"""What the parameters panel, progress bar, status bar and file dialogs tell the user."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from digitgui.app.fit_controller import finished_text, progress_text
from digitgui.app.settings import Settings
from digitgui.model import KMeansConfig
from digitgui.widgets.metrics_table import format_metric
from digitgui.widgets.params_panel import ParamsPanel

TIMEOUT = 30_000


def test_finished_fit_says_done_not_restart_one_of_one(window):
    text = window.params.progress.format()
    assert text.startswith("done") and "restart 1 of 1" not in text
    assert window.params.progress.value() == window.params.progress.maximum()


def test_status_inertia_is_formatted_like_the_metrics_table(window):
    inertia = window.state.clustering.result.inertia
    assert f"inertia {format_metric(inertia)}" in window.statusBar().currentMessage()
    assert format_metric(0.15031) == "0.1503"  # not "0." as in a spectral space


def test_minibatch_counts_passes_and_disables_the_algorithm_box(qtbot):
    panel = ParamsPanel(["Raw pixels"])
    qtbot.addWidget(panel)
    assert panel.algorithm.isEnabled()
    panel.set_method("minibatch")
    assert not panel.algorithm.isEnabled()
    assert "exact KMeans" in panel.algorithm.toolTip()
    panel.set_method("kmeans")
    assert panel.algorithm.isEnabled()
    config = KMeansConfig(method="minibatch", batch_size=100)
    assert progress_text(config, 1000, 25, 200) == "pass 3 of at most 20"
    assert finished_text(config, 7) == "done: 7 passes over the data"
    assert finished_text(KMeansConfig(n_init=1), 12) == "done: best of 1 restart"


def test_new_seed_each_run_shows_the_seed_used(window, qtbot):
    window.params.random_seed.setChecked(True)
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT) as blocker:
        window.params.run_button.click()
    seed = blocker.args[0].result.config.random_state
    assert seed is not None
    assert window.params.seed.value() == seed
    assert window.params.random_seed.isChecked()  # the next run draws another one
    assert window.params.config().random_state is None
    assert f"seed {seed}" in window.statusBar().currentMessage()


def test_save_model_without_extension_adds_npz(window, qtbot, tmp_path, monkeypatch):
    chosen = str(tmp_path / "my model")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen, ""))
    with qtbot.waitSignal(window.state.message, timeout=TIMEOUT) as blocker:
        window.files.save_model()
    assert (tmp_path / "my model.npz").is_file()
    assert not Path(chosen).exists()
    assert "my model.npz" in blocker.args[0]


def test_file_dialogs_start_in_the_folder_last_used(window, tmp_path, monkeypatch, settings):
    data_folder = tmp_path / "data"
    data_folder.mkdir()
    starts = []

    def fake_open(_parent, _title, start, _filter):
        starts.append(start)
        return str(data_folder / "missing.csv"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: starts.append(a[2]) or ("", ""))
    window.files.open_model()  # cancelled loads are fine: only the start folder matters
    window.files.export("labels_csv")
    assert starts[0] == str(Path.home())
    assert starts[1] == str(data_folder / "labels.csv")
    assert Settings(settings.path).last_folder() == str(data_folder)  # kept for next time
