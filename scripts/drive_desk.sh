#!/usr/bin/env bash
# Drive the real desk in a real X window by keyboard alone (xdotool), as a call handler
# would, and save a screenshot at each stage for the README. Needs the Debian packages
# xvfb xauth xdotool imagemagick openbox poppler-utils.
#   bash scripts/drive_desk.sh            -> docs/screenshots/*.png, key count on stdout
set -euo pipefail
cd "$(dirname "$0")/.."
KEY_PAUSE=0.15
. scripts/xvfb_session.sh 97 drive
start() {
  .venv/bin/asbdesk --demo >"$ASBDESK_HOME/desk.out" 2>&1 &
  DESK=$!
  place '^asbdesk$'
}

start
# 1. A flagged repeat caller.
k ctrl+n; t "Amira"; k Return; sleep 2
shot desk-caller.png
# 2. The incident code; questions by keys, a text answer; hate -> MANDATORY attendance pinned.
t "personal"; k Return
k n Return y Return; t "kitchen knife"; k Return
k y Return; t "every weekend"; k Return
k Return Return  # the next two questions passed (optional)
shot desk-question.png
k ctrl+i; t "personal"; k Return
for _ in 1 2 3 4 5 6; do k Return; done
k y   # hate: yes
k ctrl+k
shot desk-acknowledged.png
# 3. A refusal: finish with mandatory questions open.
k ctrl+Return
shot desk-refusal.png
# 4. Override by keys.
k ctrl+o; sleep 1; k Tab Up Tab; t "Caller says the man has left with the knife"; k alt+r; sleep 1
shot desk-override.png
# 5. A crash mid-call: kill -9, restart, Ctrl+R brings the whole call back.
k ctrl+t; t "Knife seen on the landing"; k Escape; sleep 1
kill -9 "$DESK"; wait "$DESK" 2>/dev/null || true
start
k ctrl+r; sleep 1
shot desk-recovered.png
# 6. High risk, consent refused: the shared-system referral is not made until the operator
#    writes why (seed 003 para 34). A fresh 802 call, answered by keys.
k ctrl+n; sleep 1; k ctrl+i; t "802"; k Return
k n Return n Return Return Return; t "Fireworks thrown at the house"; k Return
k Return Return Return n Return n Return Return Return Return n Return 3 Return 3 Return
for _ in $(seq 12); do k Return; done
k n Return y Return 2 Return n Return
k ctrl+Return
shot desk-consent-refused.png
k ctrl+k; sleep 1; t "Caller fears the neighbour will find out"
shot desk-consent-dialog.png
k ctrl+Return; sleep 1
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed: $KEYS"
