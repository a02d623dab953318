#!/usr/bin/env bash
# A force's own desk (issue 19), end to end on a real PostgreSQL, by keys under Xvfb: the
# README's "Set up a force" steps from an empty database, then two workstations (two data
# folders, two logins) taking calls on the force's published pack; a new version published
# while one of them is mid-call; a pack tried with --pack. Screenshots for the README.
# Needs a PostgreSQL server where the connecting user may create databases and roles
# (FORCE_PG, default postgres@127.0.0.1:5432 with trust auth, as on the development
# machines) and the Debian packages xvfb xauth xdotool imagemagick openbox.
#   bash scripts/drive_force.sh   -> docs/screenshots/force-*.png
set -euo pipefail
cd "$(dirname "$0")/.."
KEY_PAUSE=0.15
. scripts/xvfb_session.sh 96 force
A=.venv/bin/asbdesk
PG=${FORCE_PG:-postgres@127.0.0.1:5432}
DB=asbdesk_force_demo
WORK=$(mktemp -d /tmp/asbdesk-force-XXXX)
psql "postgresql://$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
url() { echo "postgresql+psycopg://$1@${PG#*@}/$DB"; }
OWNER=$(url "${PG%@*}")

# 1. The shared database, its roles and three logins (the database administrator).
$A db upgrade --database "$OWNER"
$A db roles --apply --database "$OWNER"
for login in ada ann bob; do
  psql "postgresql://$PG/$DB" -q -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$login') THEN CREATE ROLE $login LOGIN; END IF; END \$\$;"
done
psql "postgresql://$PG/$DB" -q -c "GRANT asbdesk_administrator TO ada; GRANT asbdesk_call_handler TO ann, bob;"
# 2. asbdesk's users, the site, the force's pack tried and published (the administrator, ada).
$A users add ada --name "Ada Admin" --role administrator --database "$(url ada)"
$A users add ann --name "Ann Handler" --role call_handler --database "$(url ada)"
$A users add bob --name "Bob Handler" --role call_handler --database "$(url ada)"
mkdir -p "$WORK/scenarios"
cp -r resources/packs/west-mercia "$WORK/demoshire"
sed -i 's/^  id: west-mercia/  id: demoshire/; s/^  name: .*/  name: Demoshire Police – ASB call handling/' "$WORK/demoshire/pack.yaml"
sed 's/^pack: west-mercia/pack: demoshire/; s/^id: west-mercia-hate/id: demoshire-hate/' \
  resources/scenarios/west-mercia-hate.yaml >"$WORK/scenarios/demoshire-hate.yaml"
cat >"$WORK/site.yaml" <<'EOF'
force:
  name: Demoshire Police
  address:
    - Anti-Social Behaviour Hub
    - 1 Example Street
    - Leeds
  postcode: LS1 4AP
  phone: "0113 496 0999"
  email: asb.hub@demoshire.police.example
  website: https://demoshire.police.example
  signatory: Inspector A. Khan, ASB Hub
EOF
$A packs validate "$WORK/demoshire"
$A scenario check --all --pack "$WORK/demoshire" --scenarios "$WORK/scenarios"
$A site set "$WORK/site.yaml" --database "$(url ada)"
$A packs publish "$WORK/demoshire" --reason "Demoshire's questions, signed off by the policy owner" \
  --scenarios "$WORK/scenarios" --database "$(url ada)" | tail -1

# 3. Two workstations, each with its own data folder, each signed in as its own login.
desk() {  # desk NAME LOGIN [asbdesk options...]: start a desk, put it on screen, focused
  local name=$1 login=$2
  shift 2
  mkdir -p "$WORK/$name"
  ASBDESK_HOME="$WORK/$name" ASBDESK_DATABASE_URL="$(url "$login")" $A "$@" >"$WORK/$name.out" 2>&1 &
  DESK=$!
  for _ in $(seq 80); do xdotool search --pid "$DESK" --name '^asbdesk' >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 4
  WINDOW=$(xdotool search --pid "$DESK" --name '^asbdesk' | head -1)
  xdotool windowsize "$WINDOW" 1400 880 windowmove "$WINDOW" 0 0 windowactivate --sync "$WINDOW"
  sleep 1
}
take_call() {  # a phone call on the Demoshire (West Mercia) questions, by keys (Y/N moves on by itself)
  k ctrl+i; t "personal"; k Return
  k n
  t "Youths kicking a ball at the windows every evening"; k Return
  k y
  t "Four, about fifteen"; k Return
  k Return
  k y
  t "Every evening this week"; k Return
  k Return
}
finish_call() {  # after N, the first Enter on the optional question is taken for habit: Enter again passes it
  k n Return Return y
  k n n y n
  k ctrl+Return; sleep 2
}

desk ann ann
ANN=$DESK
k ctrl+n
take_call
shot force-desk-in-force.png
finish_call
shot force-log.png
k Escape; sleep 1
ANN_WINDOW=$WINDOW

desk bob bob
BOB=$DESK
k ctrl+n
take_call
# The policy owner signs off 1.1 (a question reworded) while Bob is mid-call.
cp -r "$WORK/demoshire" "$WORK/demoshire-1.1"
mkdir -p "$WORK/v1.1" && mv "$WORK/demoshire-1.1" "$WORK/v1.1/demoshire"
sed -i 's/^  version: "1.0"/  version: "1.1"/' "$WORK/v1.1/demoshire/pack.yaml"
sed -i 's/text: Has this happened before?/text: Has this happened to you before?/' "$WORK/v1.1/demoshire/questions.yaml"
$A packs diff "$WORK/demoshire" "$WORK/v1.1/demoshire" || true
$A packs publish "$WORK/v1.1/demoshire" --reason "Q2 reworded for callers, signed off" \
  --scenarios "$WORK/scenarios" --database "$(url ada)" | tail -1
sleep 5
shot force-published-mid-call.png
finish_call
k Escape; sleep 1
k ctrl+n; sleep 1; k ctrl+i; t "personal"; k Return; k n; t "The ball again"; k Return
shot force-next-call.png
kill "$BOB" "$ANN" 2>/dev/null || true
wait "$BOB" "$ANN" 2>/dev/null || true

# 4. A pack tried on one workstation: TRIAL PACK on the status bar and in every log.
mkdir -p "$WORK/v2.0" && cp -r "$WORK/v1.1/demoshire" "$WORK/v2.0/demoshire"
sed -i 's/^  version: "1.1"/  version: "2.0"/' "$WORK/v2.0/demoshire/pack.yaml"
desk ann-trial ann --pack "$WORK/v2.0/demoshire"
k ctrl+n
take_call
finish_call
shot force-trial.png
kill "$DESK" 2>/dev/null || true
wait "$DESK" 2>/dev/null || true
psql "postgresql://$PG/$DB" -q -A -t -c \
  "SELECT reference, operator, pack_id, pack_version FROM contact ORDER BY id" | sed 's/^/stored: /'
echo "keys pressed: $KEYS; work folder $WORK"
