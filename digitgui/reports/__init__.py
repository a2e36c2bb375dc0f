"""Files made from a clustering: pictures, tables, metrics and a self-contained HTML report.

Depends on the model layer only. Figures use matplotlib's ``Figure`` with the Agg canvas,
never pyplot and never Qt, so exports also run in a worker thread or a script.
"""

from digitgui.reports.export import export_centroid_grid_png, export_labels_csv, export_metrics_json
from digitgui.reports.report_html import export_html_report, html_report
from digitgui.reports.script import export_notebook, export_python_script, notebook, python_script

__all__ = [
    "export_centroid_grid_png",
    "export_html_report",
    "export_labels_csv",
    "export_metrics_json",
    "export_notebook",
    "export_python_script",
    "html_report",
    "notebook",
    "python_script",
]
