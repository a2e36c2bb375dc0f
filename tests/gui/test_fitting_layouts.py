"""Rows that flow onto more lines and table columns that share a width: nothing cut."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QWidget

from digitgui.widgets.flow_layout import FlowLayout
from digitgui.widgets.job_controls import JobControls
from digitgui.widgets.table_columns import share_width

STATUS = "Pick a range of k and press Run; the plots fill in as each k finishes."


def _controls(qtbot, width: int) -> JobControls:
    leading = (QLabel("k from"), QSpinBox(), QLabel("to"), QSpinBox())
    row = JobControls("sweep", "Run sweep", "Sweep", "%v / %m", STATUS, leading=leading)
    qtbot.addWidget(row)
    row.resize(width, row.heightForWidth(width))
    row.show()
    qtbot.waitExposed(row)
    return row


def _inside(row: QWidget) -> bool:
    return all(
        0 <= child.x() and child.geometry().right() < row.width()
        for child in row.findChildren(QWidget)
        if child.isVisibleTo(row) and child.parentWidget() is row
    )


def _row_of(row: QWidget, widget: QWidget) -> int:
    return widget.mapTo(row, widget.rect().center()).y()


def test_job_row_is_one_line_when_wide(qtbot):
    row = _controls(qtbot, 1100)
    centres = {_row_of(row, w) for w in (row.run_button, row.progress_bar, row.status_label)}
    assert len(centres) == 1
    assert row.status_label.height() < 2 * row.status_label.fontMetrics().height()
    assert _inside(row)


@pytest.mark.parametrize("width", [260, 380])
def test_job_row_flows_onto_more_lines_when_narrow(qtbot, width):
    row = _controls(qtbot, width)
    assert row.heightForWidth(width) > row.heightForWidth(1100)
    assert _row_of(row, row.status_label) > _row_of(row, row.run_button)
    assert _inside(row)
    # Run and Cancel stay together; each control has at least its minimum width.
    assert _row_of(row, row.run_button) == _row_of(row, row.cancel_button)
    for widget in (row.run_button, row.cancel_button):
        assert widget.width() >= widget.minimumSizeHint().width()
    assert row.status_label.heightForWidth(row.status_label.width()) <= row.status_label.height()


def test_hidden_widgets_take_no_room_and_stretch_shares_the_rest(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    flow = FlowLayout(box, spacing=6)
    flow.setContentsMargins(0, 0, 0, 0)
    first, hidden, last = QPushButton("First"), QPushButton("Hidden"), QPushButton("Last")
    hidden.setVisible(False)
    flow.add_widget(first)
    flow.add_widget(hidden)
    flow.add_stretch()
    flow.add_widget(last)
    box.resize(500, 40)
    box.show()
    qtbot.waitExposed(box)
    assert first.x() == 0
    assert last.geometry().right() == box.width() - 1  # pushed right by the stretch
    assert flow.heightForWidth(500) == max(first.sizeHint().height(), last.sizeHint().height())


def test_share_width_gives_the_spare_to_the_stretch_column():
    assert share_width([100, 40, 40], [50, 40, 40], 250, stretch=0) == [170, 40, 40]


def test_share_width_narrows_towards_the_floors():
    widths = share_width([160, 80, 40], [60, 40, 40], 200, stretch=0)
    assert sum(widths) == 200
    assert all(w >= f for w, f in zip(widths, [60, 40, 40], strict=True))
    assert widths[2] == 40  # a column of numbers at its floor gives nothing


def test_share_width_cuts_nothing_when_even_the_floors_do_not_fit():
    assert share_width([160, 80, 40], [60, 40, 40], 120, stretch=0) == [160, 80, 40]
