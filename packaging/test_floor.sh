#!/usr/bin/env bash
# The lowest-versions job: install every dependency at its declared lower bound into
# .venv-floor and run the test suite there (all but the slow packaging tests), so a
# floor in pyproject.toml can never be wrong silently.
#
#   packaging/test_floor.sh [PYTEST ARGS...]      (make test-floor; .ci/run calls it)
#
# Needs .venv with the "env" dependency group (uv): `packaging/bootstrap.sh env`.
# The pins come from packaging/floors.py (the project's dependencies and the "test"
# group, each at its `>=` bound); packages those pull in resolve to their newest
# compatible release. .venv-floor is rebuilt whenever pyproject.toml changes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="$root/.venv-floor"
uv="$root/.venv/bin/uv"
say() { printf 'test-floor: %s\n' "$*" >&2; }

[ -x "$uv" ] || { say "uv missing in .venv: run  packaging/bootstrap.sh env"; exit 1; }

start=$SECONDS
if [ ! -f "$venv/.stamp-floor" ] || [ "$root/pyproject.toml" -nt "$venv/.stamp-floor" ]; then
  rm -rf "$venv"
  # The same interpreter as .venv; uv installs the packages, so the venv needs no pip.
  "$root/.venv/bin/python" -m venv --without-pip "$venv"
  "$root/.venv/bin/python" packaging/floors.py test >"$venv/floors.txt"
  say "pinned: $(grep -v '^#' "$venv/floors.txt" | tr '\n' ' ')"
  "$uv" pip install -q --python "$venv/bin/python" -c "$venv/floors.txt" -e . --group test
  touch "$venv/.stamp-floor"
  say "created .venv-floor in $((SECONDS - start)) s"
fi
"$venv/bin/python" - "$venv/floors.txt" <<'PY'
# Every pin really is what got installed (a constraint that did not apply fails here).
import sys
from importlib.metadata import version

for line in open(sys.argv[1]):
    if line.strip() and not line.startswith("#"):
        name, wanted = line.strip().split("==")
        if version(name) != wanted and version(name) != wanted + ".0":
            sys.exit(f"test-floor: {name} {version(name)} installed, floor is {wanted}")
pins = [line.strip() for line in open(sys.argv[1]) if not line.startswith("#")]
print("test-floor: installed at the floors:", ", ".join(pins))
PY
tests_start=$SECONDS
# Old matplotlib and pyparsing releases warn about each other's renamed APIs by the
# thousand; those deprecations are expected here and would bury the test report.
QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest -p no:cacheprovider -m "not slow" \
  -W ignore::DeprecationWarning --ignore=tests/packaging "$@"
say "tests took $((SECONDS - tests_start)) s; whole job $((SECONDS - start)) s"
