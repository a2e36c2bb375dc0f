# Two commands on a fresh Debian/Ubuntu machine:  make run   and   make test
# Each installs what it needs (system libraries, .venv, the project) on first use.

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-floor lint bench screenshot bundle install-desktop uninstall-desktop icons clean

run:
	@packaging/bootstrap.sh
	$(VENV)/bin/digitgui

# the whole suite, slow packaging tests included (the frozen bundle needs PyInstaller)
test:
	@packaging/bootstrap.sh test package env
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# the suite again with every dependency at its declared lower bound, in .venv-floor
test-floor:
	@packaging/bootstrap.sh env
	packaging/test_floor.sh

lint:
	@packaging/bootstrap.sh lint
	$(VENV)/bin/ruff check digitgui tests
	$(VENV)/bin/mypy

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
	rm -rf $(VENV) .venv-floor build dist .pytest_cache
