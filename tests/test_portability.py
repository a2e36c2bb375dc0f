"""Every module of the package imports on a system without POSIX-only modules (Windows).

A fresh interpreter gets a meta path finder that refuses ``resource``, ``fcntl`` and
``termios`` the way Windows does (ModuleNotFoundError), then imports every module of
digitgui. A module-level import of one of them fails here; one inside a function that
only runs on POSIX (``digitgui.bench`` reads peak memory with ``resource``) does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSIX_ONLY = ("resource", "fcntl", "termios")

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.abc, json, pkgutil, sys

    BLOCKED = {blocked!r}

    class WindowsLike(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    for name in BLOCKED:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, WindowsLike())

    import digitgui

    names = sorted(
        info.name
        for info in pkgutil.walk_packages(digitgui.__path__, "digitgui.")
        if not info.name.endswith("__main__")  # importing it starts the app
    )
    failed = {{}}
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:
            failed[name] = f"{{type(error).__name__}}: {{error}}"
    leaked = sorted(set(BLOCKED) & set(sys.modules))
    print(json.dumps({{"imported": names, "failed": failed, "leaked": leaked}}))
    """
)


def _import_everything() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(blocked=POSIX_ONLY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-5000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_module_imports_without_posix_only_modules():
    result = _import_everything()
    assert result["failed"] == {}
    assert result["leaked"] == []
    # The walk really covered the package: every layer, the bench and the app.
    imported = set(result["imported"])
    for name in (
        "digitgui.bench",
        "digitgui.app.application",
        "digitgui.app.main_window",
        "digitgui.model.io.csv_table",
        "digitgui.widgets.draw_canvas",
        "digitgui.workers.runner",
    ):
        assert name in imported


def test_the_blocker_catches_a_module_level_import(tmp_path):
    # The same script, against a package that does import termios at the top.
    package = tmp_path / "digitgui"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tty_helper.py").write_text("import termios\n")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(blocked=POSIX_ONLY)],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    failed = json.loads(out.stdout.strip().splitlines()[-1])["failed"]
    assert failed == {"digitgui.tty_helper": "ModuleNotFoundError: No module named 'termios'"}
