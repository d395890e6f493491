#!/usr/bin/env bash
# Install Học vụ số Kiosk so that it starts at boot and comes back after a crash.
#
#   tools/install-autostart.sh --user kiosk                 # systemd system service (recommended)
#   tools/install-autostart.sh --user kiosk --desktop       # ~kiosk/.config/autostart entry instead
#   tools/install-autostart.sh --user kiosk --both
#   tools/install-autostart.sh --user kiosk --dry-run       # print the filled files, change nothing
#   tools/install-autostart.sh --uninstall
#
# Options: --display :0 (the kiosk user's X display), --python PATH (default: .venv/bin/python of
# this checkout), --app-dir DIR (default: this checkout), --dest DIR (write the files into DIR
# instead of the system locations; used by the tests).
# The systemd service needs root; the desktop entry is written into the kiosk user's home.
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON=""
KUSER="${SUDO_USER:-$(id -un)}"
DISPLAY_NAME=":0"
MODE="systemd"
DRY=0
DEST=""
UNINSTALL=0

while [ $# -gt 0 ]; do
  case "$1" in
    --user) KUSER="$2"; shift 2 ;;
    --display) DISPLAY_NAME="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    --app-dir) APP_DIR="$(cd "$2" && pwd)"; shift 2 ;;
    --desktop) MODE="desktop"; shift ;;
    --systemd) MODE="systemd"; shift ;;
    --both) MODE="both"; shift ;;
    --dry-run) DRY=1; shift ;;
    --dest) DEST="$2"; shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "Không hiểu tùy chọn: $1 (xem --help)" >&2; exit 2 ;;
  esac
done

say() { printf '[autostart] %s\n' "$*"; }
PYTHON="${PYTHON:-$APP_DIR/.venv/bin/python}"
KHOME="$(getent passwd "$KUSER" | cut -d: -f6 || true)"
if [ -z "$KHOME" ]; then
  echo "Không có tài khoản '$KUSER' trên máy này (user not found)." >&2
  exit 2
fi

UNIT_DIR="${DEST:-/etc/systemd/system}"
AUTOSTART_DIR="${DEST:-$KHOME/.config/autostart}"

if [ "$UNINSTALL" = 1 ]; then
  if [ -z "$DEST" ] && command -v systemctl >/dev/null; then
    systemctl disable --now hocvuso-kiosk.service 2>/dev/null || true
  fi
  rm -f "$UNIT_DIR/hocvuso-kiosk.service" "$AUTOSTART_DIR/hocvuso-kiosk.desktop"
  [ -z "$DEST" ] && command -v systemctl >/dev/null && systemctl daemon-reload || true
  say "Đã gỡ tự khởi động (autostart removed)."
  exit 0
fi

if [ "$DRY" = 0 ] && [ ! -x "$PYTHON" ]; then
  echo "Không thấy Python của ứng dụng ở $PYTHON; chạy tools/setup.sh trước." >&2
  exit 2
fi

fill() {  # fill TEMPLATE > stdout
  sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@PYTHON@|$PYTHON|g" -e "s|@USER@|$KUSER|g" \
      -e "s|@HOME@|$KHOME|g" -e "s|@DISPLAY@|$DISPLAY_NAME|g" "$1"
}

install_file() {  # install_file TEMPLATE DEST_DIR NAME OWNER
  local out="$2/$3"
  if [ "$DRY" = 1 ]; then
    say "--- $out"
    fill "$1"
    return
  fi
  mkdir -p "$2"
  fill "$1" > "$out.tmp"
  chmod 0644 "$out.tmp"
  mv -f "$out.tmp" "$out"
  [ -n "$4" ] && [ "$(id -u)" = 0 ] && chown "$4" "$out" || true
  say "Đã ghi $out"
}

if [ "$MODE" = systemd ] || [ "$MODE" = both ]; then
  install_file "$APP_DIR/resources/systemd/hocvuso-kiosk.service" "$UNIT_DIR" \
    hocvuso-kiosk.service ""
  if [ "$DRY" = 0 ] && [ -z "$DEST" ]; then
    systemctl daemon-reload
    systemctl enable hocvuso-kiosk.service
    say "Dịch vụ đã bật; khởi động ngay: systemctl start hocvuso-kiosk"
  fi
fi
if [ "$MODE" = desktop ] || [ "$MODE" = both ]; then
  install_file "$APP_DIR/resources/autostart/hocvuso-kiosk.desktop" "$AUTOSTART_DIR" \
    hocvuso-kiosk.desktop "$KUSER"
fi
if [ "$MODE" = both ]; then
  say "Chú ý: chỉ nên dùng một cách; cả hai cùng chạy sẽ mở hai cửa sổ."
fi
