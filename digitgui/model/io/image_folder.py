"""Pictures of digits → the digits' own 8×8 features.

Every picture goes through :func:`~digitgui.model.features.features_from_image`, the recipe
the drawing canvas uses too, so loaded pictures and drawings live in the same space.
Picture files are read with Pillow (a dependency of matplotlib), imported only when a
folder is loaded: the model layer never imports a GUI or plot backend.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from digitgui.model.features import EmptyDrawingError, features_from_image, ink_from_picture
from digitgui.model.io.errors import DatasetError
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm")
MAX_IMAGE_SIDE = 256  # larger pictures are shrunk first (the features are 8×8 anyway)
MAX_IMAGES = 200_000
CHUNK = 256  # pictures between progress reports / cancel checks
_DIGIT_AT_END = re.compile(r"[_\-. ]([0-9])$")
_DIGIT_AT_START = re.compile(r"^([0-9])[_\-. ]")


def convert_images(
    images: Sequence[np.ndarray] | np.ndarray,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The 64 features of each picture (ink = high values).

    Returns
    -------
    features : (n, 64) values 0..16; all zero for a blank picture.
    blank : (n,) True where the picture had no ink.

    Runs in the caller's thread (a worker): about 2 ms a picture. (A thread pool gained
    under 1.5× on two idle cores and lost time on busy ones, so this stays serial.)
    """
    total = len(images)
    features = np.zeros((total, 64), dtype=np.float64)
    blank = np.zeros(total, dtype=bool)
    for index, image in enumerate(images):
        if index % CHUNK == 0:
            check_cancel(should_stop)
            if progress is not None and index:
                progress(index, total)
        try:
            features[index] = features_from_image(image)
        except EmptyDrawingError:
            blank[index] = True
    if progress is not None:
        progress(total, total)
    return features, blank


def load_image_folder(
    folder: Path,
    max_bytes: int,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> tuple[np.ndarray, np.ndarray | None, tuple[str, ...]]:
    """Features, labels (or None) and notes of every picture under ``folder``.

    Labels come from a digit folder (``3/a.png``) or a digit at either end of the file
    name (``3_a.png``, ``a-3.png``); they are used only when every picture has one.

    Raises
    ------
    DatasetError
        No pictures, too many or too large, or fewer than two readable ones.
    """
    files = picture_files(folder)
    if not files:
        kinds = ", ".join(s.lstrip(".") for s in IMAGE_SUFFIXES)
        raise DatasetError(f"the folder has no pictures ({kinds})", path=folder)
    if len(files) > MAX_IMAGES:
        raise DatasetError(f"{len(files):,} pictures; at most {MAX_IMAGES:,} are read", path=folder)
    size = sum(f.stat().st_size for f in files)
    if size > max_bytes:
        raise DatasetError(
            f"the pictures take {size / 2**20:,.0f} MB; at most {max_bytes / 2**20:,.0f} MB "
            "are read",
            path=folder,
        )
    pictures, readable, failed = [], [], []
    for index, file in enumerate(files):
        if index % CHUNK == 0:
            check_cancel(should_stop)
        try:
            pictures.append(ink_from_picture(read_grey(file)))
        except (OSError, ValueError, SyntaxError) as error:
            failed.append(f"{file.relative_to(folder)} ({_reason(error)})")
            continue
        readable.append(file.relative_to(folder))
    features, blank = convert_images(pictures, progress, should_stop)
    kept = np.flatnonzero(~blank)
    failed += [f"{name} (no ink)" for name, empty in zip(readable, blank, strict=True) if empty]
    notes = [f"{len(kept)} pictures converted to the digits' 8×8 representation"]
    if failed:
        shown = "; ".join(failed[:5]) + (f"; and {len(failed) - 5} more" if len(failed) > 5 else "")
        notes.append(f"{len(failed)} pictures skipped: {shown}")
    if len(kept) < 2:
        detail = f" Skipped: {'; '.join(failed[:5])}" if failed else ""
        raise DatasetError(
            f"need at least 2 readable pictures with ink, found {len(kept)}.{detail}", path=folder
        )
    kept_labels = [label_from_path(readable[i]) for i in kept]
    target = None
    if all(label is not None for label in kept_labels):
        target = np.array(kept_labels, dtype=np.int64)
        notes.append("labels taken from folder or file names")
    elif any(label is not None for label in kept_labels):
        count = sum(label is not None for label in kept_labels)
        notes.append(f"only {count} of {len(kept)} pictures have a digit in their name: no labels")
    return features[kept], target, tuple(notes)


def picture_files(folder: Path) -> list[Path]:
    """Picture files under ``folder`` (any depth, hidden ones skipped), in name order."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(IMAGE_SUFFIXES):
                found.append(Path(root) / name)
    return found


def read_grey(file: Path) -> np.ndarray:
    """A picture file as a 2-D grey array, transparent parts shown on white."""
    from PIL import Image  # imported here: only folder loading needs it

    try:
        opened = Image.open(file)
    except Image.DecompressionBombError as error:
        raise ValueError(f"too many pixels: {error}") from error
    with opened as picture:
        picture.draft("L", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # JPEG: decode smaller
        if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
            rgba = picture.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            picture = Image.alpha_composite(white, rgba)
        grey = picture.convert("L")
        if max(grey.size) > MAX_IMAGE_SIDE:
            grey.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        return np.asarray(grey, dtype=np.float64)


def label_from_path(relative: Path) -> int | None:
    """The digit a picture shows, from its folder or file name, or None."""
    if len(relative.parts) > 1:
        found = digit_in_name(relative.parent.name)
        if found is not None:
            return found
    return digit_in_name(relative.stem)


def digit_in_name(name: str) -> int | None:
    """``"3"``, ``"3_foo"``, ``"foo-3"`` → 3; no single digit at an end (or two) → None."""
    if len(name) == 1 and name.isdigit():
        return int(name)
    start = _DIGIT_AT_START.match(name)
    end = _DIGIT_AT_END.search(name)
    if start and end and start.group(1) != end.group(1):
        return None
    found = start or end
    return int(found.group(1)) if found else None


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 80 else text[:79] + "…"
