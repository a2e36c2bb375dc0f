"""Shared fixtures. Qt runs offscreen unless a test starts its own display."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def digits():
    from digitgui.model import load_digits_dataset

    return load_digits_dataset()


@pytest.fixture(scope="session")
def default_fit(digits):
    from digitgui.model import fit_kmeans

    return fit_kmeans(digits.data)
