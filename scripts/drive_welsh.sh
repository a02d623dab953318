#!/usr/bin/env bash
# The desk in Welsh (ASBDESK_LANG=cy), driven by keys in a real X window: a flagged caller, the
# incident code, Yes to immediate danger (the prompts pinned), Ctrl+Enter refused. Saves
# docs/screenshots/desk-welsh.png for the README. Needs xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_welsh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb_session.sh 94 welsh
ASBDESK_LANG=cy .venv/bin/asbdesk --demo >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk$'
k ctrl+n; t "Amira"; k Return; sleep 2
t "personal"; k Return; sleep 1
k y; sleep 1                 # immediate danger: yes (moves on by itself)
k ctrl+Return; sleep 1       # finish with mandatory questions open: refused, in Welsh
shot desk-welsh.png
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed: $KEYS"
