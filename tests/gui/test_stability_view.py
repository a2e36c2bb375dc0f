"""StabilityView (pyqtgraph): cell texts, the best seed's bar, ticks, stacking, hover."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from digitgui.model.config import KMeansConfig
from digitgui.model.stability import StabilityReport
from digitgui.widgets.fit_scroll_area import FitScrollArea
from digitgui.widgets.palette import MARK_COLOR
from digitgui.widgets.stability_view import (
    ANNOTATE_UP_TO,
    BAR_COLOR,
    MOST_TICKS,
    STACK_BELOW,
    UNSTACK_MARGIN,
    StabilityView,
)


def make_report(m: int, seed: int = 0) -> StabilityReport:
    """A report of ``m`` seeds with ARI spread over 0 … 1 and one clearly lowest inertia."""
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.uniform(0.0, 1.0, (m, m)), 1)
    ari = upper + upper.T
    np.fill_diagonal(ari, 1.0)
    inertia = rng.uniform(1.16e6, 1.22e6, m)
    inertia[m // 3] = 1.15e6
    off = ari[~np.eye(m, dtype=bool)]
    return StabilityReport(
        seeds=np.arange(100, 100 + m),  # not the positions: the labels must be the seeds
        inertia=inertia,
        ari=ari,
        mean_ari=float(off.mean()),
        std_ari=float(off.std()),
        n_partitions=m,
        config=KMeansConfig(),
    )


def _show(qtbot, width: int, height: int) -> StabilityView:
    view = StabilityView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def _settle(qtbot, view: StabilityView) -> None:
    """Wait until the plots stop moving: axes take their labels' width when painted, and
    the matrix then takes its width (square cells) in the next layout pass."""
    last = []

    def still() -> bool:
        view.graphics.grab()  # paints
        now = (view.heat_plot.vb.sceneBoundingRect(), view.bar_plot.vb.sceneBoundingRect())
        same = bool(last) and last[-1] == now
        last.append(now)
        return same

    qtbot.waitUntil(still, timeout=3000)


def _cell_centre(view: StabilityView, i: int, j: int) -> QPoint:
    """Where the centre of cell (row i, column j) is drawn, in the plot widget's pixels."""
    scene = view.heat_plot.vb.mapViewToScene(QPointF(j + 0.5, i + 0.5))
    return view.graphics.mapFromScene(scene)


def _text_pixels(view: StabilityView, i: int, j: int) -> tuple[int, int]:
    """(near-black, near-white) pixels in the middle band of a cell, as painted."""
    image = view.graphics.grab().toImage()
    centre = _cell_centre(view, i, j)
    half = int(view.heat_plot.vb.width() / len(view.report.seeds) / 3)
    dark = light = 0
    for x in range(centre.x() - half, centre.x() + half + 1):
        for y in range(centre.y() - 2, centre.y() + 3):
            colour = image.pixelColor(x, y)
            dark += colour.valueF() < 0.15  # the darkest cell colour has 0.33
            light += colour.valueF() > 0.75 and colour.saturationF() < 0.25
    return dark, light


@pytest.mark.parametrize("m", [10, ANNOTATE_UP_TO])
def test_cell_texts_are_the_ari_to_the_shown_precision(qtbot, m):
    view = _show(qtbot, 1000, 650)
    report = make_report(m)
    view.set_report(report)
    _settle(qtbot, view)
    texts = view.cell_texts.texts()
    assert [len(row) for row in texts] == [m] * m
    written = np.array([[float(t) for t in row] for row in texts])
    np.testing.assert_allclose(written, report.ari, atol=0.005)  # "0.72": two decimals
    assert all(len(t.split(".")[1]) == 2 for row in texts for t in row)
    # Painted, and readable against the cell: black on the yellow diagonal (ARI 1) and
    # white on the darkest cell.
    assert view.cell_texts.font_pixels() > 0
    dark, light = _text_pixels(view, 0, 0)
    assert dark > 0 and light == 0
    i, j = np.unravel_index(np.argmin(report.ari), report.ari.shape)
    assert report.ari[i, j] < 0.2
    dark, light = _text_pixels(view, i, j)
    assert light > 0 and dark == 0
    assert view.cell_texts.painted_pixels() > 0


@pytest.mark.parametrize("m", [ANNOTATE_UP_TO + 1, 50])
def test_no_cell_texts_past_twelve_seeds(qtbot, m):
    view = _show(qtbot, 1000, 650)
    view.set_report(make_report(10))
    view.set_report(make_report(m))  # the texts of the last report go too
    _settle(qtbot, view)
    assert view.cell_texts.texts() == []
    assert _text_pixels(view, 0, 0) == (0, 0)  # a plain yellow cell
    assert view.cell_texts.painted_pixels() == 0
    np.testing.assert_array_equal(view.shown_ari(), make_report(m).ari)


