#!/usr/bin/env bash
# One whole call in a real X window by keyboard alone (xdotool), for the graded log's
# screenshots (issue 21.7): a flagged demo caller, high risk with a vulnerable victim, no
# consent (the CONSENT prompts come only after that answer), SAFEGUARDING acknowledged,
# why each referral was not made written, then an override lowering the risk. The log
# says who called and what the flag says, and keeps what was acknowledged and written.
# Needs the Debian packages xvfb xauth xdotool imagemagick openbox and the libxcb-* set.
#   bash scripts/drive_log.sh     -> docs/screenshots/desk-log*.png, key count on stdout
# ASBDESK_CMD names the command that runs asbdesk (default .venv/bin/asbdesk).
set -euo pipefail
cd "$(dirname "$0")/.."
KEY_PAUSE=0.2
. scripts/xvfb_session.sh 96 log
${ASBDESK_CMD:-.venv/bin/asbdesk} --demo >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk$'

k ctrl+n; t "Ashdown"; k Return; sleep 2            # the flagged repeat caller
t "801"; k Return
# Y/N and a numbered answer move on by themselves; after one, the first Enter on an optional
# question is taken for habit and refused in words: Enter again passes it (issue 23.4).
k n n n n                                             # danger, weapons, violence, injured: no
t "Youths kicking the door and shouting abuse"; k Return
k 2; t "Four or five"; k Return; k Return             # verbal; how many; who (passed)
k y; t "Every night this week"; k Return; k y         # before; how often; targeted
k n Return Return y n                                 # hate no; affected (passed); frightened; support
k y 1 Return 3 3                                      # vulnerable (age, Enter after a multiple choice); escalating x significant: high
for _ in $(seq 13); do k Return; done                 # the RAM questions, passed
k n y 1                                               # damage; further contact by a visit
shot desk-log-before-consent.png                      # SAFEGUARDING pinned, no CONSENT yet
k n; sleep 1                                          # consent: no -> the CONSENT prompts
k Return Return                                       # child protection concerns: passed (Enter twice)
k ctrl+k                                              # SAFEGUARDING acknowledged
k ctrl+k; sleep 1; t "Caller fears the neighbour will find out"; k ctrl+Return; sleep 1
k ctrl+k; sleep 1; t "She will ring back before any conference"; k ctrl+Return; sleep 1
k ctrl+o; sleep 1; k Tab Up Tab; t "Offender arrested and bailed away from the street"; k alt+r; sleep 1
k ctrl+Return; sleep 3
shot desk-log.png                                     # who called, at the head of the log
k ctrl+End
shot desk-log-recorded.png                            # recorded during the call
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed: $KEYS"
