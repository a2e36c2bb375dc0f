"""A failed save or export says so: its title says "save"/"export", the path shows once.

Before, a model that could not be saved on a full disk was titled "Could not use
model.npz", and a drawings file that could not be written named its path twice
("… my_drawings.json could not be written: cannot save … my_drawings.json: …").
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from digitgui.app.dialogs import open_boxes

TIMEOUT = 30_000


def _close_boxes(window) -> None:
    for name in ("fileErrorDialog", "myDrawingsErrorDialog"):
        for box in open_boxes(name):
            box.close()
    for box in window.findChildren(QMessageBox):
        box.close()


def test_failed_saves_and_exports_are_titled_as_such(window, qtbot, tmp_path):
    missing = tmp_path / "missing"
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.save_model(str(missing / "model.npz"))
    assert blocker.args[0] == "Could not save model.npz"
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.export("python_script", str(missing / "clustering.py"))
    assert blocker.args[0] == "Could not export clustering.py"
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as blocker:
        window.files.open_data(str(missing / "data.csv"))
    assert blocker.args[0] == "Could not use data.csv"
    _close_boxes(window)


def test_a_failed_drawings_export_names_the_file_once(window, qtbot, tmp_path):
    canvas = window.draw.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(80, 40))
    for step in range(20):
        qtbot.mouseMove(canvas, QPoint(80 + step, 40 + step * 8))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 200))
    window.my_drawings.keep(1)
    target = tmp_path / "missing" / "drawings.csv"
    messages = []
    window.state.message.connect(messages.append)
    assert window.my_drawings.export_to(target) is False
    assert messages[-1].count(str(target)) == 1, messages[-1]
    assert messages[-1].endswith("its folder does not exist")
    _close_boxes(window)
