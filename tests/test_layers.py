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


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, package: str) -> set[str]:
    """Modules of digitgui that ``path`` imports when it is itself imported (module level,
    outside ``if TYPE_CHECKING``); relative imports resolved against ``package``."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("digitgui")}


def test_no_import_cycles_between_modules():
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = {dep for dep in _top_level_imports(path, package) if dep in modules} - {name}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(" → ".join([*stack[stack.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("layer", ["app", "widgets"])
def test_gui_modules_stay_small(layer):
    # DESIGN.md §6: about 400 lines at most; a bigger module is split by responsibility.
    too_big = [
        f"{path.relative_to(PACKAGE)}: {lines} lines"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert not too_big, "\n".join(too_big)
