"""Feature spaces: what KMeans clusters in. Raw pixels unless the user picks another."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RawPixels:
    """The data's own features, unchanged (the default)."""

    name: str = "Raw pixels"
    can_transform_new: bool = True

    def fit_transform(self, data: np.ndarray) -> tuple[RawPixels, np.ndarray]:
        return self, np.asarray(data, dtype=np.float64)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Map new samples (m, d) into this space."""
        return np.atleast_2d(np.asarray(X, dtype=np.float64))


#: Feature spaces offered to the user, by name → factory taking no arguments.
SPACES = {"Raw pixels": RawPixels}


def make_space(name: str):
    """A fresh, unfitted feature space by its display name."""
    try:
        return SPACES[name]()
    except KeyError:
        choices = ', '.join(SPACES)
        raise ValueError(f"unknown feature space {name!r}; choose one of {choices}") from None
