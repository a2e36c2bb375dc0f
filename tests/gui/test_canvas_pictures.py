"""Pictures pasted or dropped on the canvas: shrunk first, and files checked first.

A 6000×6000 pasted picture was turned into grey levels at full size on the GUI thread
(20 s and gigabytes); a dropped FIFO named like a picture blocked the GUI thread for ever.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from digitgui.model.features import features_from_image, ink_from_picture
from digitgui.widgets.draw_canvas import MAX_PICTURE_SIDE, DrawCanvas, qimage_to_grey
from digitgui.widgets.picture_reading import decode_picture


def picture_of_a_one(side: int) -> QImage:
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("black"), side // 25))
    painter.drawLine(side // 2, side // 10, side // 2, side - side // 10)
    painter.end()
    return image


def test_a_big_picture_is_shrunk_before_it_is_measured(qtbot):
    canvas = DrawCanvas()
    qtbot.addWidget(canvas)
    big = picture_of_a_one(1200)
    with qtbot.waitSignal(canvas.picture_dropped, timeout=5000) as dropped:
        canvas.set_picture(big)
    grey = dropped.args[0]
    assert max(grey.shape) == MAX_PICTURE_SIDE
    full = features_from_image(ink_from_picture(qimage_to_grey(big)))
    np.testing.assert_array_equal(features_from_image(ink_from_picture(grey)), full)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_dropped_fifo_is_refused_without_reading_it(qtbot, tmp_path):
    canvas = DrawCanvas()
    qtbot.addWidget(canvas)
    fifo = tmp_path / "digit_7.png"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(fifo))])
    offered = []
    canvas.picture_offered.connect(offered.append)
    assert canvas._take_mime(mime)  # offered: the worker finds out what it is
    decoded = decode_picture(offered[0])  # returns: it never opens the FIFO
    assert decoded.reason == "it is not a regular file"
    with qtbot.waitSignal(canvas.picture_refused, timeout=5000) as refused:
        canvas.show_decoded(decoded)
    assert refused.args[0] == "digit_7.png: it is not a regular file"
    assert canvas.is_empty()
