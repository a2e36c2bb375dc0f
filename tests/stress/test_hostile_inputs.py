"""Hostile inputs from outside: corrupt settings at start, zip bombs, huge headers, FIFOs.

Each case runs in a child process with a time bound; loader children also carry an
address-space limit and report their own peak memory, so a loader that inflates a bomb
dies (or shows it) instead of swapping the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/self/status"), reason="peak memory is read from Linux /proc"
)

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT_S = 180
LOAD_TIMEOUT_S = 60
ADDRESS_SPACE_LIMIT = 3 * 2**30  # bytes of virtual memory a loader child may map
PEAK_RSS_LIMIT_MB = 400  # a refused bomb costs a few MB over the imports (~60 MB)

# The child: limit its memory, load, report outcome and peak RSS as one JSON line.
LOAD_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from digitgui.model.io.datasets import load_dataset
try:
    dataset = load_dataset(sys.argv[1])
    outcome = {{"kind": "loaded", "shape": list(dataset.data.shape), "notes": dataset.notes}}
except Exception as error:
    outcome = {{"kind": type(error).__name__, "message": str(error)}}
# VmHWM: this process image's own peak (ru_maxrss keeps the parent's across fork + exec)
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
outcome["peak_mb"] = peak_kb / 1024
print(json.dumps(outcome))
"""


