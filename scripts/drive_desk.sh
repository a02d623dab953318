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
# 2. The incident code; questions by keys (a yes/no or numbered answer moves on by itself,
#    a typed one takes Enter); hate -> MANDATORY attendance pinned.
t "personal"; k Return
k n y; t "kitchen knife"; k Return                # danger: no; weapons: yes; what type
k Return n n                                      # where now: passed; violence, injured: no
t "A man waving a knife on the landing"; k Return
k 1; t "One man, about thirty"; k Return          # physical; how many
k Return                                          # who is involved: passed (optional)
shot desk-question.png
k ctrl+i; t "personal"; k Return                  # the same code again: the call keeps its place
k y; t "Every weekend since June"; k Return       # before: yes; how often
k y y                                             # targeted at the family: yes; hate: yes
k ctrl+k
shot desk-acknowledged.png
# 3. A refusal: finish with mandatory questions open.
k ctrl+Return
shot desk-refusal.png
# 4. Override by keys.
k ctrl+o; sleep 1; k Tab Up Tab; t "Caller says the man has left with the knife"; k alt+r; sleep 1
shot desk-override.png
# 5. A crash mid-call: kill -9, restart, Ctrl+R brings the whole call back, with the answer
#    being typed (not yet Entered) back in its entry.
k ctrl+t; t "Knife seen on the landing"; k Escape; sleep 1
k ctrl+BackSpace ctrl+BackSpace ctrl+BackSpace    # back from question 18 to 15, "How have you been affected?"
t "Afraid to leave the fl"; sleep 1               # typed, not yet Entered, when the desk dies
kill -9 "$DESK"; wait "$DESK" 2>/dev/null || true
start
k ctrl+r; sleep 1
shot desk-recovered.png
# 6. High risk, consent refused: the shared-system referral is not made until the operator
#    writes why (seed 003 para 34). A fresh 802 call, answered by keys.
k ctrl+n; sleep 1; k ctrl+i; t "802"; k Return
# After an answer's own key moved on, the first Enter on an optional question is refused as
# one pressed out of habit (issue 23.4): Enter again passes it.
k n n Return Return Return                        # danger, weapons: no; violence, injured: passed
t "Fireworks thrown at the house"; k Return
k Return Return Return n n                        # physical or verbal, how many, who: passed; before, hate: no
k Return Return Return Return n 3 3               # affected, frightened, support: passed; vulnerable: no; escalating, significant
for _ in $(seq 13); do k Return; done             # the RAM questions, passed
k n y 2 n                                         # damage: no; further contact: yes, a ring back; consent: no
k ctrl+Return
shot desk-consent-refused.png
k ctrl+k; sleep 1; t "Caller fears the neighbour will find out"
shot desk-consent-dialog.png
k ctrl+Return; sleep 1
kill "$DESK" 2>/dev/null || true; wait "$DESK" 2>/dev/null || true
echo "keys pressed: $KEYS"
