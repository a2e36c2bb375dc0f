"""The model layer must load without Qt or a plot backend (DESIGN.md section 1)."""

import subprocess
import sys

FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "matplotlib.backends", "matplotlib.pyplot")


def test_importing_the_model_loads_no_gui_module():
    code = (
        "import sys, digitgui.model, digitgui.model.features, digitgui.model.metrics\n"
        f"bad = [m for m in sys.modules if m.startswith({FORBIDDEN!r})]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"model imported GUI modules: {out.stdout}"
