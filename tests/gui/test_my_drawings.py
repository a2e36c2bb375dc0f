"""Drawing with the mouse: the digit guess, the "unlike" answer, and My drawings
(keep with digit keys, restart, remove/clear/undo, score, export and open back)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from digitgui.model.dataset import Dataset
from digitgui.widgets.my_drawings import MyDrawingsStrip
from tests.model.drawn_digits import DRAWN_DIGITS, generate_scribbles

TIMEOUT = 30_000


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """The drawings file goes to a temporary data folder (set before the window exists)."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _drag(qtbot, canvas, strokes):
    """Draw ``strokes`` (in a 280×280 design space) with real mouse events."""
    scale = min(canvas.width(), canvas.height()) / 300
    for stroke in strokes:
        points = [QPoint(int(x * scale), int(y * scale)) for x, y in stroke]
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
        for point in points[1:]:
            qtbot.mouseMove(canvas, point)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])


def _fit_to_design_space(strokes):
    points = np.array([p for s in strokes for p in s])
    low, size = points.min(axis=0), (points.max(axis=0) - points.min(axis=0)).max()
    return [[tuple((np.array(p) - low) / size * 240 + 20) for p in s] for s in strokes]


def _index_ready(qtbot, window):
    qtbot.waitUntil(lambda: window.drawing.prepared is not None, timeout=TIMEOUT)


def _activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_drawing_shows_a_digit_guess_beside_the_cluster(window, qtbot, digits):
    guess = window.findChild(QLabel, "digitGuess")
    assert guess is not None and guess.accessibleName()
    _index_ready(qtbot, window)
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[5])
    assert guess.text().startswith("Looks like a 5 · ")
    assert guess.text().endswith(" of 5 nearest")
    assert "majority digit" in guess.toolTip() and "cluster" in guess.toolTip()
    label = window.findChild(QLabel, "assignmentLabel")
    assert label.text().startswith("Cluster ")
    window.draw.canvas.clear()
    assert guess.text() == ""


def test_a_scribble_is_called_unlike_the_data(window, qtbot):
    _index_ready(qtbot, window)
    label = window.findChild(QLabel, "assignmentLabel")
    scribble = generate_scribbles(seed=3, count=8)[0]  # a tangle
    _drag(qtbot, window.draw.canvas, _fit_to_design_space(scribble.strokes))
    assert label.text().startswith("Unlike the digits in the data")
    assert "cluster" in label.text()
    assert window.findChild(QLabel, "digitGuess").text().startswith("Far from every data image")


def test_data_without_labels_says_so(window, qtbot, digits):
    unlabelled = Dataset(digits.data, digits.images, None, "digits without labels")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT):
        window.state.set_dataset(unlabelled)
    _index_ready(qtbot, window)
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[3])
    assert "no labels" in window.findChild(QLabel, "digitGuess").text()


def _keep_all_ten(qtbot, window):
    _activate(qtbot, window)
    canvas = window.draw.canvas
    for digit in range(10):
        _drag(qtbot, canvas, DRAWN_DIGITS[digit])
        qtbot.keyClick(canvas, str(digit))
        canvas.clear()


def test_keep_ten_drawings_with_digit_keys_and_find_them_after_a_restart(
    window, qtbot, settings, data_home
):
    strip = window.draw.my_drawings
    assert strip.objectName() == "myDrawings" and strip.accessibleName()
    assert not strip.keep_button.isEnabled()
    qtbot.keyClick(window.draw.canvas, "4")  # nothing on the canvas: nothing kept
    assert strip.count() == 0
    _keep_all_ten(qtbot, window)
    assert strip.count() == 10
    assert [d.digit for d in window.my_drawings.drawings] == list(range(10))
    assert (data_home / "digitgui" / "my_drawings.json").is_file()
    window.close()

    from digitgui.app.main_window import MainWindow

    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.draw.my_drawings.count() == 10
    assert again.my_drawings.drawings == window.my_drawings.drawings
    again.close()


def test_digit_keys_go_to_a_focused_number_field(window, qtbot):
    _activate(qtbot, window)
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[7])
    spin = window.params.k
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=5000)
    spin.selectAll()
    qtbot.keyClick(spin.focusWidget() or spin, "7")
    assert window.draw.my_drawings.count() == 0
    assert spin.text() == "7" or spin.value() == 7


