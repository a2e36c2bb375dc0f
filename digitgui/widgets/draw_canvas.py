"""DrawCanvas: where a person draws a digit with the mouse or a pen, or drops a picture."""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageReader,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitgui.widgets.picture_reading import (
    MAX_PICTURE_SIDE,
    DecodedPicture,
    PictureSource,
    qimage_to_grey,
    shrink_picture,
)

Stroke = list[tuple[float, float]]
THROTTLE_MS = 25  # at most ~40 updates a second while the pen moves
__all__ = ["MAX_PICTURE_SIDE", "DrawCanvas", "qimage_to_grey", "shrink_picture"]


@cache
def _encoded_picture_types() -> frozenset[str]:
    """MIME types of picture bytes Qt can decode (image/png, image/jpeg, ...)."""
    return frozenset(
        bytes(kind.data()).decode("ascii") for kind in QImageReader.supportedMimeTypes()
    )


class DrawCanvas(QWidget):
    """A white square to draw on. Emits what was drawn; knows nothing of clustering.

    Signals
    -------
    drawing_changed(list, float) : the strokes (lists of (x, y) in widget pixels) and the
        pen width; throttled while drawing, always sent when a stroke ends.
    picture_offered(PictureSource) : a picture was dropped or pasted. The canvas does not
        decode it (a big PNG takes longer than the GUI thread may stall): whoever listens
        runs :func:`~digitgui.widgets.picture_reading.decode_picture` in a worker and hands
        the result to :meth:`show_decoded`. Nobody listening: nothing happens.
    picture_dropped(object) : a picture (2-D grey array, 0..255) is shown on the canvas.
    picture_refused(str) : a dropped file was no usable picture; the text says which and why.
    cleared() : the canvas became empty.
    """

    drawing_changed = Signal(list, float)
    picture_offered = Signal(object)
    picture_dropped = Signal(object)
    picture_refused = Signal(str)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawCanvas")
        self.setAccessibleName("Drawing canvas")
        self.setAccessibleDescription(
            "Draw a digit with the mouse or a pen. Escape clears, Ctrl+Z undoes a stroke, "
            "Ctrl+V pastes a picture."
        )
        self.setToolTip("Draw a digit here (Esc clears, Ctrl+Z undoes, drop or paste a picture)")
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[Stroke] = []
        self._active: Stroke | None = None
        self._picture: QImage | None = None
        # Each drop or paste gets a number; a decoded picture is shown only if no other
        # drop, paste, stroke or clear came after its offer (the newest request wins).
        self._offer = 0
        self._reading = ""  # the name of the picture being decoded, for the empty canvas
        self._pen_width = 18.0
        # The strokes are painted once into this layer, a segment at a time while the pen
        # moves, so a repaint costs the same however long the drawing is (a path of all
        # points redrawn on every move grows with the stroke: 5,000 moves stalled).
        self._ink: QImage | None = None
        self._throttle = QTimer(self, singleShot=True, interval=THROTTLE_MS)
        self._throttle.timeout.connect(self._emit_drawing)
        # Esc, Ctrl+Z and Ctrl+V are window-wide shortcuts of the draw panel, so that they
        # work wherever the focus is; shortcuts here as well would make them ambiguous.

    # -- public API ---------------------------------------------------------------------
    @property
    def strokes(self) -> list[Stroke]:
        """A copy of the finished strokes plus the one being drawn."""
        current = [self._active] if self._active else []
        return [list(s) for s in self._strokes + current]

    @property
    def pen_width(self) -> float:
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        self._pen_width = float(width)
        self._ink = None
        self.update()
        if self._strokes:
            self._emit_drawing()

    def is_empty(self) -> bool:
        return not self._strokes and self._active is None and self._picture is None

    def clear(self) -> None:
        self._forget_offer()
        self._strokes.clear()
        self._active = None
        self._picture = None
        self._ink = None
        self._throttle.stop()
        self.update()
        self.cleared.emit()

    def undo(self) -> None:
        """Remove the last stroke (or the dropped picture when there are no strokes)."""
        if self._strokes:
            self._strokes.pop()
            self._ink = None
        elif self._picture is not None:
            self._picture = None
        if self.is_empty():
            self.clear()
        else:
            self.update()
            self._emit_drawing()

    def set_picture(self, image: QImage) -> None:
        """Show a picture instead of strokes and announce its grey pixels."""
        if image.isNull():
            return
        self._forget_offer()
        small = shrink_picture(image)
        self._show(small, qimage_to_grey(small))

    def show_decoded(self, decoded: DecodedPicture) -> None:
        """Show a picture decoded for an offer, or say why it was refused.

        Ignored when the offer is no longer the newest (another picture was dropped or
        pasted, or the user drew or cleared since)."""
        if decoded.source.offer != self._offer or not self._reading:
            return
        self._forget_offer()
        if decoded.reason or decoded.grey is None or decoded.image.isNull():
            self.update()
            why = decoded.reason or "it is an empty picture"
            self.picture_refused.emit(f"{decoded.source.name}: {why}")
            return
        self._show(decoded.image, decoded.grey)

    def _show(self, image: QImage, grey) -> None:
        self._strokes.clear()
        self._active = None
        self._ink = None
        self._picture = image
        self.update()
        self.picture_dropped.emit(grey)

    def _forget_offer(self) -> None:
        """No picture being decoded is shown any more."""
        self._offer += 1
        self._reading = ""

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self._take_mime(mime)

    # -- drawing ------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self._forget_offer()
        if self._picture is not None:
            self._picture = None  # drawing starts over a clean canvas
        self._active = [(pos.x(), pos.y())]
        self._paint_ink([self._active])
        self.update()
        self._throttle.start()

    def _extend(self, pos: QPointF) -> None:
        if self._active is None:
            return
        last = self._active[-1]
        if abs(pos.x() - last[0]) + abs(pos.y() - last[1]) < 0.5:
            return
        self._active.append((pos.x(), pos.y()))
        self._paint_ink([self._active[-2:]])
        self.update()
        if not self._throttle.isActive():
            self._throttle.start()

    def _end(self) -> None:
        if self._active is None:
            return
        self._strokes.append(self._active)
        self._active = None
        self._throttle.stop()
        self._emit_drawing()

    def _emit_drawing(self) -> None:
        strokes = self.strokes
        if strokes:
            self.drawing_changed.emit(strokes, self._pen_width)

    # -- Qt events ----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and event.pressure() > 0:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesized mouse events: the pen drew already

    def _paint_ink(self, strokes: list[Stroke]) -> None:
        """Paint ``strokes`` onto the ink layer; a missing layer is made with every stroke."""
        if self.width() <= 0 or self.height() <= 0:
            self._ink = None  # nothing to paint on yet; made at the first paint
            return
        if self._ink is None:
            ratio = self.devicePixelRatioF()
            self._ink = QImage(self.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            self._ink.setDevicePixelRatio(ratio)
            self._ink.fill(Qt.GlobalColor.transparent)
            strokes = self.strokes
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#1b1b1b"), self._pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in strokes:
            painter.drawPath(_path(stroke))
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._ink = None  # remade at the new size on the next paint
        super().resizeEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        if mime.hasImage() or mime.hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        if self._take_mime(event.mimeData()):
            event.acceptProposedAction()

    def _take_mime(self, mime: QMimeData) -> bool:
        """Offer the picture in ``mime`` for decoding; False if it holds none.

        Runs on the GUI thread, so it only takes what the mime data holds: a local file's
        path, picture bytes (what another program puts on the clipboard), or this
        program's own already decoded picture. Decoding is left to the listener.
        """
        offer = self._offer + 1  # taken only if there is a picture: else a pending one stays
        source = None
        encoded = next((kind for kind in mime.formats() if kind in _encoded_picture_types()), "")
        if mime.hasUrls() and mime.urls()[0].isLocalFile():
            path = mime.urls()[0].toLocalFile()
            source = PictureSource(os.path.basename(path), offer, path=path)
        elif encoded:
            data = bytes(mime.data(encoded).data())
            source = PictureSource("the pasted picture", offer, encoded=data)
        elif mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                source = PictureSource("the pasted picture", offer, image=image)
        if source is None:
            return False
        self._offer = offer
        self._reading = source.name
        self.update()
        self.picture_offered.emit(source)
        return True

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self._picture is not None:
            target = QRectF(self.rect()).adjusted(4, 4, -4, -4)
            scaled = self._picture.size().scaled(
                target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
            )
            box = QRectF(0, 0, scaled.width(), scaled.height())
            box.moveCenter(target.center())
            painter.drawImage(box, self._picture)
        if self._ink is None or self._ink.size() != self.size() * self._ink.devicePixelRatio():
            self._ink = None
            self._paint_ink(self.strokes)
        if self._ink is not None:
            painter.drawImage(0, 0, self._ink)
        if self.is_empty():
            painter.setPen(QColor("#9a9a9a"))
            text = f"Reading {self._reading}…" if self._reading else "Draw a digit here"
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor("#c8c8c8"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


def _path(stroke: Stroke) -> QPainterPath:
    path = QPainterPath(QPointF(*stroke[0]))
    if len(stroke) == 1:
        path.lineTo(QPointF(stroke[0][0] + 0.01, stroke[0][1]))  # a dot
    for x, y in stroke[1:]:
        path.lineTo(QPointF(x, y))
    return path
