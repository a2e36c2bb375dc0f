"""Dropped and pasted pictures are decoded in a worker, and the newest one wins.

Before: the canvas decoded a dropped 4000×4000 PNG on the GUI thread, a stall of
200–360 ms (``python -m digitgui.bench_pictures`` measures it; now 10–25 ms).
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

from digitgui.app import drawing_controller
from digitgui.bench_heartbeat import Heartbeat
from digitgui.widgets.picture_reading import MAX_PICTURE_SIDE

TIMEOUT_MS = 20_000


def picture_of_a_one(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("black"), max(width, height) // 25))
    painter.drawLine(width // 2, height // 10, width // 2, height - height // 10)
    painter.end()
    return image


@pytest.fixture(scope="module")
def big_png(tmp_path_factory):
    """A 4000×4000 colour PNG: decodes to 61 MiB, just under the 64 MB allocation limit."""
    path = tmp_path_factory.mktemp("pictures") / "big.png"
    assert picture_of_a_one(4000, 4000).save(str(path), "PNG")
    return path


def drop(canvas, path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return canvas._take_mime(mime)


@pytest.fixture
def decode_calls(monkeypatch):
    """Record the thread and the times of every decode the app runs."""
    calls: list[tuple[int, float, float, str]] = []
    real = drawing_controller.decode_picture

    def recording(source, progress=None, should_stop=None):
        start = time.perf_counter()
        try:
            return real(source, progress, should_stop)
        finally:
            calls.append((threading.get_ident(), start, time.perf_counter(), source.name))

    monkeypatch.setattr(drawing_controller, "decode_picture", recording)
    return calls


def settled(window, qtbot) -> None:
    """Wait until the picture worker has nothing left to deliver."""
    qtbot.waitUntil(lambda: not window.drawing.picture_runner.busy, timeout=TIMEOUT_MS)


def test_a_big_png_is_decoded_off_the_gui_thread_and_then_shown(
    window, qtbot, big_png, decode_calls
):
    canvas = window.draw.canvas
    heart = Heartbeat()
    heart.start()
    with qtbot.waitSignal(canvas.picture_dropped, timeout=TIMEOUT_MS) as dropped:
        assert drop(canvas, big_png)
        assert canvas._picture is None  # not decoded here: offered to the worker
    heart.stop()
    assert [call[0] for call in decode_calls] == [decode_calls[0][0]]
    assert decode_calls[0][0] != threading.main_thread().ident
    # The GUI thread kept beating while the worker decoded (no timing threshold: the
    # bench prints the gaps).
    _thread, start, end, _name = decode_calls[0]
    assert any(start < beat < end for _gap, beat in heart.gaps)
    assert max(dropped.args[0].shape) == MAX_PICTURE_SIDE
    assert canvas._picture is not None and canvas._picture.width() == MAX_PICTURE_SIDE
    assert window.state.drawing is not None
    assert window.draw.assignment.label.text().startswith("Cluster")


def test_of_two_quick_drops_only_the_second_is_shown(window, qtbot, tmp_path, big_png):
    canvas = window.draw.canvas
    wide = tmp_path / "wide.png"
    assert picture_of_a_one(600, 300).save(str(wide), "PNG")
    shown = []
    canvas.picture_dropped.connect(shown.append)
    assert drop(canvas, big_png)
    assert drop(canvas, wide)
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT_MS)
    settled(window, qtbot)
    assert [grey.shape for grey in shown] == [(128, 256)]  # the wide one, shrunk
    assert canvas._picture.size().toTuple() == (256, 128)


def test_a_stroke_drawn_while_a_picture_is_read_is_kept(window, qtbot, big_png):
    canvas = window.draw.canvas
    shown = []
    canvas.picture_dropped.connect(shown.append)
    assert drop(canvas, big_png)
    left, centre = Qt.MouseButton.LeftButton, canvas.rect().center()
    qtbot.mousePress(canvas, left, pos=centre)
    qtbot.mouseMove(canvas, centre + QPoint(0, 30))
    qtbot.mouseRelease(canvas, left, pos=centre + QPoint(0, 30))
    settled(window, qtbot)
    assert shown == [] and canvas._picture is None
    assert len(canvas.strokes) == 1


def test_a_junk_file_is_named_in_the_status_bar(window, qtbot, tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with qtbot.waitSignal(window.state.message, timeout=TIMEOUT_MS) as shown:
        assert drop(window.draw.canvas, junk)
    assert shown.args[0] == (
        "Not used as a drawing: junk.png: it is not a picture (or of a kind that cannot be read)"
    )
    assert window.draw.canvas.is_empty()


def test_picture_bytes_from_another_program_are_decoded_in_the_worker(window, qtbot, decode_calls):
    # Another program's clipboard (or a drag from a browser) offers encoded bytes; only
    # taking them happens on the GUI thread.
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert picture_of_a_one(1500, 1500).save(buffer, "PNG")
    buffer.close()
    mime = QMimeData()
    mime.setData("image/png", data)
    with qtbot.waitSignal(window.draw.canvas.picture_dropped, timeout=TIMEOUT_MS) as dropped:
        assert window.draw.canvas._take_mime(mime)
    assert dropped.args[0].shape == (MAX_PICTURE_SIDE, MAX_PICTURE_SIDE)
    assert decode_calls[-1][0] != threading.main_thread().ident


def test_a_big_pasted_picture_is_shrunk_in_the_worker(window, qtbot, decode_calls):
    QGuiApplication.clipboard().setImage(picture_of_a_one(3000, 2000))
    with qtbot.waitSignal(window.draw.canvas.picture_dropped, timeout=TIMEOUT_MS) as dropped:
        window.draw.canvas.paste()
    assert dropped.args[0].shape == (170, 256)  # 2048×1365 first, then 256×170
    assert [call[3] for call in decode_calls] == ["the pasted picture"]
    assert decode_calls[0][0] != threading.main_thread().ident


def test_a_drop_with_no_picture_leaves_a_pending_one_to_show(window, qtbot, big_png):
    canvas = window.draw.canvas
    with qtbot.waitSignal(canvas.picture_dropped, timeout=TIMEOUT_MS):
        assert drop(canvas, big_png)
        empty = QMimeData()
        empty.setText("just words")
        assert not canvas._take_mime(empty)
    assert canvas._picture is not None
