#!/usr/bin/env bash
# The main job on a fresh machine, end to end: installs what is missing, starts a loopback Synapse
# seeded from fixtures/demo.json (the legacy side), migrates it into SQLite with the profile blocks
# of fixtures/demo-blocks.json, prints the summary and the migrated state, then serves the Social
# Service RPC with the transition on (Synapse pushes new Matrix activity to the bridge's appservice API,
# and RPC actions are mirrored back into Matrix) and prints ready-to-paste commands (with demo users'
# Matrix tokens) to see a live update from either side. Ctrl-C stops the server and the homeserver. Tokens travel in files (mode 0600) and
# the environment, never on a command line.
#
#   SOCIALBRIDGE_DEMO_LISTEN   where to serve (default 127.0.0.1:8085)
#   SOCIALBRIDGE_DEMO_NO_SERVE set to 1 to stop after the migration (used by the tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="/opt/swift/usr/bin:$PATH"
listen="${SOCIALBRIDGE_DEMO_LISTEN:-127.0.0.1:8085}"
demo="$root/.build-demo"
mkdir -p "$demo"
say() { printf '\n== %s\n' "$*"; }

say "installing what is missing (libcurl, SQLite headers, the Python test peers)"
bash Tests/Support/system-deps.sh
bash Tests/Support/python-env.sh

say "building social-bridge"
swift build --product social-bridge 2>&1 | tail -1
bin="$(swift build --show-bin-path)/social-bridge"

say "starting a fresh local Synapse (the legacy homeserver) on 127.0.0.1, with the bridge registered as its appservice"
export SOCIALBRIDGE_SYNAPSE_DIR="$demo/synapse"
bash Tests/Support/synapse.sh reset >/dev/null 2>&1 || true
# Synapse reads appservice registrations at start: written first, by the binary itself.
mkdir -p "$SOCIALBRIDGE_SYNAPSE_DIR"
"$bin" generate-registration --url "http://$listen" --server-name "${SOCIALBRIDGE_SYNAPSE_SERVER_NAME:-decentraland.zone}" \
    --output "$demo/appservice.yaml" --force >/dev/null
export SOCIALBRIDGE_APPSERVICE_REGISTRATION="$demo/appservice.yaml"
eval "$(bash Tests/Support/synapse.sh start)"
trap 'bash Tests/Support/synapse.sh stop >/dev/null 2>&1 || true' EXIT

say "seeding it the way the legacy clients wrote data (fixtures/demo.json)"
python="${SOCIALBRIDGE_VENV:-$root/.build-py/venv}/bin/python"
"$python" Tests/Support/synapse_seed.py fixtures/demo.json --out "$demo/seed.json" >/dev/null

# Secrets in files readable by their owner only (printf is a shell builtin: no process shows the token).
tokens="$demo/tokens"
rm -rf "$tokens"
(umask 077 && mkdir -p "$tokens" && printf '%s\n' "$SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN" > "$tokens/admin.token")
user_id() { "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["users"][sys.argv[2]])' "$demo/seed.json" "$1"; }
address() { "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["addresses"][sys.argv[2]].lower())' "$demo/seed.json" "$1"; }
for who in alice carol dave; do
    PYTHONPATH=Tests/Support "$python" Tests/Support/synapse_user_token.py "$(user_id "$who")" "$tokens/$who.token"
done

say "migrating into $demo/demo.sqlite"
rm -f "$demo/demo.sqlite" "$demo/demo.sqlite-wal" "$demo/demo.sqlite-shm"
"$bin" migrate --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --admin-token-file "$tokens/admin.token" \
    --db "$demo/demo.sqlite" --blocks fixtures/demo-blocks.json --report "$demo/migration-report.json"
echo "report: $demo/migration-report.json"

say "migrated state (social-bridge export --format table)"
"$bin" export --db "$demo/demo.sqlite" --format table

if [ "${SOCIALBRIDGE_DEMO_NO_SERVE:-0}" = 1 ]; then exit 0; fi

say "serving the Social Service RPC on ws://$listen/ (Ctrl-C stops)"
alice="$(address alice)"
cat <<MSG
Try it with the bundled client, each command in a new terminal (the tokens are demo users' Matrix tokens):

  # 1. Alice's friends:
  $bin call GetFriends --url ws://$listen/ --matrix-token-file $tokens/alice.token

  # 2. Alice's live friendship updates (leave it running; Ctrl-C stops):
  $bin call SubscribeToFriendshipUpdates --follow --url ws://$listen/ --matrix-token-file $tokens/alice.token

  # 3. Dave sends Alice a friend request over the RPC: it appears at once in terminal 2, and the mirror
  #    writes it into Matrix as Dave (a room with the pair's alias, the friendship event, the message).
  $bin call UpsertFriendship --url ws://$listen/ --matrix-token-file $tokens/dave.token --json '{"request": {"user": {"address": "$alice"}, "message": "hi Alice, Dave here"}}'

  # 4. Carol, on a legacy Matrix client, cancels her request to Alice: Synapse pushes it to the bridge,
  #    which applies it and tells terminal 2.
  SOCIALBRIDGE_SYNAPSE_URL=$SOCIALBRIDGE_SYNAPSE_URL $python $root/Tests/Support/legacy_write.py --token-file $tokens/carol.token --to $alice --action cancel

'$bin call --help' lists every procedure; '$bin call PROCEDURE --describe' shows its JSON fields.
Real clients send an auth chain instead: '--private-key-file FILE' signs one from an Ethereum key.
Homeserver: $SOCIALBRIDGE_SYNAPSE_URL (server name $SOCIALBRIDGE_SYNAPSE_SERVER_NAME).
MSG
"$bin" serve --db "$demo/demo.sqlite" --listen "$listen" \
    --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --server-name "$SOCIALBRIDGE_SYNAPSE_SERVER_NAME" \
    --admin-token-file "$tokens/admin.token" --registration "$demo/appservice.yaml" --mirror
