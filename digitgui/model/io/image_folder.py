"""Pictures of digits → the digits' own 8×8 features.

Every picture goes through :func:`~digitgui.model.features.features_from_image`, the recipe
the drawing canvas uses too, so loaded pictures and drawings live in the same space.
Picture files are read with Pillow (a dependency of matplotlib), imported only when a
folder is loaded: the model layer never imports a GUI or plot backend.
"""

from __future__ import annotations

import errno
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitgui.model.features import EmptyDrawingError, features_from_image, ink_from_picture
from digitgui.model.io.errors import DatasetError
from digitgui.model.io.files import NotRegularFileError, open_regular, os_reason, regular_file_size
from digitgui.model.jobs import ProgressFn, StopFn, check_cancel

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm")
MAX_IMAGE_SIDE = 256  # larger pictures are shrunk first (the features are 8×8 anyway)
MAX_PICTURE_PIXELS = 30_000_000  # a larger picture is refused before it is decoded
MAX_IMAGES = 200_000
CHUNK = 32  # pictures between progress reports / cancel checks (about 2 ms each)
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
    Entries that are not regular files (FIFOs, sockets, devices), broken or looping
    symbolic links and unreadable subfolders are skipped, and the notes say how many.
    Each picture is reduced to its 64 features as soon as it is read, so memory does not
    grow with the pictures' size.

    Raises
    ------
    DatasetError
        The folder cannot be read, has no pictures, too many or too large, or fewer than
        two readable ones.
    """
    found = find_pictures(folder)
    files = found.files
    if not files:
        kinds = ", ".join(s.lstrip(".") for s in IMAGE_SUFFIXES)
        skipped = f" ({'; '.join(found.notes())})" if found.notes() else ""
        raise DatasetError(f"the folder has no pictures ({kinds}){skipped}", path=folder)
    if len(files) > MAX_IMAGES:
        raise DatasetError(f"{len(files):,} pictures; at most {MAX_IMAGES:,} are read", path=folder)
    if found.total_bytes > max_bytes:
        raise DatasetError(
            f"the pictures take {found.total_bytes / 2**20:,.0f} MB; at most "
            f"{max_bytes / 2**20:,.0f} MB are read",
            path=folder,
        )
    features = np.zeros((len(files), 64), dtype=np.float64)
    kept, failed = [], []
    for index, file in enumerate(files):
        if index % CHUNK == 0:
            check_cancel(should_stop)
            if progress is not None and index:
                progress(index, len(files))
        name = file.relative_to(folder)
        try:
            features[index] = features_from_image(ink_from_picture(read_grey(file)))
        except EmptyDrawingError:
            failed.append(f"{name} (no ink)")
            continue
        except OSError as error:
            failed.append(f"{name} ({os_reason(error)})")
            continue
        except Exception as error:  # noqa: BLE001 - any damaged picture is skipped, not fatal
            failed.append(f"{name} ({_reason(error)})")
            continue
        kept.append(index)
    if progress is not None:
        progress(len(files), len(files))
    notes = [f"{len(kept)} pictures converted to the digits' 8×8 representation"]
    notes += found.notes()
    if failed:
        shown = "; ".join(failed[:5]) + (f"; and {len(failed) - 5} more" if len(failed) > 5 else "")
        notes.append(f"{len(failed)} pictures skipped: {shown}")
    if len(kept) < 2:
        detail = f" Skipped: {'; '.join(failed[:5])}" if failed else ""
        raise DatasetError(
            f"need at least 2 readable pictures with ink, found {len(kept)}.{detail}", path=folder
        )
    kept_labels = [label_from_path(files[i].relative_to(folder)) for i in kept]
    target = None
    if all(label is not None for label in kept_labels):
        target = np.array(kept_labels, dtype=np.int64)
        notes.append("labels taken from folder or file names")
    elif any(label is not None for label in kept_labels):
        count = sum(label is not None for label in kept_labels)
        notes.append(f"only {count} of {len(kept)} pictures have a digit in their name: no labels")
    return features[kept], target, tuple(notes)


@dataclass
class FoundPictures:
    """Regular picture files under a folder, and what was skipped on the way."""

    files: list[Path] = field(default_factory=list)
    total_bytes: int = 0
    not_regular: int = 0  # FIFOs, sockets, devices, folders named like pictures
    broken_links: int = 0
    link_loops: int = 0
    unreadable: int = 0  # files or subfolders that could not be examined (permission...)

    def notes(self) -> list[str]:
        counts = (
            (self.not_regular, "not regular files (FIFOs, sockets or devices)"),
            (self.broken_links, "broken symbolic links"),
            (self.link_loops, "symbolic link loops"),
            (self.unreadable, "unreadable entries (permission denied or similar)"),
        )
        return [f"skipped {count} {what}" for count, what in counts if count]


def find_pictures(folder: Path) -> FoundPictures:
    """Picture files under ``folder`` (any depth, hidden ones skipped), in name order.

    Symbolic links to pictures are followed; links to folders are not (no loops).

    Raises
    ------
    DatasetError
        When ``folder`` itself cannot be listed, saying why ("permission denied").
    """
    found = FoundPictures()
    try:
        top = _entries(folder)
    except OSError as error:
        raise DatasetError(f"cannot read the folder: {os_reason(error)}", path=folder) from None
    pending = [top]
    while pending:
        for entry in pending.pop():
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                found.unreadable += 1
                continue
            if is_folder:
                try:
                    pending.append(_entries(Path(entry.path)))
                except OSError:
                    found.unreadable += 1
            elif entry.name.lower().endswith(IMAGE_SUFFIXES):
                _add_picture(found, Path(entry.path))
    found.files.sort()
    return found


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name, reverse=True)


def _add_picture(found: FoundPictures, path: Path) -> None:
    try:
        found.total_bytes += regular_file_size(path)
    except NotRegularFileError:
        found.not_regular += 1
    except OSError as error:
        if error.errno == errno.ELOOP:
            found.link_loops += 1
        elif error.errno == errno.ENOENT:
            found.broken_links += 1
        else:
            found.unreadable += 1
    else:
        found.files.append(path)


def picture_files(folder: Path) -> list[Path]:
    """Regular picture files under ``folder`` (see :func:`find_pictures`)."""
    return find_pictures(folder).files


def read_grey(file: Path) -> np.ndarray:
    """A picture file as a 2-D grey array, transparent parts shown on white.

    The file is opened only if it is a regular file (never blocks on a FIFO), and a
    picture of more than :data:`MAX_PICTURE_PIXELS` is refused before it is decoded.
    """
    from PIL import Image  # imported here: only folder loading needs it

    with open_regular(file) as stream:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                opened = Image.open(stream)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValueError(f"too many pixels: {error}") from error
        except Image.UnidentifiedImageError:  # its message names a file descriptor
            raise ValueError("not a picture, or of a kind Pillow cannot read") from None
        with opened as picture:
            width, height = picture.size
            if width * height > MAX_PICTURE_PIXELS:
                raise ValueError(f"{width:,} × {height:,} pixels is too large a picture")
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
