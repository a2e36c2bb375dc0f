"""Settings: every key is checked; a bad stored value gives the default, one WARNING line,
and is repaired in the file when the settings are saved."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QByteArray

from digitgui.app.settings import DEFAULTS, SPEC, Settings, integer

JUNK = [
    "null",
    "42",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "nan",
    "NaN",
    "-inf",
    "1,2,3",  # QSettings reads this as a list
    "[1, 2]",
    '["a", 3]',
    "{}",
    '{"n_clusters": -5}',
    '{"n_clusters": "x"}',
    '{"n_clusters": 1e400}',
    "[" * 5000,  # deep nesting: RecursionError in json
    "",
    "true",
    "@Invalid()",
    "@ByteArray(xyz)",
    '"quoted"',
    "x" * 10000,
]


def _write(path, key, raw):
    section, _, name = key.rpartition("/")
    path.write_text(f"[{section or 'General'}]\n{name}={raw}\n", encoding="utf-8")


@pytest.mark.parametrize("key", list(SPEC))
def test_every_key_survives_junk(tmp_path, key, caplog):
    for number, raw in enumerate(JUNK):
        path = tmp_path / f"{number}.ini"
        _write(path, key, raw)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="digitgui.app.settings"):
            settings = Settings(path)
        value = settings.get(key)
        rule = SPEC[key]
        if value is rule.default or value == rule.default:
            continue  # fell back: must have said so, unless the value simply was the default
        # Accepted: it must pass the rule and read back the same after a save.
        assert rule.parse(rule.encode(value)) == value
        assert not [r for r in caplog.records if key in r.getMessage()]


def test_known_crashers_fall_back_warn_in_one_line_and_are_repaired(tmp_path, caplog):
    path = tmp_path / "s.ini"
    path.write_text("[General]\nrecent_files=null\npen_width=2147483648\nspace=1,2\n")
    with caplog.at_level(logging.WARNING, logger="digitgui.app.settings"):
        settings = Settings(path)
    assert settings.recent_files() == []
    assert settings.pen_width() == DEFAULTS["pen_width"]
    assert settings.space() == DEFAULTS["space"]
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 3 and all("\n" not in m for m in messages)
    assert any("pen_width='2147483648'" in m and "outside 1..200" in m for m in messages)
    assert sorted(settings.repaired) == ["pen_width", "recent_files", "space"]
    assert settings.sync()
    text = path.read_text()
    assert "recent_files=[]" in text and "pen_width=18" in text and "2147483648" not in text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="digitgui.app.settings"):
        Settings(path)
    assert not caplog.records  # repaired: no warning on the next start


def test_values_round_trip(tmp_path):
    settings = Settings(tmp_path / "s.ini")
    settings.set_pen_width(33)
    settings.add_recent_file("/data/a.csv")
    settings.add_recent_file("/data/b.csv")
    settings.set_window_state(QByteArray(b"geo"), QByteArray(b"state"))
    settings.sync()
    again = Settings(tmp_path / "s.ini")
    assert again.pen_width() == 33
    assert again.recent_files() == ["/data/b.csv", "/data/a.csv"]
    assert again.window_state() == (QByteArray(b"geo"), QByteArray(b"state"))
    assert not again.repaired


def test_set_refuses_an_invalid_value_without_raising(tmp_path, caplog):
    settings = Settings(tmp_path / "s.ini")
    settings.set_pen_width(30)
    with caplog.at_level(logging.WARNING, logger="digitgui.app.settings"):
        assert settings.set("pen_width", 2**31) is False  # saving on exit never fails
    assert settings.pen_width() == 30
    assert "pen_width=2147483648 not saved: outside 1..200" in caplog.records[0].getMessage()


def test_a_new_key_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(SPEC, "tsne/perplexity", integer(30, 5, 50))
    path = tmp_path / "s.ini"
    path.write_text("[tsne]\nperplexity=500\n")
    settings = Settings(path)
    assert settings.get("tsne/perplexity") == 30 and settings.repaired == ["tsne/perplexity"]
    settings.set("tsne/perplexity", 40)
    assert settings.get("tsne/perplexity") == 40


def test_garbage_settings_file(tmp_path):
    path = tmp_path / "s.ini"
    path.write_bytes(bytes(range(256)) * 40)
    settings = Settings(path)
    assert settings.config().n_clusters == 10 and settings.pen_width() == 18
