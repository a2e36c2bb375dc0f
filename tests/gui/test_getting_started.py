"""Help → Getting started: a short non-modal page, offered at launch until dismissed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from digitgui.app.settings import Settings


def test_help_menu_opens_a_non_modal_page(window, qtbot):
    window.findChild(object, "gettingStartedAction").trigger()
    page = window.findChild(object, "gettingStarted")
    qtbot.waitUntil(page.isVisible, timeout=5000)
    assert not page.isModal()
    text = window.findChild(object, "gettingStartedText").text()
    for words in ("Draw a digit", "Click a centroid", "Run with another k", "tabs"):
        assert words in text
    # Non-modal: the window still takes a drawing while the page is open.
    assert window.isEnabled() and window.draw.canvas.isEnabled()
    page.close()
    assert not page.isVisible()


def test_dont_show_again_is_remembered(window, qtbot, settings):
    assert settings.show_getting_started()
    window.show_getting_started()
    box = window.findChild(QCheckBox, "gettingStartedDontShow")
    assert not box.isChecked()
    box.setChecked(True)
    settings.sync()
    assert not Settings(settings.path).show_getting_started()
    box.setChecked(False)
    assert settings.show_getting_started()


def test_not_offered_offscreen(window):
    # Tests and ``--screenshot`` run offscreen: nothing may pop up there.
    assert window.offer_getting_started() is False
    assert window.findChild(object, "gettingStarted") is None
