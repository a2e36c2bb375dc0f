"""MetricsHelp: the offline help page that explains every metric the app shows."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from digitgui.model.metrics import EXTERNAL_METRICS, INTERNAL_METRICS, METRIC_INFO

_INTRO = (
    "KMeans splits the samples into k clusters by minimising the squared distance of each "
    "sample to its cluster's centre (the centroid). The metrics below say how good that "
    "split is: the first group looks only at the data and the clusters, the second compares "
    "the clusters with the true digits, which KMeans never sees."
)


def metrics_help_html() -> str:
    """The help text as HTML, built from the same descriptions as the tooltips."""
    parts = [f"<h2>Clustering metrics</h2><p>{escape(_INTRO)}</p>"]
    for title, names in (
        ("Cluster shape (no labels needed)", INTERNAL_METRICS),
        ("Against the true digits", EXTERNAL_METRICS),
    ):
        parts.append(f"<h3>{escape(title)}</h3><dl>")
        for name in names:
            info = METRIC_INFO[name]
            better = "higher is better" if info.higher_is_better else "lower is better"
            parts.append(
                f"<dt><b>{escape(info.label)}</b></dt><dd>{escape(info.description)} "
                f"Range {escape(info.value_range)}; {better}.</dd>"
            )
        parts.append("</dl>")
    return "".join(parts)


class MetricsHelp(QDialog):
    """A non-modal dialog with :func:`metrics_help_html`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsHelp")
        self.setWindowTitle("Metrics help")
        self.resize(560, 620)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Metrics help text")
        self.browser.setHtml(metrics_help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
