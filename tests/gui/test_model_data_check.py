"""Opening a saved model on other data of the same shape is refused, naming both."""

from __future__ import annotations

import numpy as np

from digitgui.app.dialogs import open_boxes
from digitgui.model import load_model

TIMEOUT = 60_000


def test_a_model_opened_on_other_data_of_the_same_shape_is_refused(window, qtbot, digits, tmp_path):
    path = tmp_path / "model.npz"
    with qtbot.waitSignal(window.state.message, timeout=TIMEOUT):
        window.files.save_model(str(path))
    qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    assert load_model(path).data_fingerprint is not None
    other = tmp_path / "reversed.npy"
    np.save(other, digits.data[::-1])  # 1797 × 64 as well, other samples in each row
    with qtbot.waitSignal(window.state.clustering_changed, timeout=TIMEOUT):
        window.files.open_data(str(other))
    assert window.state.dataset.data.shape == (1797, 64)
    before = window.state.clustering
    digits_name = digits.name
    with qtbot.waitSignal(window.files.error, timeout=TIMEOUT) as refused:
        window.files.open_model(str(path))
    title, message = refused.args
    assert title == "Could not use model.npz"
    assert message.startswith(f"the model was fitted on “{digits_name}” (fingerprint ")
    assert "the open data set “reversed.npy (1,797 × 64)” holds other values" in message
    assert window.state.clustering is before
    for box in open_boxes("fileErrorDialog"):
        box.close()
