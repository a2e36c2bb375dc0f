"""DrawCanvas: where a person draws a digit with the mouse or a pen, or drops a picture."""

from __future__ import annotations

import os
import stat

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageIOHandler,
    QImageReader,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

Stroke = list[tuple[float, float]]
THROTTLE_MS = 25  # at most ~40 updates a second while the pen moves
#: Pictures are shrunk to this side first (the features are 8×8): turning a 6000×6000
#: pasted picture into grey levels took 20 s and gigabytes, on the GUI thread.
MAX_PICTURE_SIDE = 256
MAX_PICTURE_FILE_BYTES = 50 * 2**20  # a dropped file larger than this is not a drawing
PICTURE_ALLOCATION_MB = 64  # Qt refuses to decode a dropped picture needing more
DECODE_SIDE = 1024  # larger JPEGs are decoded at about this side (libjpeg scales for free)


def shrink_picture(image: QImage) -> QImage:
    """``image`` at most :data:`MAX_PICTURE_SIDE` pixels a side (smoothly scaled).

    A very large picture is first scaled without smoothing to 2048 a side: smoothing
    36 million pixels at once cost 4–5 times as long.
    """
    keep = Qt.AspectRatioMode.KeepAspectRatio
    if max(image.width(), image.height()) > 2048:
        image = image.scaled(2048, 2048, keep, Qt.TransformationMode.FastTransformation)
    if max(image.width(), image.height()) > MAX_PICTURE_SIDE:
        smooth = Qt.TransformationMode.SmoothTransformation
        image = image.scaled(MAX_PICTURE_SIDE, MAX_PICTURE_SIDE, keep, smooth)
    return image


def read_picture(path: str) -> tuple[QImage, str]:
    """A dropped picture file and "", or a null QImage and why it was refused.

    Refused: not a regular file (a FIFO would block the GUI thread for ever), too large,
    or not a picture. A big JPEG (a phone photo) is decoded at a reduced size: at full
    size a 24-megapixel photo passed Qt's allocation limit and was dropped in silence.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        return QImage(), error.strerror or "it cannot be read"
    if not stat.S_ISREG(info.st_mode):
        return QImage(), "it is not a regular file"
    if info.st_size > MAX_PICTURE_FILE_BYTES:
        return QImage(), f"the file is over {MAX_PICTURE_FILE_BYTES // 2**20} MB"
    reader = QImageReader(path)
    reader.setAllocationLimit(PICTURE_ALLOCATION_MB)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > DECODE_SIDE:
        if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
            keep = Qt.AspectRatioMode.KeepAspectRatio
            reader.setScaledSize(size.scaled(DECODE_SIDE, DECODE_SIDE, keep))
        elif size.width() * size.height() * 4 > PICTURE_ALLOCATION_MB * 2**20:
            pixels = f"{size.width():,}×{size.height():,}"
            return QImage(), f"the picture ({pixels} pixels) is too large"
    image = reader.read()
    if image.isNull():
        return image, "it is not a picture (or of a kind that cannot be read)"
    return image, ""


def qimage_to_grey(image: QImage) -> np.ndarray:
    """A QImage as a 2-D float array of grey levels 0..255 (transparent counts as white)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height = rgba.width(), rgba.height()
    buffer = np.frombuffer(rgba.constBits(), dtype=np.uint8, count=rgba.sizeInBytes())
    pixels = buffer.reshape(height, rgba.bytesPerLine())[:, : width * 4].reshape(height, width, 4)
    rgb = pixels[..., :3].astype(np.float64)
    alpha = pixels[..., 3:4].astype(np.float64) / 255.0
    grey = (rgb * alpha + 255.0 * (1.0 - alpha)) @ np.array([0.299, 0.587, 0.114])
    return grey


class DrawCanvas(QWidget):
    """A white square to draw on. Emits what was drawn; knows nothing of clustering.

    Signals
    -------
    drawing_changed(list, float) : the strokes (lists of (x, y) in widget pixels) and the
        pen width; throttled while drawing, always sent when a stroke ends.
    picture_dropped(object) : a picture (2-D grey array, 0..255) dropped or pasted.
    picture_refused(str) : a dropped file was no usable picture; the text says which and why.
    cleared() : the canvas became empty.
    """

    drawing_changed = Signal(list, float)
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
        image = shrink_picture(image)
        self._strokes.clear()
        self._active = None
        self._picture = image
        self.update()
        self.picture_dropped.emit(qimage_to_grey(image))

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self._take_mime(mime)

    # -- drawing ------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
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

    def _take_mime(self, mime) -> bool:
        image = QImage()
        if mime.hasImage():
            image = QImage(mime.imageData())
        elif mime.hasUrls() and mime.urls()[0].isLocalFile():
            path = mime.urls()[0].toLocalFile()
            image, reason = read_picture(path)
            if reason:
                self.picture_refused.emit(f"{os.path.basename(path)}: {reason}")
        if image.isNull():
            return False
        self.set_picture(image)
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
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Draw a digit here")
        painter.setPen(QPen(QColor("#c8c8c8"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


def _path(stroke: Stroke) -> QPainterPath:
    path = QPainterPath(QPointF(*stroke[0]))
    if len(stroke) == 1:
        path.lineTo(QPointF(stroke[0][0] + 0.01, stroke[0][1]))  # a dot
    for x, y in stroke[1:]:
        path.lineTo(QPointF(x, y))
    return path
