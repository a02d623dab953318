#!/usr/bin/env bash
# Drive the supervisor's active flags (issue 22.4) in a real X window by keyboard alone
# (xdotool), as the demo supervisor would: Ctrl+8, filter by postcode area, maintain the
# overdue flag, then Ctrl+Z to take the review back; a screenshot at each step for the README. Needs the Debian packages xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_flags.sh      -> docs/screenshots/supervisor-active-flags*.png, key count on stdout
# ASBDESK=path/to/asbdesk runs another install (default .venv/bin/asbdesk).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb_session.sh 93 flags

"${ASBDESK:-.venv/bin/asbdesk}" --demo --as supervisor >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk supervisor'

# 1. Every active flag, the soonest review first, the first one's details and history beside.
k ctrl+8; sleep 2
shot supervisor-active-flags.png
# 2. In Leeds (postcode area LS): Enter goes to the list.
k alt+a; t "LS"; sleep 1; k Return; sleep 2
shot supervisor-active-flags-filtered.png
# 3. All areas again; the first flag is overdue: maintain it at its review (Ctrl+M, a note).
# It is listed later now; the cursor goes to the flag that was below it, and the notice
# above the list and the status bar say so.
k alt+a; k ctrl+a; k BackSpace; k Return; sleep 2; k Home; sleep 1
k ctrl+m; sleep 1; t "Checked with the OIC: the neighbour is still there; keep it"
k ctrl+Return; sleep 3
shot supervisor-active-flags-maintained.png
# 4. Ctrl+Z: the review taken back, the flag overdue again and chosen.
k ctrl+z; sleep 3
shot supervisor-active-flags-undone.png
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed: $KEYS"