def test_the_best_seed_bar_is_marked_and_bars_start_at_zero(qtbot):
    view = _show(qtbot, 1000, 650)
    report = make_report(12)
    view.set_report(report)
    best = report.inertia.argmin()
    assert report.seeds[best] == report.best_seed
    colours = view.bar_colors()
    assert colours[best] == QColor(MARK_COLOR).name()
    assert colours[:best] + colours[best + 1 :] == [QColor(BAR_COLOR).name()] * 11
    np.testing.assert_array_equal(view.bar_heights(), report.inertia)
    star_x, _ = view.best_mark.getData()
    assert list(star_x) == [best]
    low, high = view.bar_plot.vb.viewRange()[1]
    assert low == 0.0 and high > report.max_inertia
    assert f"lowest with seed {report.best_seed}" in view.summary_label.text()
    view.clear()
    assert view.bar_colors() == [] and view.cell_texts.texts() == []
    assert view.summary_label.text() == ""


@pytest.mark.parametrize("m", [10, 50])
def test_seed_ticks_are_the_seeds_and_at_most_twelve(qtbot, m):
    view = _show(qtbot, 1000, 650)
    report = make_report(m)
    view.set_report(report)
    for plot, side, offset in (
        (view.heat_plot, "left", 0.5),
        (view.heat_plot, "bottom", 0.5),
        (view.bar_plot, "bottom", 0.0),
    ):
        ticks = plot.getAxis(side)._tickLevels[0]  # what setTicks was given
        assert 1 < len(ticks) <= MOST_TICKS
        assert ticks[0] == (offset, str(report.seeds[0]))
        for position, label in ticks:
            assert label == str(report.seeds[round(position - offset)])


def _set_plot_width(view: StabilityView, width: int) -> None:
    view.resize(view.width() - view.graphics.width() + width, view.height())
    view.layout().activate()  # lays the children out now
    assert view.graphics.width() == width


def _stacked_by_geometry(view: StabilityView) -> bool:
    heat, bars = view.heat_plot.sceneBoundingRect(), view.bar_plot.sceneBoundingRect()
    if heat.bottom() <= bars.top():
        return True
    assert heat.right() <= bars.left()  # else side by side
    return False


def test_plots_stack_below_the_threshold_and_come_back_past_a_margin(qtbot):
    view = _show(qtbot, 1000, 700)
    view.set_report(make_report(10))
    assert not view.plots_stacked() and not _stacked_by_geometry(view)
    _set_plot_width(view, STACK_BELOW - 20)
    assert view.plots_stacked() and _stacked_by_geometry(view)
    _set_plot_width(view, STACK_BELOW + UNSTACK_MARGIN // 2)  # not wide enough to go back
    assert view.plots_stacked()
    _set_plot_width(view, STACK_BELOW + UNSTACK_MARGIN + 10)
    assert not view.plots_stacked() and not _stacked_by_geometry(view)
    _set_plot_width(view, STACK_BELOW + 5)  # side by side down to the threshold
    assert not view.plots_stacked()


def test_narrowing_side_by_side_keeps_both_plots_inside(qtbot):
    view = _show(qtbot, 1400, 700)
    view.set_report(make_report(10))
    _settle(qtbot, view)
    wide = view.heat_plot.sceneBoundingRect().width()
    view.resize(760, 700)
    _settle(qtbot, view)
    assert not view.plots_stacked()
    heat, bars = view.heat_plot.sceneBoundingRect(), view.bar_plot.sceneBoundingRect()
    assert heat.width() < wide
    assert bars.right() <= view.graphics.width()
    assert bars.width() >= view.bar_plot.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()


def test_no_flip_flop_when_stacking_brings_a_scroll_bar(qtbot):
    # Stacked plots need more height: in a short tab a vertical scroll bar comes and the
    # plot area narrows; widening by a few pixels at a time must switch once each way.
    view = StabilityView()
    view.set_report(make_report(10))
    area = FitScrollArea(view)
    qtbot.addWidget(area)
    area.resize(900, 450)
    area.show()
    qtbot.waitExposed(area)
    seen = []
    for width in [*range(700, 560, -6), *range(560, 720, 6)]:
        area.resize(width, 450)
        view.layout().activate()
        seen.append(view.plots_stacked())
    switches = [a != b for a, b in zip(seen, seen[1:], strict=False)]
    assert sum(switches) == 2 and seen[0] is False and seen[-1] is False
    assert area.verticalScrollBar().isVisible() is view.plots_stacked()


def test_hovering_a_cell_names_the_two_seeds_and_their_ari(qtbot):
    view = _show(qtbot, 1000, 650)
    report = make_report(10)
    view.set_report(report)
    _settle(qtbot, view)
    qtbot.mouseMove(view.graphics.viewport(), _cell_centre(view, 2, 7))
    qtbot.waitUntil(lambda: view.hover_text() != "", timeout=2000)
    assert view.hover_text() == f"seed 102 vs seed 107: ARI {report.ari[2, 7]:.3f}"
    bar = view.bar_plot.vb.mapViewToScene(QPointF(3, report.inertia[3] / 2))
    qtbot.mouseMove(view.graphics.viewport(), view.graphics.mapFromScene(bar))
    qtbot.waitUntil(lambda: view.hover_text().startswith("seed 103: inertia"), timeout=2000)