def test_keep_as_menu_remove_clear_and_undo(window, qtbot, monkeypatch):
    strip = window.draw.my_drawings
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[2])
    assert strip.keep_button.isEnabled()
    strip.keep_button.menu().actions()[2].trigger()
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[8])
    strip.keep_button.menu().actions()[8].trigger()
    assert [d.digit for d in window.my_drawings.drawings] == [2, 8]
    strip.list.setCurrentRow(0)
    strip.remove_action.trigger()
    assert [d.digit for d in window.my_drawings.drawings] == [8]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    strip.clear_action.trigger()
    assert strip.count() == 1, "declining the confirmation keeps them"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    strip.clear_action.trigger()
    assert strip.count() == 0 and strip.undo_clear_action.isEnabled()
    strip.undo_clear_action.trigger()
    assert strip.count() == 1


def test_score_and_export_my_drawings(window, qtbot, tmp_path, digits):
    _index_ready(qtbot, window)
    _keep_all_ten(qtbot, window)
    window.draw.my_drawings.score_action.trigger()
    qtbot.waitUntil(lambda: window.my_drawings.score_dialog is not None, timeout=TIMEOUT)
    dialog = window.my_drawings.score_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 11
    clustering = window.state.clustering
    cluster_right = sum(
        clustering.evaluation.cluster_digits[clustering.assign(d.features())[0]] == d.digit
        for d in window.my_drawings.drawings
    )
    assert dialog.cell_text(10, 1) == "10"
    assert dialog.cell_text(10, 2).startswith(f"{cluster_right} of 10")
    assert dialog.cell_text(10, 3) != "—"
    dialog.close()

    path = tmp_path / "mine.csv"
    assert window.my_drawings.export_to(path)
    with qtbot.waitSignal(window.state.dataset_changed, timeout=TIMEOUT):
        window.files.open_data(str(path))
    opened = window.state.dataset
    assert (opened.n_samples, opened.n_features) == (10, 64)
    assert list(opened.target) == list(range(10))
    # Let the fit of the opened data finish before the window closes (it may already have:
    # ten samples fit at once, so wait on the state rather than on the signal).
    qtbot.waitUntil(
        lambda: getattr(window.state.clustering, "dataset", None) is opened, timeout=TIMEOUT
    )


def test_export_dialog_starts_in_the_folder_last_used_and_shares_it(
    window, qtbot, tmp_path, monkeypatch, settings
):
    used, chosen = tmp_path / "used", tmp_path / "chosen"
    used.mkdir()
    chosen.mkdir()
    settings.set_last_folder(str(used))  # as if a model had been saved there
    starts = []

    def fake_save(_parent, _title, start, _filter):
        starts.append(start)
        return str(chosen / "mine.csv"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    _drag(qtbot, window.draw.canvas, DRAWN_DIGITS[3])
    window.my_drawings.keep(3)
    window.draw.my_drawings.export_action.trigger()
    assert starts == [str(used / "my_drawings.csv")]
    assert (chosen / "mine.csv").is_file()
    window.files.export("labels_csv")  # the File menu's dialogs follow it there
    assert starts[1] == str(chosen / "labels.csv")


def test_empty_strip_says_how_to_keep_a_drawing_in_the_placeholder_colour(qtbot):
    strip = MyDrawingsStrip()
    qtbot.addWidget(strip)
    palette = strip.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#c00000"))
    strip.setPalette(palette)
    strip.resize(300, strip.height())
    strip.show()
    qtbot.waitExposed(strip)
    hint = strip.hint
    assert hint.isVisible() and "digit key" in hint.text() and "Keep as" in hint.text()
    picture = hint.grab().toImage()
    inked = {
        picture.pixelColor(x, y).name()
        for x in range(picture.width())
        for y in range(picture.height())
    }
    assert "#c00000" in inked  # the text itself is drawn in the placeholder colour
    strip.set_drawings([(3, DRAWN_DIGITS[3])])
    assert not hint.isVisible()
    strip.set_drawings([])
    assert hint.isVisible()


def test_unreadable_drawings_file_is_reported_and_kept_aside(qtbot, settings, data_home):
    from digitgui.app.main_window import MainWindow

    path = data_home / "digitgui" / "my_drawings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00 not json")
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    assert win.draw.my_drawings.count() == 0
    assert "could not be read" in win.my_drawings.load_problems[0]
    qtbot.waitUntil(
        lambda: win.findChild(QMessageBox, "myDrawingsErrorDialog") is not None, timeout=5000
    )
    box = win.findChild(QMessageBox, "myDrawingsErrorDialog")
    assert "could not be read" in box.text()
    box.close()
    _drag(qtbot, win.draw.canvas, DRAWN_DIGITS[1])
    win.my_drawings.keep(1)
    assert path.with_name("my_drawings.json.unreadable").read_bytes() == b"\x00 not json"
    assert len(win.my_drawings.drawings) == 1
    win.close()
