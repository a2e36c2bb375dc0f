"""discard_unfinished_writes: a write given up at exit leaves neither its file nor a .tmp."""

from __future__ import annotations

import os
import tempfile
import threading
import types

import pytest

from digitgui.model.io import atomic
from digitgui.model.io.atomic import SaveError, atomic_write, discard_unfinished_writes


def _leftovers(folder) -> list[str]:
    return [name for name in os.listdir(folder) if atomic.TEMP_MARK in name]


@pytest.mark.parametrize("held_at", ["after the temporary file", "before it"])
def test_a_write_given_up_leaves_nothing(tmp_path, monkeypatch, held_at):
    reached, release = threading.Event(), threading.Event()

    def held_mkstemp(*args, **kwargs):
        if held_at == "before it":
            reached.set()
            release.wait(30)
            return tempfile.mkstemp(*args, **kwargs)
        made = tempfile.mkstemp(*args, **kwargs)
        reached.set()
        release.wait(30)
        return made

    monkeypatch.setattr(atomic, "tempfile", types.SimpleNamespace(mkstemp=held_mkstemp))
    target = tmp_path / "out.txt"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            atomic_write(target, b"x" * 1000)
        except SaveError as error:
            errors.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    assert reached.wait(30)
    removed = discard_unfinished_writes()
    assert removed == (1 if held_at == "after the temporary file" else 0)
    assert _leftovers(tmp_path) == []
    release.set()
    thread.join(30)
    assert not thread.is_alive()
    assert not target.exists() and _leftovers(tmp_path) == []
    assert len(errors) == 1 and "out.txt" in str(errors[0])


def test_later_writes_are_not_affected(tmp_path):
    discard_unfinished_writes()  # nothing under way: nothing removed, nothing given up
    assert atomic_write(tmp_path / "a.txt", b"abc").read_bytes() == b"abc"
