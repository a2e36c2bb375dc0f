#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle dist/digitgui/ from this checkout's .venv, then
# check that the result starts (`digitgui --version`).
#
#   packaging/build_bundle.sh                                   -> dist/digitgui/digitgui
#   packaging/build_bundle.sh --distpath DIR --workpath DIR     build somewhere else
#
# Extra arguments go to PyInstaller after the defaults, so they override them.
# Needs PyInstaller in .venv: the "package" dependency group (`make bundle` and
# `make test` install it).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
py="$root/.venv/bin/python"
say() { printf 'build_bundle: %s\n' "$*" >&2; }

if ! "$py" -c 'import PyInstaller' 2>/dev/null; then
  say "PyInstaller missing in $root/.venv: run  packaging/bootstrap.sh package"
  exit 1
fi

# PyInstaller's --distpath is where the bundle folder is created; find the final value
# (the last one given wins) to know where to look for the executable afterwards.
distpath="$root/dist"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --distpath) distpath="${args[i + 1]:-}" ;;
    --distpath=*) distpath="${args[i]#--distpath=}" ;;
  esac
done

start=$SECONDS
"$py" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
  "$@" "$root/packaging/digitgui.spec"

bundle="$distpath/digitgui"
say "built $bundle in $((SECONDS - start)) s, $(du -sh "$bundle" | cut -f1)"
# Smoke test: the frozen executable imports and answers without a display.
QT_QPA_PLATFORM=offscreen "$bundle/digitgui" --version
