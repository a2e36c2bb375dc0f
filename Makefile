# Two commands on a fresh Debian/Ubuntu machine:  make run   and   make test
# Each installs what it needs (system libraries, .venv, the project) on first use.

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench screenshot bundle install-desktop uninstall-desktop icons clean

run:
	@packaging/bootstrap.sh
	$(VENV)/bin/digitgui

test:
	@packaging/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint:
	@packaging/bootstrap.sh test
	$(VENV)/bin/ruff check digitgui tests

bench:
	@packaging/bootstrap.sh
	QT_QPA_PLATFORM=offscreen $(PY) -m digitgui.bench

screenshot:
	@packaging/bootstrap.sh
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/digitgui --screenshot resources/screenshot.png

bundle:
	@packaging/bootstrap.sh package
	packaging/build_bundle.sh

install-desktop:
	@packaging/bootstrap.sh
	packaging/linux/install-desktop.sh

uninstall-desktop:
	packaging/linux/install-desktop.sh --uninstall

icons:
	@packaging/bootstrap.sh
	$(PY) packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
