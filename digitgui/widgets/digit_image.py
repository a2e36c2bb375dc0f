"""Crisp pictures of digit images: small grids scaled up without smoothing."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


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


def digit_pixmap(image: np.ndarray, size: int, vmax: float | None = 16.0) -> QPixmap:
    """A ``size``×``size`` pixmap of a digit image, each pixel a sharp square block."""
    qimage = digit_qimage(image, vmax).scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )
    return QPixmap.fromImage(qimage)


def as_square_image(features: np.ndarray, image_side: int | None) -> np.ndarray | None:
    """Reshape a feature vector to its square image, or None when it is not one."""
    if image_side is None:
        return None
    return np.asarray(features).reshape(image_side, image_side)
