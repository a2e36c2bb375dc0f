"""Where a data set came from, precisely enough to read it again with plain numpy.

The loaders fill a :class:`DataSource` as they decide what is a feature and what is the
label; the exported Python script (:mod:`digitgui.reports.script`) turns it back into
reading code, and checks that code gives the same arrays before it writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: ``load_dataset(label_column=GUESS)``: choose the label column the usual way.
GUESS = "guess"


@dataclass(frozen=True)
class DataSource:
    """How the samples of one data set were read.

    Attributes
    ----------
    path : the file or folder.
    kind : "table" (CSV/TSV/text), "optdigits", "npy", "npz" or "folder".
    delimiter : a table's cell separator (None: runs of whitespace).
    header : the table's first data line is a header row.
    decimal_comma : decimal commas were read as points.
    feature_columns : 0-based columns (of the file, or of a 2-D ``.npy`` array) that are
        the features, in order; empty for "all of them".
    label_column : 0-based column of the labels, or None.
    text_labels : the label column holds text (numbered 0, 1, ... in sorted order).
    data_key, label_key : array names inside an ``.npz``.
    converted : the pictures went through the drawing recipe (not plain numpy).
    """

    path: str
    kind: str
    delimiter: str | None = None
    header: bool = False
    decimal_comma: bool = False
    feature_columns: tuple[int, ...] = ()
    label_column: int | None = None
    text_labels: bool = False
    data_key: str | None = None
    label_key: str | None = None
    converted: bool = False
