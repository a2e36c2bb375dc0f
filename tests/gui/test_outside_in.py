"""Cases the outside stress run found through the window (see tests/stress/test_outside_in.py).

Before: a model file fitted on other data was refused with a clear message but logged
at ERROR with a full traceback; data whose samples are all the same failed the PCA map
with a traceback in the log (and a RuntimeWarning on stderr).
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtWidgets import QMessageBox, QWidget

from digitgui.model.config import KMeansConfig
from digitgui.model.io.model_file import save_model
from digitgui.model.kmeans import fit_kmeans

TIMEOUT = 60_000


def _errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _close_boxes(window) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


def test_a_model_of_other_data_is_refused_without_a_traceback(window, qtbot, caplog, tmp_path):
    other = fit_kmeans(np.random.default_rng(0).random((50, 30)), KMeansConfig(n_clusters=3))
    save_model(tmp_path / "other.npz", other, other.config, "random")
    before = window.state.clustering
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.open_model(str(tmp_path / "other.npz"))
    title, message = blocker.args
    assert title == "Could not use other.npz" and "50 samples × 30 features" in message
    assert window.state.clustering is before
    assert not _errors(caplog), _errors(caplog)
    _close_boxes(window)


def test_identical_samples_map_says_why_without_a_traceback(window, qtbot, caplog, tmp_path):
    np.save(tmp_path / "same.npy", np.full((40, 64), 4.0))
    qtbot.waitUntil(lambda: window.explore_tabs_built, timeout=TIMEOUT)
    view = window.findChild(QWidget, "projectionView")
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT):
        window.files.open_data(str(tmp_path / "same.npy"))
    qtbot.waitUntil(lambda: "every sample is the same" in view.status.text(), timeout=TIMEOUT)
    assert not _errors(caplog), _errors(caplog)


def test_open_recent_shows_odd_names_as_they_are_and_drops_a_deleted_file(
    window, qtbot, caplog, tmp_path, digits
):
    # Before: "a&b" showed as "ab" (the & underlined the b), a tab pushed the rest of
    # the name into the shortcut column, and a deleted file stayed in the menu for ever.
    path = tmp_path / "a&b\tc.csv"
    np.savetxt(path, digits.data[:40], delimiter=",")
    with qtbot.waitSignal(window.state.dataset_changed, timeout=TIMEOUT):
        window.files.open_data(str(path))
    action = window.recent_menu.actions()[0]
    assert action.text() == str(path).replace("&", "&&").replace("\t", "\\t")
    assert action.toolTip() == str(path)
    path.unlink()
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        action.trigger()
    assert "no such file" in blocker.args[1]
    assert str(path) not in window.settings.recent_files()
    assert str(path) not in [a.toolTip() for a in window.recent_menu.actions()]
    assert not _errors(caplog), _errors(caplog)
    _close_boxes(window)


def test_keeping_a_drawing_draws_only_the_new_thumbnail(qtbot, monkeypatch):
    # The strip redrew every kept drawing at every keep: 0.35 s with 40 scribbles.
    from digitgui.widgets import my_drawings

    drawn = []
    original = my_drawings.strokes_pixmap
    monkeypatch.setattr(
        my_drawings, "strokes_pixmap", lambda strokes: drawn.append(1) or original(strokes)
    )
    strip = my_drawings.MyDrawingsStrip()
    qtbot.addWidget(strip)
    kept = [(i % 10, (((10.0, 10.0 + i), (50.0, 60.0)),)) for i in range(6)]
    for n in range(1, 7):
        strip.set_drawings(kept[:n])
    assert len(drawn) == 6 and strip.count() == 6
    strip.set_drawings(kept[1:])  # a removal draws nothing new
    assert len(drawn) == 6 and strip.count() == 5


def _dropped(canvas, path):
    from PySide6.QtCore import QMimeData, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return canvas._take_mime(mime)


def _dropped_and_decoded(canvas, path):
    """Drop ``path`` on a canvas with no app around it: decode here, as the app's worker would."""
    from digitgui.widgets.picture_reading import decode_picture

    offered: list = []
    keep = offered.append  # one object to connect and disconnect (PySide6 6.6 needs it)
    canvas.picture_offered.connect(keep)
    try:
        assert _dropped(canvas, path)
    finally:
        canvas.picture_offered.disconnect(keep)
    canvas.show_decoded(decode_picture(offered[0]))


def test_a_dropped_photo_is_used_and_a_dropped_non_picture_says_why(qtbot, tmp_path):
    # Before: a 24-megapixel photo passed Qt's allocation limit and was dropped in
    # silence (a Qt warning on stderr); a dropped CSV did nothing, with no word why.
    from PIL import Image

    from digitgui.widgets.draw_canvas import MAX_PICTURE_SIDE, DrawCanvas

    canvas = DrawCanvas()
    qtbot.addWidget(canvas)
    photo = np.full((4000, 6000), 235, dtype=np.uint8)
    photo[800:3200, 2700:3300] = 10  # a thick "1"
    Image.fromarray(photo).save(tmp_path / "photo.jpg", quality=80)
    Image.fromarray(photo).save(tmp_path / "photo.png")
    (tmp_path / "data.csv").write_text("1,2,3\n4,5,6\n")
    with qtbot.waitSignal(canvas.picture_dropped, timeout=5000) as dropped:
        _dropped_and_decoded(canvas, tmp_path / "photo.jpg")
    assert max(dropped.args[0].shape) == MAX_PICTURE_SIDE
    for name, why in (
        ("photo.png", "(6,000×4,000 pixels) is too large"),
        ("data.csv", "not a picture"),
    ):
        with qtbot.waitSignal(canvas.picture_refused, timeout=5000) as refused:
            _dropped_and_decoded(canvas, tmp_path / name)
        assert refused.args[0].startswith(f"{name}: ") and why in refused.args[0]


def test_a_refused_picture_is_named_in_the_status_bar(window, qtbot, tmp_path):
    (tmp_path / "notes.txt").write_text("not a picture")
    canvas = window.findChild(QWidget, "drawCanvas")
    with qtbot.waitSignal(window.state.message, timeout=5000) as shown:
        _dropped(canvas, tmp_path / "notes.txt")
    assert shown.args[0].startswith("Not used as a drawing: notes.txt: it is not a picture")
