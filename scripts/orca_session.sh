#!/usr/bin/env bash
# Run by scripts/orca_listen.py inside a private D-Bus session (dbus-run-session): a real X
# display with openbox, the AT-SPI bus, Orca logging what it speaks, the demo desk with Qt's
# accessibility bridge on, then the keys of scripts/orca_listen.py's steps, each followed by a
# line "STEP <seconds since midnight> <label>" on stdout.
#   bash scripts/orca_session.sh DISPLAY ORCA_LOG STEPS_FILE TITLE READY [ASBDESK ARGUMENTS...]
# TITLE: the window's title (a regular expression); READY: words in Orca's log once the window
# is ready for keys (empty: none awaited); then the arguments of asbdesk (ASBDESK_COMMAND, by
# default .venv/bin/asbdesk).
set -u
cd "$(dirname "$0")/.."
DISPLAY=$1 LOG=$2 STEPS=$3 TITLE=$4 READY=$5
shift 5
export DISPLAY
export ASBDESK_HOME="$(mktemp -d /tmp/asbdesk-orca-XXXX)"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$ASBDESK_HOME"; }
trap cleanup EXIT
Xvfb "$DISPLAY" -screen 0 1400x900x24 >/dev/null 2>&1 & PIDS+=($!)
for _ in $(seq 60); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.5; done
openbox >/dev/null 2>&1 & PIDS+=($!)
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 & PIDS+=($!)
sleep 1
# As a desktop does when its screen reader is switched on.
gsettings set org.gnome.desktop.interface toolkit-accessibility true 2>/dev/null
gsettings set org.gnome.desktop.a11y.applications screen-reader-enabled true 2>/dev/null
BEFORE=" $(pgrep -d ' ' -f speech-dispatcher) "
/usr/bin/python3 scripts/orca_flushed.py --replace -u "$ASBDESK_HOME/orca-prefs" --debug-file="$LOG" >"$ASBDESK_HOME/orca.out" 2>&1 & PIDS+=($!)
sleep 5
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 ${ASBDESK_COMMAND:-.venv/bin/asbdesk} "$@" >"$ASBDESK_HOME/desk.out" 2>&1 & PIDS+=($!)
for _ in $(seq 120); do xdotool search --name "$TITLE" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 4
WINDOW=$(xdotool search --name "$TITLE" | head -1)
[ -n "$WINDOW" ] || {
  echo "the desk's window did not appear; what it wrote:" >&2
  tail -n 15 "$ASBDESK_HOME/desk.out" >&2
  exit 3
}
# Until Orca has seen the window activated (it speaks only for the active window): the window
# manager may not have taken the window on yet, so ask again.
for _ in $(seq 15); do
  xdotool windowactivate --sync "$WINDOW" >/dev/null 2>&1
  sleep 2
  grep -q "Dequeued window:activate" "$LOG" 2>/dev/null && break
done
# Until Orca's log has been quiet for $1 half-seconds (at most $2 half-seconds): Orca has
# caught up with what the desk told it.
settle() {
  local size=-1 quiet=0 now_size
  for _ in $(seq "$2"); do
    now_size=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
    if [ "$now_size" = "$size" ]; then quiet=$((quiet + 1)); else quiet=0 size=$now_size; fi
    [ "$quiet" -ge "$1" ] && return
    sleep 0.5
  done
}
# The desk is ready when its status bar says so (Orca logs the change), then Orca catches up.
[ -n "$READY" ] && for _ in $(seq 240); do grep -qF -- "$READY" "$LOG" 2>/dev/null && break; sleep 0.5; done
settle 4 60
now() { date +%s.%N | awk '{ split(strftime("%H %M %S", $1), t, " "); printf "%.6f", t[1]*3600 + t[2]*60 + t[3] + ($1 - int($1)) }'; }
while IFS=$'\t' read -r kind what; do
  case "$kind" in
    step) echo "STEP $(now) $what" ;;
    key) xdotool key --clearmodifiers "$what"; sleep 0.5 ;;
    type) xdotool type --delay 60 "$what"; sleep 0.5 ;;
    # Until Orca has spoken these words (a key can wait on the accessibility bus for a while
    # on a busy machine), at most ORCA_WAIT seconds; then until its log is quiet.
    expect)
      for _ in $(seq $((2 * ${ORCA_WAIT:-60}))); do
        grep "SPEECH OUTPUT" "$LOG" 2>/dev/null | grep -qF -- "$what" && break
        sleep 0.5
      done
      settle 3 20 ;;
  esac
done <"$STEPS"
settle 4 60
[ -n "${ORCA_SHOT:-}" ] && import -window root "$ORCA_SHOT"
echo "STEP $(now) end"
# The speech server Orca spawned for this session (never one that was running before).
for pid in $(pgrep -f speech-dispatcher); do
  case "$BEFORE" in *" $pid "*) ;; *) kill "$pid" 2>/dev/null ;; esac
done
