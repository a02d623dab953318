#!/usr/bin/env bash
# Regenerate the translations of asbdesk's own words (menus, buttons, labels, and the core's
# refusals in asbdesk/core/messages.py) from the sources: lupdate adds new strings to each
# resources/translations/asbdesk_<lang>.ts
# (keeping what is translated; strings no longer in the code are kept as "vanished"), and
# lrelease compiles each to the .qm the desk loads (asbdesk.gui.i18n); only translations
# marked finished ship (a draft stays English on screen until a Welsh speaker checks it).
#   bash scripts/update_translations.sh        -> every existing language
#   bash scripts/update_translations.sh cy ga  -> these languages (a new one gets a new .ts)
# Translate a .ts with pyside6-linguist (or any editor), then run this again.
# Wording from policy packs (questions, prompts) is the pack's and is not in these files.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
DIR=resources/translations
mkdir -p "$DIR"
if [ "$#" -gt 0 ]; then
  languages=("$@")
else
  languages=()
  for ts in "$DIR"/asbdesk_*.ts; do
    [ -e "$ts" ] || continue
    name=${ts##*/asbdesk_}
    languages+=("${name%.ts}")
  done
fi
if [ "${#languages[@]}" -eq 0 ]; then
  echo "no translations yet: name a language, e.g. bash $0 cy" >&2
  exit 2
fi
# What lupdate reads: the GUI's tr() words and the core's refusals (their message ids).
# tests/gui/test_i18n.py reads this line too, so the test and this script cannot drift.
sources=(asbdesk/gui/*.py asbdesk/core/messages.py)
for lang in "${languages[@]}"; do
  ts="$DIR/asbdesk_$lang.ts"
  "$BIN/pyside6-lupdate" -locations relative -target-language "$lang" "${sources[@]}" -ts "$ts"
  "$BIN/pyside6-lrelease" -nounfinished "$ts" -qm "${ts%.ts}.qm"
done
