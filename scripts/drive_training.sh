#!/usr/bin/env bash
# Take a shipped training scenario in the real training desk, in a real X window, by
# keyboard alone (xdotool): once well, once with mistakes; then the trainer's view.
# Then back to the scenario picker by its key (Ctrl+Shift+S, issue 22.5).
# Saves screenshots for the README. Needs xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_training.sh   -> docs/screenshots/training-*.png, key counts on stdout
# ASBDESK=path/to/asbdesk runs another install (default: .venv/bin/asbdesk).
set -euo pipefail
cd "$(dirname "$0")/.."
ASBDESK=${ASBDESK:-.venv/bin/asbdesk}
. scripts/xvfb_session.sh 95 training
start() {
  "$ASBDESK" --training --scenario west-mercia-hate --trainee tina >"$ASBDESK_HOME/desk-$1.out" 2>&1 &
  DESK=$!
  place 'TRAINING'
}
# The West Mercia hate call (resources/scenarios/west-mercia-hate.yaml), answered by keys.
call() {  # $1: the answer to Q8 (y or n); $2: acknowledge the pinned prompt (yes/no)
  k ctrl+n; t "0121 496 0417"; k Return; sleep 2
  t "personal"; k Return; sleep 1
  # Y/N moves on by itself; after it, the first Enter on an optional question is taken for
  # habit and refused in words, Enter again passes it (issue 23.4).
  k n                                          # immediate danger: no
  t "Four youths threw eggs at the front door"; k Return
  k y                                          # Q2 happened before
  k Return Return Return                       # Q3 (Enter twice), Q4 passed
  k y                                          # Q5
  t "Every two weeks since the summer"; k Return
  k Return                                     # Q7 passed
  shot "training-caller-says-$3.png"
  k "$1"                                       # Q8: hostility because of faith?
  k Return Return                              # Q9 passed (Enter twice)
  k y                                          # Q10
  k n n y                                      # national: violence, damage, alarm/distress
  if [ "$1" = y ]; then k y; fi                # the five-strand hate question follows a Yes to Q8
  k n                                          # national: stalking
  if [ "$2" = yes ]; then k ctrl+k; fi
  k ctrl+t; t "Threat: youths return every two weeks"; k alt+h; t "Harm: wife afraid to go out"
  k alt+k; t "Risk: escalating, hate motivated"; k alt+i; t "Investigation: hate crime to record"
  k alt+v; t "Vulnerability: family targeted for faith"; k alt+e; t "Engagement: visit arranged"
  k Escape
  k ctrl+Return; sleep 2
}

start well
shot training-start.png
call y yes well
shot training-log.png
k Escape; sleep 2
shot training-scorecard.png
k Escape; sleep 1
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed (well): $KEYS"
KEYS=0
start mistakes
call n no mistakes
k Escape; sleep 2
shot training-scorecard-mistakes.png
echo "keys pressed (with mistakes): $KEYS"
k ctrl+shift+s; sleep 3                      # back to the scenario picker, from the scorecard
shot training-back-to-picker.png
k Escape                                     # Esc in the picker ends training
for _ in $(seq 20); do kill -0 "$DESK" 2>/dev/null || break; sleep 0.5; done
kill "$DESK" 2>/dev/null && echo "the desk had to be killed" || echo "training ended by Esc in the picker"
wait "$DESK" 2>/dev/null || true

"$ASBDESK" --training --trainer >"$ASBDESK_HOME/trainer.out" 2>&1 &
DESK=$!
place 'trainer'
shot training-trainer.png
k alt+m; sleep 1
shot training-most-missed.png
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
ls "$ASBDESK_HOME"/data/training/ || true
