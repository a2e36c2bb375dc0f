"""Every third-party module the package imports is a declared dependency with a lower bound.

The imports are read from the source (every ``import`` statement, at any depth, so a
function-level ``from PIL import Image`` counts too), mapped to the distributions that
provide them in this environment, and compared with ``[project] dependencies``.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "digitgui"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level_names() -> dict[str, set[str]]:
    """Top-level module name -> files importing it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _declared() -> dict[str, str]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {}
    for requirement in pyproject["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        declared[_normalize(name)] = requirement
    return declared


def test_every_third_party_import_is_declared_with_a_floor():
    third_party = {
        name: files
        for name, files in _imported_top_level_names().items()
        if name not in sys.stdlib_module_names and name != "digitgui"
    }
    # What the package really imports (a rename or a new import changes this list).
    assert set(third_party) >= {"PySide6", "numpy", "sklearn", "scipy", "matplotlib", "PIL"}
    providers = packages_distributions()
    declared = _declared()
    missing = {}
    for name, files in sorted(third_party.items()):
        distributions = {_normalize(d) for d in providers.get(name, [])}
        if not distributions & set(declared):
            missing[name] = (sorted(distributions), sorted(files))
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"
    for requirement in declared.values():
        assert ">=" in requirement, f"{requirement!r} has no lower bound"
