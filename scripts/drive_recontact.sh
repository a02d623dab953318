#!/usr/bin/env bash
# Re-contacts carried out from asbdesk (issue 22.2), in a real X window by keyboard alone
# (xdotool), following the on-screen hints. A call handler takes a call whose caller wants to
# be e-mailed: the desk asks for the address under the options. Then the demo supervisor finds
# a ring back, allocates it, records two attempts (no answer; a voicemail left) and records it
# not reached: the letter for posting is written once the outcome is stored.
# Needs the Debian packages xvfb xauth xdotool imagemagick openbox poppler-utils.
#   bash scripts/drive_recontact.sh  -> docs/screenshots/{desk-email*,supervisor-recontact-*}.png; the
#   letter's first page beside the demo's files, its path on stdout
# ASBDESK_CMD names the command that runs asbdesk (default .venv/bin/asbdesk).
set -euo pipefail
cd "$(dirname "$0")/.."
KEY_PAUSE=0.2
. scripts/xvfb_session.sh 97 recontact
ASBDESK=${ASBDESK_CMD:-.venv/bin/asbdesk}

# 1. The desk: an 802 call from a demo caller who wants to be e-mailed.
$ASBDESK --demo >"$ASBDESK_HOME/desk.out" 2>&1 &
DESK=$!
place '^asbdesk$'
k ctrl+n; t "Ashdown"; k Return; sleep 2            # the flagged repeat caller
t "802"; k Return; sleep 1
# Y/N and a numbered answer move on by themselves; after one, the first Enter on an optional
# question is taken for habit and refused in words: Enter again passes it (issue 23.4).
k n n Return Return Return                            # danger, weapons: no; violence, injured: passed
t "Youths kicking a football at the garage doors"; k Return
k Return Return Return                                # physical or verbal, how many, who: passed
k n n Return Return Return Return                     # before, hate: no; affected, frightened, support
k n 1 1                                               # vulnerable: no; isolated, low harm
for _ in $(seq 13); do k Return; done                 # the RAM questions, passed
k n y                                                 # property damage: no; further contact: yes
k 3; sleep 1                                          # by e-mail: the address is asked for, cursor in it
t "amira.ashdown@example"; k Return; sleep 1          # not an address: refused in words, kept
k ctrl+a; t "Amira.Ashdown@example.org"
shot desk-email.png                                   # the field under the options, the hint
k Return; sleep 1                                     # checked, recorded, on to consent
k y Return Return                                     # consent: yes; child protection: passed (Enter twice)
for _ in 1 2 3; do k ctrl+k; done                     # the pinned prompts acknowledged
k ctrl+Return; sleep 3
shot desk-email-log.png                               # E-mail under CALLER in the log
k Escape; sleep 1
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
DESK=

# 2. The supervisor: the first ring back in the queue, as the queue lists it.
DOWNS=$($ASBDESK --demo --as supervisor review list --kind recontact --format json |
  python3 -c 'import json,sys; items=json.load(sys.stdin); print(next(n for n,i in enumerate(items) if i["summary"].startswith("ring back")))')
$ASBDESK --demo --as supervisor >"$ASBDESK_HOME/supervisor.out" 2>&1 &
DESK=$!
place '^asbdesk supervisor'
k ctrl+4; sleep 2
shot supervisor-recontact-queue.png                   # how to reach each caller, in the queue
for _ in $(seq "$DOWNS"); do k Down; done; sleep 1
k ctrl+l; sleep 1; t "PCSO 4471 Dar"; k ctrl+Return; sleep 2
k Up; sleep 1                                         # allocated, the cursor went on to the next: back to it
k ctrl+t; sleep 1; k alt+n; k ctrl+Return; sleep 2   # attempt 1: no answer
k ctrl+t; sleep 1; k alt+v; k alt+e; t "Left a message: we will write"
shot supervisor-recontact-attempt.png                 # the attempt dialog, its keys
k ctrl+Return; sleep 2                                # attempt 2: left voicemail
shot supervisor-recontact-detail.png                  # how to reach the caller, the attempts in order
k ctrl+o; sleep 1; k alt+n; sleep 1
shot supervisor-recontact-outcome.png                 # not reached: the letter, once stored
k ctrl+Return; sleep 4
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
LETTER=$(find "$ASBDESK_HOME" -name 'ring-back-letter-*.pdf' | head -1)
echo "letter: $LETTER"
pdftoppm -png -r 70 -singlefile "$LETTER" "$ASBDESK_HOME/letter" && echo "letter page: $ASBDESK_HOME/letter.png"
echo "keys pressed: $KEYS"
