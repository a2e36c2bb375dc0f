"""ColumnFitter: a table's columns share its width, eliding text before anything scrolls."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QHeaderView, QTableView

from digitgui.widgets.next_turn import next_turn_timer

#: Characters a text column keeps before it elides ("k-mea…").
TEXT_FLOOR_CHARS = 6
#: Characters a header keeps over a narrower column of numbers ("Hom…").
HEADER_FLOOR_CHARS = 3
MARGIN = 4  # pixels each side of a cell's text (about the style's)


class ColumnFitter(QObject):
    """Sizes the columns of ``table`` to its viewport's width, again on every resize and
    every change of its rows.

    When the columns' natural widths (the larger of header and cells) fit, each gets its
    own and the ``stretch`` column takes the spare width. When they do not, the columns
    narrow towards a floor, each in proportion to what it can give: a ``text_columns``
    column down to a few characters (its cells elide, "Agglom…"; hover shows the tooltip),
    any other column down to its widest cell, so numbers are never cut (only its header
    elides). When even the floors do not fit, nothing is cut: the columns keep their
    natural widths and the table scrolls sideways.
    """

    def __init__(
        self, table: QTableView, stretch: int = 0, text_columns: Iterable[int] = (0,)
    ) -> None:
        super().__init__(table)
        self._table = table
        self._stretch = stretch
        self._text_columns = frozenset(text_columns)
        self._fit_later = next_turn_timer(self, self.fit)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)  # one line per cell, elided, like the header
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.dataChanged,
            model.layoutChanged,
            model.headerDataChanged,
        ):
            signal.connect(self._schedule)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    @Slot()
    def _schedule(self) -> None:
        # Rows arrive one by one: fit once they are all in, at the next event-loop turn.
        self._fit_later.start()

    def natural_widths(self) -> list[int]:
        """Each column's width with nothing cut: the larger of header and cells."""
        table, header = self._table, self._table.horizontalHeader()
        return [
            max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
            for c in range(header.count())
        ]

    def floor_widths(self, natural: list[int]) -> list[int]:
        """The narrowest each column may get (see the class doc)."""
        table = self._table
        metrics = table.fontMetrics()
        ellipsis = metrics.horizontalAdvance("…") + 2 * MARGIN
        text_floor = metrics.averageCharWidth() * TEXT_FLOOR_CHARS + ellipsis
        header_floor = metrics.averageCharWidth() * HEADER_FLOOR_CHARS + ellipsis
        floors = []
        for column, width in enumerate(natural):
            if column in self._text_columns:
                floor = text_floor
            else:
                floor = max(table.sizeHintForColumn(column), header_floor)
            floors.append(min(width, floor))
        return floors

    @Slot()
    def fit(self) -> None:
        self._fit_later.stop()
        header = self._table.horizontalHeader()
        if header.count() == 0:
            return
        available = self._table.viewport().width()
        natural = self.natural_widths()
        widths = share_width(natural, self.floor_widths(natural), available, self._stretch)
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def share_width(natural: list[int], floors: list[int], available: int, stretch: int) -> list[int]:
    """Column widths for ``available`` pixels (see :class:`ColumnFitter`)."""
    total = sum(natural)
    if total <= available:
        widths = list(natural)
        widths[stretch] += available - total
        return widths
    give = [n - f for n, f in zip(natural, floors, strict=True)]
    can_give = sum(give)
    if total - can_give > available:
        return list(natural)  # it scrolls anyway: cut nothing
    excess = total - available
    widths = [n - g * excess // can_give for n, g in zip(natural, give, strict=True)]
    # Rounding down the cuts leaves a few pixels over: take them from the stretch column.
    over = sum(widths) - available
    widths[stretch] = max(floors[stretch], widths[stretch] - over)
    return widths
