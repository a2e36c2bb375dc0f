"""A damaged window layout in the settings file must not crash every start.

``QMainWindow.restoreState`` segfaults on some damaged layouts: the app's own saved
layout with one dock-area field set to -1 (four bytes) crashed the process at every
launch. Only blobs the app wrote, with a matching checksum, reach Qt now. Each case runs
in a child process, since the failure is a segfault.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120

# Writes the settings file the way a damaged disk or a hand edit would leave it, then
# starts the main window from it (restore_placement runs in its constructor).
CHILD = """
import sys
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from digitgui.app.crash_guard import setup_logging
from digitgui.app.main_window import MainWindow
from digitgui.app.settings import Settings

path, how = sys.argv[1], sys.argv[2]
setup_logging()
window = MainWindow(settings=Settings(path + ".first"))
window.show()
app.processEvents()
layout = bytearray(window.saveState().data())
window.close()
# 00 00 00 ff | version | fd (docks) | 2 areas | the first area's index: set it to -1
assert layout[8] == 0xFD, layout[:16].hex()
layout[13:17] = b"\\xff\\xff\\xff\\xff"
settings = Settings(path)
settings.set_window_rect((0, 0, 1300, 850), False)  # the saved size is kept: restore
if how == "raw":  # as an older version, or an editor, stored it
    settings.sync()
    raw = QSettings(path, QSettings.Format.IniFormat)
    raw.setValue("window/state", QByteArray(bytes(layout)))
    raw.sync()
else:  # a checksummed blob whose payload was damaged afterwards
    settings.set_window_state(window.saveGeometry(), window.saveState())
    settings.sync()
    raw = QSettings(path, QSettings.Format.IniFormat)
    stored = bytearray(raw.value("window/state").data())
    stored[-len(layout):] = layout
    raw.setValue("window/state", QByteArray(bytes(stored)))
    raw.sync()
again = MainWindow(settings=Settings(path))
again.show()
app.processEvents()
print("alive", flush=True)
again.close()
import os
os._exit(0)  # as main() leaves: a fit thread still busy past the close deadline stays alive
"""


@pytest.mark.parametrize("how", ["raw", "damaged-checksummed"])
def test_a_damaged_layout_is_refused_not_restored(tmp_path, how):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "DIGITGUI_LOG_DIR": str(tmp_path / "log"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "settings.ini"), how],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-3000:]}"
    assert "alive" in done.stdout
    log = (tmp_path / "log" / "digitgui.log").read_text(encoding="utf-8")
    warnings = [line for line in log.splitlines() if "window/state=" in line]
    assert len(warnings) == 1 and " WARNING " in warnings[0], log
    reason = "not written by digitgui" if how == "raw" else "checksum does not match"
    assert reason in warnings[0]
