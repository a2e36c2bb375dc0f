"""Reading a picture dropped on or pasted into the drawing canvas, in any thread.

Only ``QImage``/``QImageReader`` (no ``QPixmap``), so :func:`decode_picture` may run in a
worker thread: a 4000×4000 PNG takes 150–200 ms to decode, which stalled the GUI thread
when the canvas did it there. The canvas describes what was offered
(:class:`PictureSource`); the application decodes it in a worker and hands the small
result (:class:`DecodedPicture`) back to the canvas.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

#: Pictures are shrunk to this side first (the features are 8×8): turning a 6000×6000
#: pasted picture into grey levels took 20 s and gigabytes, on the GUI thread.
MAX_PICTURE_SIDE = 256
MAX_PICTURE_FILE_BYTES = 50 * 2**20  # a dropped file larger than this is not a drawing
PICTURE_ALLOCATION_MB = 64  # Qt refuses to decode a dropped picture needing more
NOT_A_PICTURE = "it is not a picture (or of a kind that cannot be read)"
DECODE_SIDE = 1024  # larger JPEGs are decoded at about this side (libjpeg scales for free)


@dataclass(frozen=True)
class PictureSource:
    """What was dropped or pasted: one of a file, encoded bytes, or a decoded image.

    Attributes
    ----------
    name : how messages name it (the file's name, or "the pasted picture").
    offer : the canvas's number for this offer; a result for an older one is not shown.
    path : a local file to read.
    encoded : picture bytes (PNG, JPEG, ...) as another program put them on the
        clipboard or in a drag; decoding them is the slow part, so it is left to
        :func:`decode_picture`.
    image : an already decoded picture (from this program's own clipboard).
    """

    name: str
    offer: int
    path: str | None = None
    encoded: bytes | None = None
    image: QImage | None = None


@dataclass(frozen=True)
class DecodedPicture:
    """A picture made small for the canvas, or why it could not be used.

    Attributes
    ----------
    source : what was offered.
    image : at most :data:`MAX_PICTURE_SIDE` a side; null when refused.
    grey : its grey levels (2-D float, 0..255); None when refused.
    reason : why it was refused ("" when it was not).
    """

    source: PictureSource
    image: QImage
    grey: np.ndarray | None
    reason: str = ""


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


def _read_with(reader: QImageReader) -> tuple[QImage, str]:
    """Decode with ``reader`` under the allocation limit, big JPEGs at a reduced size."""
    reader.setAllocationLimit(PICTURE_ALLOCATION_MB)
    size = reader.size()
    too_large = size.isValid() and size.width() * size.height() * 4 > PICTURE_ALLOCATION_MB * 2**20
    # Only libjpeg decodes straight to a smaller size; other readers (Qt 6.6's PNG reader
    # claims a scaled size too) decode the whole picture first, past the allocation limit.
    scales_while_decoding = bytes(reader.format().data()).lower() in (b"jpeg", b"jpg")
    if too_large and not scales_while_decoding:
        return QImage(), f"the picture ({size.width():,}×{size.height():,} pixels) is too large"
    if size.isValid() and max(size.width(), size.height()) > DECODE_SIDE:
        if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
            keep = Qt.AspectRatioMode.KeepAspectRatio
            reader.setScaledSize(size.scaled(DECODE_SIDE, DECODE_SIDE, keep))
    image = reader.read()
    if image.isNull():
        return image, NOT_A_PICTURE
    return image, ""


def read_picture(path: str) -> tuple[QImage, str]:
    """A dropped picture file and "", or a null QImage and why it was refused.

    Refused: not a regular file (a FIFO would block the reading thread for ever), too
    large, or not a picture. A big JPEG (a phone photo) is decoded at a reduced size: at
    full size a 24-megapixel photo passed Qt's allocation limit and was dropped in silence.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        return QImage(), error.strerror or "it cannot be read"
    if not stat.S_ISREG(info.st_mode):
        return QImage(), "it is not a regular file"
    if info.st_size > MAX_PICTURE_FILE_BYTES:
        return QImage(), f"the file is over {MAX_PICTURE_FILE_BYTES // 2**20} MB"
    return _read_with(QImageReader(path))


def read_encoded_picture(data: bytes) -> tuple[QImage, str]:
    """Like :func:`read_picture`, for picture bytes from the clipboard or a drag."""
    if len(data) > MAX_PICTURE_FILE_BYTES:
        return QImage(), f"the picture is over {MAX_PICTURE_FILE_BYTES // 2**20} MB"
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        return _read_with(QImageReader(buffer))
    finally:
        buffer.close()


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


def decode_picture(
    source: PictureSource,
    _progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> DecodedPicture:
    """Read, decode and shrink what was offered; runs in a worker thread.

    The slow steps (reading and decoding a file or clipboard bytes, scaling a big image
    down) cannot be interrupted, so ``should_stop`` is asked between them; a stopped job
    returns early and its result is dropped as stale anyway.
    """
    reason = ""
    if source.path is not None:
        image, reason = read_picture(source.path)
    elif source.encoded is not None:
        image, reason = read_encoded_picture(source.encoded)
    elif source.image is not None:
        image = source.image
    else:
        image, reason = QImage(), "nothing to read"
    if reason or image.isNull():
        return DecodedPicture(source, QImage(), None, reason or "it is an empty picture")
    if should_stop is not None and should_stop():
        return DecodedPicture(source, QImage(), None, "superseded")
    small = shrink_picture(image)
    return DecodedPicture(source, small, qimage_to_grey(small))
