"""A child process's warnings reach the app's log, never the terminal.

Run in a subprocess whose stderr is a pipe: the fork server and its children inherit
that stderr, so anything they printed would show here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import logging
from digitgui.workers.child_process import run_in_child
from tests.workers.child_helpers import warn_like_a_library

records = []

class Keep(logging.Handler):
    def emit(self, record):
        records.append(f"{record.levelname} {record.name}: {record.getMessage()}")

logging.getLogger().addHandler(Keep())
print("ANSWER", run_in_child(warn_like_a_library))
for line in records:
    print("LOG", line)
"""


def test_a_child_warning_is_logged_not_printed():
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert "ANSWER 7" in lines
    logged = [line for line in lines if line.startswith("LOG ")]
    assert len(logged) == 3, lines
    assert logged[0].startswith("LOG WARNING py.warnings: in a child process: ")
    assert "UserWarning: number of connected components of the neighbors graph" in logged[0]
    assert "\n" not in logged[0] and "RuntimeWarning: changing the sparsity" in logged[1]
    assert logged[2] == "LOG WARNING somelibrary: in a child process: a logged warning"
