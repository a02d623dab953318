#!/usr/bin/env bash
# Drive the supervisor's desk in a real X window by keyboard alone (xdotool), as the demo
# supervisor would, and save a screenshot of each queue, the dip sample and the reports
# for the README. Needs the Debian packages xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_supervisor.sh      -> docs/screenshots/supervisor-*.png, key count on stdout
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb_session.sh 96 supervisor

.venv/bin/asbdesk --demo --as supervisor >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk supervisor'

# 1. Flag requests: authorise the first with its necessity.
k ctrl+1; sleep 1
shot supervisor-flag-requests.png
k ctrl+u; sleep 1; t "Three reports this month; she is afraid to go out"
shot supervisor-authorise.png
k ctrl+Return; sleep 2
# 2. A flag overdue for its monthly review: maintain it with a note.
k ctrl+2; sleep 1
shot supervisor-flag-review.png
k ctrl+m; sleep 1; t "Still needed: neighbour violent to officers last week"; k ctrl+Return; sleep 2
# 3. Overrides: read the computed and chosen grade, disagree and re-grade (issue 22.3): the
# computed grade is offered first; Tab to the comment; the log is amended.
k ctrl+3; sleep 1
shot supervisor-overrides.png
k ctrl+d; sleep 2
shot supervisor-disagree.png
k Tab; t "The caller was alone and frightened: keep officers attending"; k ctrl+Return; sleep 2
# 4. Re-contacts: allocate the first, record an attempt (no answer), then record it not
# reached (the letter is written). Their screenshots: scripts/drive_recontact.sh (issue 22.2).
k ctrl+4; sleep 1
k ctrl+l; sleep 1; t "PCSO 4471 Dar"; k ctrl+Return; sleep 2
k Up; sleep 1                                         # allocated, the cursor went on to the next: back to it
k ctrl+t; sleep 1; k alt+n; k ctrl+Return; sleep 2
k ctrl+o; sleep 1; k alt+n; sleep 0.5
k ctrl+Return; sleep 3
# 5. Occurrences for red and amber incidents: record the reference.
k ctrl+5; sleep 1
k ctrl+e; sleep 1; t "PSO-26-004417"; k ctrl+Return; sleep 2
shot supervisor-occurrences.png
# 6. Dip sample: draw (the seed shown), mark the first log's checklist by keys.
k ctrl+6; sleep 1
k ctrl+d; sleep 3
k ctrl+k; sleep 1
k y; k n; sleep 1; t "Ring back requested, none recorded"; k Return; sleep 1
k a; k y; k y; sleep 2
shot supervisor-dip-sample.png
# 7. Reports: run for the last 30 days (compliance table and chart, hotspots).
k ctrl+7; sleep 1
k ctrl+Return; sleep 4
shot supervisor-compliance.png
k alt+h; sleep 1
shot supervisor-hotspots.png
k ctrl+shift+p; sleep 2
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
LETTER=$(find "$ASBDESK_HOME" -name 'ring-back-letter-*.pdf' | head -1)
pdftoppm -png -r 70 -singlefile "$LETTER" "$OUT/supervisor-letter" && echo "saved $OUT/supervisor-letter.png (from $LETTER)"
find "$ASBDESK_HOME" -name '*.pdf'
echo "keys pressed: $KEYS"
