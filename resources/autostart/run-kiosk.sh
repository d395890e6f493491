#!/bin/sh
# Keep the learner's kiosk running in a desktop session (used by hocvuso-kiosk.desktop):
# start it again 2 s after any exit, except an authorised admin exit (status 10).
#   run-kiosk.sh PYTHON
APP_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
PYTHON="${1:-$APP_DIR/.venv/bin/python}"
while :; do
  "$PYTHON" "$APP_DIR/main.py" --role kiosk
  status=$?
  [ "$status" -eq 10 ] && exit 0
  echo "hocvuso-kiosk exited with status $status; restarting in 2 s" >&2
  sleep 2
done
