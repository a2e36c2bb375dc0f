"""How the projection's points are coloured: plotted rows grouped by colour, legend names.

Grouping reads what the worker prepared in :class:`~digitgui.model.views.ClusterViews`
when every sample is plotted; only a subsample (a few thousand rows) is grouped here.
"""

from __future__ import annotations

import numpy as np

from digitgui.model.views import ClusterViews, group_by


def is_plain(views: ClusterViews | None, by_digit: bool) -> bool:
    """True when the points have one colour: no clustering, or digits without labels."""
    return views is None or (by_digit and views.digit_order is None)


def colour_groups(
    views: ClusterViews | None, indices: np.ndarray, all_samples: bool, by_digit: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Plotted rows grouped by colour class, as (rows, starts): row i is sample
    ``indices[i]``; ``all_samples`` when row i is sample i for every sample."""
    m = len(indices)
    if views is None or is_plain(views, by_digit):
        return np.arange(m), np.array([0, m])
    if not by_digit:
        if all_samples and m == views.n_samples:
            return views.member_order, views.member_starts
        return group_by(views.labels[indices], views.n_clusters)
    digit_order, digit_starts, target = views.digit_order, views.digit_starts, views.target
    if digit_order is None or digit_starts is None or target is None:
        return np.arange(m), np.array([0, m])  # no true digits: one colour
    if all_samples and m == views.n_samples:
        return digit_order, digit_starts
    return group_by(target[indices], len(digit_starts) - 1)


#: A legend of more rows than this names clusters by number alone ("12 · 7").
COMPACT_AFTER = 10


def legend_names(views: ClusterViews | None, by_digit: bool) -> list[str]:
    """One legend row per colour: "digit d", or "cluster c · majority digit" ("c · digit"
    past :data:`COMPACT_AFTER` clusters)."""
    if views is None:
        return []
    if by_digit:
        if views.digit_starts is None:
            return []
        return [f"digit {c}" for c in range(len(views.digit_starts) - 1)]
    digits = views.digits
    # Past ten rows the word "cluster" goes: 25 rows of it covered half the plot.
    word = "cluster " if views.n_clusters <= COMPACT_AFTER else ""
    return [
        f"{word}{c} · {int(digits[c])}" if digits is not None and digits[c] >= 0 else f"{word}{c}"
        for c in range(views.n_clusters)
    ]
