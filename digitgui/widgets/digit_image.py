"""Crisp pictures of digit images: small grids scaled up without smoothing."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap


def digit_qimage(image: np.ndarray, vmax: float | None = 16.0) -> QImage:
    """A greyscale QImage of one 2-D digit image: ink dark on white, like the paper.

    ``vmax`` is the value drawn black (16 for the digits data); None uses the image's max.
    """
    image = np.asarray(image, dtype=np.float64)
    top = float(image.max()) if vmax is None else float(vmax)
    scaled = np.clip(image / top, 0.0, 1.0) if top > 0 else np.zeros_like(image)
    grey = np.ascontiguousarray((255.0 * (1.0 - scaled)).round().astype(np.uint8))
    height, width = grey.shape
    qimage = QImage(grey.data, width, height, width, QImage.Format.Format_Grayscale8)
    return qimage.copy()  # own the pixels: ``grey`` is freed when this returns


def device_pixel_ratio() -> float:
    """The highest device pixel ratio of the screens (1.0 without a GUI application)."""
    app = QGuiApplication.instance()
    return float(app.devicePixelRatio()) if isinstance(app, QGuiApplication) else 1.0


def digit_pixmap(
    image: np.ndarray, size: int, vmax: float | None = 16.0, ratio: float | None = None
) -> QPixmap:
    """A ``size``×``size`` (logical pixels) pixmap of a digit image, each pixel a sharp block.

    The pixmap holds ``size × ratio`` device pixels and says so (``setDevicePixelRatio``),
    so it is drawn 1:1 on a HiDPI screen instead of being blown up and blurred there.
    ``ratio`` defaults to :func:`device_pixel_ratio`.
    """
    ratio = device_pixel_ratio() if ratio is None else float(ratio)
    physical = max(1, round(size * ratio))
    qimage = digit_qimage(image, vmax).scaled(
        physical,
        physical,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
    pixmap = QPixmap.fromImage(qimage)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def as_square_image(features: np.ndarray, image_side: int | None) -> np.ndarray | None:
    """Reshape a feature vector to its square image, or None when it is not one."""
    if image_side is None:
        return None
    return np.asarray(features).reshape(image_side, image_side)


def feature_strip_pixmap(
    values: np.ndarray, width: int, height: int, lo: float, hi: float
) -> QPixmap:
    """A bar-code picture of a feature vector that is not an image: one grey bar per feature.

    Values are mapped linearly from ``lo`` (white) to ``hi`` (black) and stretched without
    smoothing, so each feature stays a sharp bar.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    span = hi - lo if hi > lo else 1.0
    scaled = np.clip((values - lo) / span, 0.0, 1.0)
    grey = np.ascontiguousarray((255.0 * (1.0 - scaled)).round().astype(np.uint8))[None, :]
    image = QImage(grey.data, grey.shape[1], 1, grey.shape[1], QImage.Format.Format_Grayscale8)
    image = image.copy().scaled(
        width,
        height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
    return QPixmap.fromImage(image)