def load_in_child(path: Path) -> dict:
    """Load ``path`` in a memory- and time-bound child; its outcome as a dict."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    child = subprocess.run(
        [sys.executable, "-c", LOAD_CHILD.format(limit=ADDRESS_SPACE_LIMIT), str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT_S,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stderr == "", child.stderr[-2000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


def write_zero_member(archive: zipfile.ZipFile, name: str, shape: tuple, dtype: str) -> None:
    """Stream a .npy member of zeros into ``archive`` without holding it in memory."""
    header = {"descr": np.dtype(dtype).str, "fortran_order": False, "shape": shape}
    total = int(np.prod(shape)) * np.dtype(dtype).itemsize
    chunk = bytes(2**22)
    with archive.open(name, "w", force_zip64=True) as member:
        np.lib.format.write_array_header_1_0(member, header)
        for start in range(0, total, len(chunk)):
            member.write(chunk[: min(len(chunk), total - start)])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    # The bomb: ~440 kB that inflates to 7,000,000 × 64 bytes (3.6 GB as floats).
    with zipfile.ZipFile(folder / "bomb.npz", "w", zipfile.ZIP_DEFLATED) as archive:
        write_zero_member(archive, "X.npy", (7_000_000, 64), "|u1")
        write_zero_member(archive, "y.npy", (7_000_000,), "|u1")
    # Usable data beside two unused 300 MB members: only X and y may be inflated.
    rng = np.random.default_rng(0)
    extras = folder / "extras.npz"
    with zipfile.ZipFile(extras, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, array in (("X", rng.integers(0, 17, (50, 64))), ("y", np.arange(50) % 10)):
            with archive.open(f"{name}.npy", "w") as member:
                np.lib.format.write_array(member, array)
        write_zero_member(archive, "junk1.npy", (300_000_000,), "|u1")
        write_zero_member(archive, "junk2.npy", (300_000_000,), "|u1")
    # A 1 kB .npy whose header claims 10**12 rows.
    with open(folder / "huge.npy", "wb") as stream:
        header = {"descr": "|u1", "fortran_order": False, "shape": (10**12, 64)}
        np.lib.format.write_array_header_1_0(stream, header)
        stream.write(bytes(1000))
    # Pictures with a FIFO named like one (opening it for reading blocks forever).
    pictures = folder / "pictures"
    pictures.mkdir()
    for i in range(4):
        Image.fromarray((np.eye(24) * 255).astype(np.uint8)).save(pictures / f"p{i}_{i}.png")
    os.mkfifo(pictures / "a_1.png")
    os.mkfifo(folder / "pipe.npz")
    return folder


def test_zip_bomb_is_refused_with_little_memory(hostile):
    assert (hostile / "bomb.npz").stat().st_size < 1_000_000
    outcome = load_in_child(hostile / "bomb.npz")
    assert outcome["kind"] == "DatasetError", outcome
    assert "bomb.npz" in outcome["message"] and "7,000,000 × 64" in outcome["message"]
    assert outcome["peak_mb"] < PEAK_RSS_LIMIT_MB, outcome


def test_unused_members_are_not_inflated(hostile):
    outcome = load_in_child(hostile / "extras.npz")
    assert outcome["kind"] == "loaded" and outcome["shape"] == [50, 64], outcome
    assert outcome["peak_mb"] < PEAK_RSS_LIMIT_MB, outcome


def test_huge_npy_header_is_refused_before_allocating(hostile):
    outcome = load_in_child(hostile / "huge.npy")
    assert outcome["kind"] == "DatasetError", outcome
    assert "1,000,000,000,000 × 64" in outcome["message"]
    assert outcome["peak_mb"] < PEAK_RSS_LIMIT_MB, outcome


def test_fifo_in_a_picture_folder_is_skipped(hostile):
    outcome = load_in_child(hostile / "pictures")  # used to block forever on a_1.png
    assert outcome["kind"] == "loaded" and outcome["shape"] == [4, 64], outcome
    assert any("skipped 1 not regular files" in note for note in outcome["notes"])


def test_fifo_as_the_file_is_a_dataset_error(hostile):
    outcome = load_in_child(hostile / "pipe.npz")
    assert outcome["kind"] == "DatasetError" and "FIFO" in outcome["message"], outcome


def run_app(tmp_path: Path, settings_text: str | bytes, *args: str) -> subprocess.CompletedProcess:
    """Start the app with these settings; it takes a screenshot after the first fit, exits."""
    settings = tmp_path / "settings.ini"
    if isinstance(settings_text, bytes):
        settings.write_bytes(settings_text)
    else:
        settings.write_text(settings_text, encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "DIGITGUI_LOG_DIR": str(tmp_path / "log"),
        "DIGITGUI_NO_ERROR_DIALOG": "1",
    }
    command = [sys.executable, "-m", "digitgui", "--settings", str(settings)]
    command += ["--screenshot", str(tmp_path / "shot.png"), *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=APP_TIMEOUT_S
    )


CORRUPT_SETTINGS = {
    "issue_crashers": "[General]\nrecent_files=null\npen_width=2147483648\n",
    "wrong_types": (
        "[General]\nrecent_files=42\npen_width=nan\nspace=1,2,3\nconfig=[[[[\n"
        "show_getting_started=maybe\n[window]\ngeometry=12\nstate=@Invalid()\nrect=[1,2]\n"
    ),
    "huge_and_negative": (
        '[General]\npen_width=-5\nconfig="{\\"n_clusters\\": 99999999999999999999}"\n'
        f"recent_files={'[' * 3000}\nspace={'x' * 20000}\n"
    ),
    "binary_garbage": bytes(range(256)) * 64,
}
WARNED_KEYS = {
    "issue_crashers": ["recent_files", "pen_width"],
    "wrong_types": [
        "recent_files",
        "pen_width",
        "space",
        "config",
        "show_getting_started",
        "window/geometry",
        "window/rect",
    ],
    "huge_and_negative": ["pen_width", "config", "recent_files", "space"],
}


@pytest.mark.parametrize("kind", list(CORRUPT_SETTINGS))
def test_app_starts_with_corrupt_settings(tmp_path, kind):
    done = run_app(tmp_path, CORRUPT_SETTINGS[kind])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert (tmp_path / "shot.png").stat().st_size > 10_000
    log = (tmp_path / "log" / "digitgui.log").read_text(encoding="utf-8")
    if kind == "binary_garbage":
        return  # whatever Qt makes of it, the start must not fail
    warnings = [line for line in log.splitlines() if " WARNING digitgui.app.settings:" in line]
    for key in WARNED_KEYS[kind]:
        assert any(f": {key}=" in line for line in warnings), (key, log)
    assert "ERROR" not in log, log
    if kind == "issue_crashers":
        # Repaired on exit: the next start has nothing to warn about.
        again = run_app(tmp_path, (tmp_path / "settings.ini").read_bytes())
        assert again.returncode == 0, again.stderr[-3000:]
        log = (tmp_path / "log" / "digitgui.log").read_text(encoding="utf-8")
        assert log.count(" WARNING digitgui.app.settings:") == len(warnings), log


def test_app_given_a_zip_bomb_reports_it_and_keeps_the_digits(tmp_path, hostile):
    done = run_app(tmp_path, "", str(hostile / "bomb.npz"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Could not use bomb.npz" in done.stderr and "at most" in done.stderr
    assert "Traceback" not in done.stderr
    log = (tmp_path / "log" / "digitgui.log").read_text(encoding="utf-8")
    assert "WARNING digitgui.workers.runner: job 'data:" in log and "ERROR" not in log
