# Sourced by the scripts/drive_*.sh scripts: a real X display (Xvfb) with a window manager
# (openbox: dialogs take the focus as on a desktop), a private asbdesk home, and the keys:
#   k KEY...   press keys (xdotool names), counted in KEYS
#   t TEXT     type text, each character counted
#   shot NAME  a screenshot of the whole screen into docs/screenshots/NAME
# Usage: . scripts/xvfb_session.sh DISPLAY_NUMBER NAME   (from the repository's root)
OUT=docs/screenshots
mkdir -p "$OUT"
export ASBDESK_HOME="$(mktemp -d "/tmp/asbdesk-$2-XXXX")"
export DISPLAY=":$1"
export LANG=en_GB.UTF-8  # dates as a UK desk shows them
Xvfb "$DISPLAY" -screen 0 1400x900x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB $WM ${DESK:-} 2>/dev/null || true' EXIT
sleep 1
openbox >/dev/null 2>&1 &
WM=$!
sleep 1
KEYS=0
KEY_PAUSE=${KEY_PAUSE:-0.2}
k() { for key in "$@"; do xdotool key --clearmodifiers "$key"; KEYS=$((KEYS + 1)); sleep "$KEY_PAUSE"; done; }
t() { xdotool type --delay 30 "$1"; KEYS=$((KEYS + ${#1})); sleep 0.3; }
shot() { sleep 1; import -window root "$OUT/$1"; echo "saved $OUT/$1"; }
# Put the window whose title matches $1 at the top left, sized for the screenshots, focused.
place() {
  for _ in $(seq 80); do xdotool search --name "$1" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 3
  WINDOW=$(xdotool search --name "$1" | head -1)
  xdotool windowsize "$WINDOW" 1400 880 windowmove "$WINDOW" 0 0 windowactivate --sync "$WINDOW"
  sleep 1
}
