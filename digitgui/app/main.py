"""Entry point: ``digitgui`` (gui-script) and ``python -m digitgui``.

Qt is imported inside :func:`main` so that ``--version`` and ``--help`` start instantly.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys

from digitgui import __version__


def screenshot_path(text: str) -> str:
    """``--screenshot``'s value: a file name, not empty and not a folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a file name, e.g. --screenshot shot.png")
    if os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name in it")
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="digitgui",
        description="Explore KMeans clustering of handwritten digits: draw a digit and see "
        "which cluster it falls into.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        help="a data file (CSV, NPY, NPZ, optdigits .tra/.tes) or a folder of digit pictures",
    )
    parser.add_argument("--version", action="version", version=f"digitgui {__version__}")
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        type=screenshot_path,
        help="start, wait for the first fit, save a PNG of the main window to PATH and exit",
    )
    parser.add_argument(
        "--settings", metavar="FILE", help="read and write settings in this INI file"
    )
    parser.add_argument(
        "--reset-settings", action="store_true", help="forget saved settings before starting"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the application; returns the exit code."""
    # In a frozen bundle the child processes that run uncancellable work (forkserver or
    # spawn) start this same executable: this hands them to multiprocessing first.
    multiprocessing.freeze_support()
    from digitgui.app.quit_signals import catch_quit_signals

    catch_quit_signals()  # Ctrl+C, kill, a closed terminal: quit cleanly, not abort
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from digitgui.app.application import create_application, run_window

    app = create_application()
    code = run_window(app, args)
    from digitgui.app.warmup import stop_child_server

    stop_child_server()  # else it lingers until its imports are done
    # The window has closed: jobs are cancelled, settings written (closeEvent). Leave
    # now rather than through the interpreter's teardown, which collects every module
    # of the scientific stack (one to several seconds on a hidden window) and would
    # destroy a worker QThread still busy past the shutdown deadline, which makes Qt
    # abort the process.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
