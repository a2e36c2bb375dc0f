#!/usr/bin/env bash
# Add digitgui to the desktop's application menu for the current user (no root needed):
# the launcher, its icons and its AppStream metadata under $XDG_DATA_HOME
# (default ~/.local/share). The launcher runs this checkout's .venv/bin/digitgui by its
# absolute path, so a double-click works without activating the venv.
#
#   packaging/linux/install-desktop.sh                 install (run `make run` once first)
#   packaging/linux/install-desktop.sh --exec PATH     launch PATH instead, e.g. a bundle's
#                                                      dist/digitgui/digitgui
#   packaging/linux/install-desktop.sh --uninstall     remove what install put there
set -euo pipefail

app_id=org.digitgui.DigitGui
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
exe="$root/.venv/bin/digitgui"
action=install

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }
say() { printf 'install-desktop: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) action=uninstall ;;
    --exec) [ $# -ge 2 ] || { usage; exit 2; }; exe="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
  shift
done

desktop_target="$data/applications/$app_id.desktop"
metainfo_target="$data/metainfo/$app_id.metainfo.xml"

# The icon theme tree ships inside the package (digitgui/resources/, package data).
hicolor="$root/digitgui/resources/icons/hicolor"

# Every icon under $hicolor, as paths relative to it
# (e.g. "48x48/apps/org.digitgui.DigitGui.png").
icon_paths() {
  (cd "$hicolor" && ls -1d */apps/"$app_id".*)
}

# Quote a path for the Exec key as the Desktop Entry Specification asks: plain if it holds
# only safe characters, otherwise in double quotes with " ` $ \ escaped, % doubled, and
# every backslash doubled once more because Exec is also a desktop-file string.
exec_quote() {
  local p="$1"
  if [[ "$p" =~ ^[A-Za-z0-9/._+-]+$ ]]; then printf '%s' "$p"; return; fi
  p="${p//\\/\\\\}"; p="${p//\"/\\\"}"; p="${p//\`/\\\`}"; p="${p//\$/\\\$}"
  p="${p//%/%%}"
  p="\"$p\""
  printf '%s' "${p//\\/\\\\}"
}

# Tell desktop environments the menu and icon theme changed. Both tools are optional.
refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
  fi
  local theme="$data/icons/hicolor"
  [ -d "$theme" ] || return 0
  touch "$theme"  # a newer directory mtime makes GTK and Qt re-scan the theme
  # Only refresh an existing cache: a cache created here would go stale when other
  # programs drop icons in without updating it.
  if [ -f "$theme/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$theme" || true
  fi
}

install_files() {
  case "$exe" in /*) ;; *) exe="$(pwd)/$exe" ;; esac
  if [ ! -x "$exe" ]; then
    say "$exe is not an executable; run 'make run' (or packaging/bootstrap.sh) first"
    exit 1
  fi
  mkdir -p "$data/applications" "$data/metainfo"
  # Copy the launcher, pointing Exec and TryExec at the absolute executable.
  local line
  while IFS= read -r line; do
    case "$line" in
      Exec=*) printf 'Exec=%s %%f\n' "$(exec_quote "$exe")" ;;
      TryExec=*) printf 'TryExec=%s\n' "${exe//\\/\\\\}" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$here/$app_id.desktop" >"$desktop_target.tmp"
  mv "$desktop_target.tmp" "$desktop_target"
  cp "$here/$app_id.metainfo.xml" "$metainfo_target"
  local icon
  for icon in $(icon_paths); do
    mkdir -p "$data/icons/hicolor/$(dirname "$icon")"
    cp "$hicolor/$icon" "$data/icons/hicolor/$icon"
  done
  refresh_caches
  say "installed $desktop_target (runs $exe)"
}

uninstall_files() {
  rm -f "$desktop_target" "$metainfo_target"
  local icon
  for icon in $(icon_paths); do
    rm -f "$data/icons/hicolor/$icon"
  done
  refresh_caches
  say "removed $app_id from $data"
}

"${action}_files"
