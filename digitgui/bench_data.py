"""A large digits-like data set for stall measurements (``python -m digitgui.bench_data``).

MNIST-sized: 70,000 pictures of 28×28 pixels (784 features), made from scikit-learn's
8×8 digits: each picture is a random digit of that set, scaled up 3× with linear
interpolation, placed at a random offset in the 28×28 frame, with Gaussian noise, values
0..255 as ``uint8``. Saved as one ``.npy`` of shape (70,000, 785): the 784 pixels, then the
digit (the loader takes a whole-number last column as the labels).

Numbers only: nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from digitgui.model.dataset import Dataset, load_digits_dataset

N_SAMPLES = 70_000
SIDE = 28
DEFAULT_PATH = Path("/tmp/views/digits70k_784.npy")


def make_pictures(n_samples: int = N_SAMPLES, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(n, 28, 28) ``uint8`` pictures (ink = high values) and their (n,) digits."""
    from scipy.ndimage import zoom

    digits = load_digits_dataset()
    assert digits.images is not None and digits.target is not None  # the digits have both
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, digits.n_samples, n_samples)
    large = zoom(digits.images * (255.0 / 16.0), (1, 3, 3), order=1)  # (1797, 24, 24)
    pictures = np.zeros((n_samples, SIDE, SIDE), dtype=np.float32)
    room = SIDE - large.shape[1]  # a random offset of 0..4 pixels each way
    rows, cols = rng.integers(0, room + 1, n_samples), rng.integers(0, room + 1, n_samples)
    for top in range(room + 1):  # 25 offsets: vectorised over the samples at each one
        for left in range(room + 1):
            chosen = np.flatnonzero((rows == top) & (cols == left))
            pictures[chosen, top : top + 24, left : left + 24] = large[picks[chosen]]
    pictures += rng.normal(0.0, 18.0, pictures.shape).astype(np.float32)
    return np.clip(pictures, 0, 255).round().astype(np.uint8), digits.target[picks]


def write_dataset(path: Path = DEFAULT_PATH, n_samples: int = N_SAMPLES, seed: int = 0) -> Path:
    """Write the pictures and digits as one (n, 785) ``uint8`` ``.npy`` file."""
    pictures, target = make_pictures(n_samples, seed)
    table = np.concatenate([pictures.reshape(n_samples, -1), target[:, None].astype(np.uint8)], 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, table, allow_pickle=False)
    return path


def large_dataset(path: Path = DEFAULT_PATH) -> Dataset:
    """The file as a 70,000 × 784 data set, pictures kept at 28×28 (no 8×8 conversion)."""
    from digitgui.model.io.datasets import load_dataset

    return load_dataset(path, convert_images=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitgui.bench_data", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--samples", type=int, default=N_SAMPLES)
    args = parser.parse_args(argv)
    path = write_dataset(args.path, args.samples)
    print(f"wrote {args.samples:,} × {SIDE * SIDE} pictures (+ digit column) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
