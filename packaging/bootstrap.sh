#!/usr/bin/env bash
# Prepare this checkout to run digitgui: the system libraries Qt needs, a virtual
# environment in .venv, and the project installed into it (editable).
#
#   packaging/bootstrap.sh                 the app
#   packaging/bootstrap.sh GROUP...        the app plus those dependency groups of
#                                          pyproject.toml: test, lint, package, env
#                                          (test also brings Xvfb and the desktop validators)
#
# Re-running is fast: apt is only asked for what is missing, and pip only runs when
# pyproject.toml changed since the last install of the same groups.
set -euo pipefail

groups=("$@")
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$here/.venv"

# Shared libraries Qt's offscreen and X11 (xcb) platforms load; see DESIGN.md §8.
qt_libs=(libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
  libxkbcommon-x11-0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0)
python_pkgs=(python3 python3-venv python3-pip)
test_pkgs=(xvfb xauth desktop-file-utils appstream)

say() { printf 'digitgui setup: %s\n' "$*" >&2; }

install_system_packages() {
  local wanted=("${qt_libs[@]}" "${python_pkgs[@]}")
  case " ${groups[*]} " in *" test "*) wanted+=("${test_pkgs[@]}") ;; esac
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: install Qt 6's runtime libraries (OpenGL/EGL, xkbcommon,"
    say "fontconfig, xcb-cursor) and Python ≥ 3.10 with venv yourself, then re-run."
    return 0
  fi
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      say "need root to install: ${missing[*]} (no sudo found)"; exit 1; }
    sudo=(sudo)
  fi
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.10 or newer with the venv module is needed"; exit 1
}

# True if an install newer than pyproject.toml already brought every requested group
# (stamps are named .stamp-install-<group>-<group>...).
installed_already() {
  local stamp group
  for stamp in "$venv"/.stamp-install*; do
    [ -f "$stamp" ] && [ "$stamp" -nt "$here/pyproject.toml" ] || continue
    for group in "${groups[@]}"; do
      case "${stamp##*/.stamp-install}-" in *"-$group-"*) ;; *) continue 2 ;; esac
    done
    return 0
  done
  return 1
}

install_project() {
  local tag="${groups[*]}"
  local stamp="$venv/.stamp-install${tag:+-${tag// /-}}"
  if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    "$(pick_python)" -m venv "$venv"
  fi
  installed_already && return 0
  say "installing digitgui${tag:+ and the dependency groups: $tag} into .venv"
  # pip 25.1 is the first to install PEP 735 dependency groups (--group).
  "$venv/bin/python" -m pip install -q --upgrade "pip>=25.1" >/dev/null
  local args=(-e "$here")
  local group
  for group in "${groups[@]}"; do args+=(--group "$here/pyproject.toml:$group"); done
  # setuptools reports every editable install with a multi-line "Editable installation...
  # be careful" block, even under -q; it says nothing a user of this checkout needs.
  PYTHONWARNINGS="ignore:Editable installation" "$venv/bin/python" -m pip install -q "${args[@]}"
  touch "$stamp"
}

install_system_packages
install_project
