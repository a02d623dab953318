#!/usr/bin/env bash
# Drive the supervisor's dip sample in a real X window by keyboard alone (xdotool), as the
# demo supervisor would, by the keys the checklist's hint gives (issue 22): record an
# occurrence and a re-contact first (the hints read them), draw, Ctrl+K, then N, a note,
# Enter; Y; A ... Draw the same period again (the question about logs already sampled), and
# run the compliance report (what it read, the "no" notes). Screenshots for the README.
# Needs the Debian packages xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_sampling.sh      -> docs/screenshots/sampling-*.png, key count on stdout
# ASBDESK names the command to run (default .venv/bin/asbdesk).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb_session.sh 97 sampling
ASBDESK=${ASBDESK:-.venv/bin/asbdesk}

$ASBDESK --demo --as supervisor >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk supervisor'

# What the hints will read: an occurrence recorded, a ring back reached.
k ctrl+5; sleep 1
k ctrl+e; sleep 1; t "PSO-26-004417"; k ctrl+Return; sleep 2
k ctrl+4; sleep 1
k ctrl+l; sleep 1; t "PCSO 4471 Dar"; k ctrl+Return; sleep 2
k ctrl+o; sleep 1; k alt+r; sleep 0.5; k ctrl+Return; sleep 2
# The dip sample: the draw row's seed as shown, Ctrl+D draws; the checklist by its hint.
k ctrl+6; sleep 1
k ctrl+d; sleep 3
k ctrl+k; sleep 1
k n; sleep 0.5; t "Nothing recorded about attendance"; k Return; sleep 1
k y; k n; sleep 0.5
shot sampling-note-typed.png
k Escape; sleep 0.5  # the second "no" cancelled: nothing saved
k a; k y; k y; sleep 0.5
k n; t "THRIVE not written"; k Return; sleep 2
shot sampling-marked.png
# The same period again: asked first; Enter leaves out the logs already sampled.
k ctrl+d; sleep 2
shot sampling-overlap.png
k Return; sleep 3
# The compliance report: what it read, who ran it, the "no" notes by operator.
k ctrl+7; sleep 1
k ctrl+Return; sleep 4
shot sampling-compliance.png
k ctrl+shift+p; sleep 2
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
PDF=$(find "$ASBDESK_HOME" -name 'compliance-*.pdf' | head -1)
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$PDF" "$OUT/sampling-compliance-pdf" && echo "saved $OUT/sampling-compliance-pdf.png (from $PDF)"
echo "keys pressed: $KEYS"
