"""The dependency rules of DESIGN.md §1, checked on the source: app → widgets, workers →
model; widgets never import workers; nothing imports app; workers use QtCore only."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "digitgui"

FORBIDDEN = {
    "model": ("digitgui.app", "digitgui.widgets", "digitgui.workers", "PySide6", "pyqtgraph"),
    "reports": ("digitgui.app", "digitgui.widgets", "digitgui.workers", "PySide6"),
    "workers": ("digitgui.app", "digitgui.widgets", "PySide6.QtWidgets", "PySide6.QtGui"),
    "widgets": ("digitgui.app", "digitgui.workers"),
}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_follow_the_design(layer):
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN[layer])
    ]
    assert not offences, "\n".join(offences)
