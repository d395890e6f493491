#!/usr/bin/env bash
# Sets up everything Học vụ số Kiosk needs on a Debian/Ubuntu machine:
#   1. the Debian packages (only the missing ones; needs root or sudo),
#   2. a virtual environment in .venv with the project and its test tools.
# Safe to run again: it does nothing when everything is already there.
# Usage: tools/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Runtime: Qt (xcb + offscreen), fonts with full Vietnamese coverage, speech, audio, printing.
PKGS_RUN=(
  python3 python3-venv python3-pip
  libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  libpulse0 libxrandr2 libcups2
  fontconfig fonts-dejavu-core fonts-noto-core
  espeak-ng libespeak-ng1
  xvfb xauth
  cups-client cups-bsd
)
# Tests: PDF read-back, audio checks, QR decoding, a real CUPS PDF queue, a real PostgreSQL server.
PKGS_DEV=(
  poppler-utils sox zbar-tools
  cups printer-driver-cups-pdf
  postgresql
)

want=("${PKGS_RUN[@]}")
[ "$DEV" = 1 ] && want+=("${PKGS_DEV[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  say "Cài các gói hệ thống còn thiếu / installing missing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "Cần quyền root để cài: apt-get install ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python virtual environment, rebuilt only when pyproject.toml changes.
PY=python3
if [ ! -x .venv/bin/python ]; then
  say "Tạo môi trường Python / creating .venv"
  $PY -m venv .venv
fi
extra=""
[ "$DEV" = 1 ] && extra="[dev]"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extra:+-dev}"
if [ ! -f "$stamp" ]; then
  say "Cài thư viện Python / installing Python packages${extra:+ (with test tools)}"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
say "Sẵn sàng / ready."
