#!/usr/bin/env bash
# The main job on a fresh machine, end to end: installs what is missing, starts a loopback Synapse
# seeded from fixtures/demo.json (the legacy side), migrates it into SQLite with the profile blocks
# of fixtures/demo-blocks.json, prints the summary and the migrated state, then serves the Social
# Service RPC and prints where to connect. Ctrl-C stops the server and the homeserver.
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

say "starting a fresh local Synapse (the legacy homeserver) on 127.0.0.1"
export SOCIALBRIDGE_SYNAPSE_DIR="$demo/synapse"
bash Tests/Support/synapse.sh reset >/dev/null 2>&1 || true
eval "$(bash Tests/Support/synapse.sh start)"
trap 'bash Tests/Support/synapse.sh stop >/dev/null 2>&1 || true' EXIT

say "seeding it the way the legacy clients wrote data (fixtures/demo.json)"
"$root/.build-py/venv/bin/python" Tests/Support/synapse_seed.py fixtures/demo.json --out "$demo/seed.json" >/dev/null

say "migrating into $demo/demo.sqlite"
rm -f "$demo/demo.sqlite" "$demo/demo.sqlite-wal" "$demo/demo.sqlite-shm"
"$bin" migrate --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --admin-token "$SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN" \
    --db "$demo/demo.sqlite" --blocks fixtures/demo-blocks.json --report "$demo/migration-report.json"
echo "report: $demo/migration-report.json"

say "migrated state (social-bridge export --format table)"
"$bin" export --db "$demo/demo.sqlite" --format table

if [ "${SOCIALBRIDGE_DEMO_NO_SERVE:-0}" = 1 ]; then exit 0; fi

say "serving the Social Service RPC"
cat <<MSG
Connect a @dcl/rpc client to ws://$listen/ (module "SocialService").
First frame: an auth chain (x-identity-* headers as a JSON object), or, during the transition,
{"matrix_access_token": "<token>"} of a user of $SOCIALBRIDGE_SYNAPSE_URL.
Homeserver: $SOCIALBRIDGE_SYNAPSE_URL (server name $SOCIALBRIDGE_SYNAPSE_SERVER_NAME). Ctrl-C stops.
MSG
"$bin" serve --db "$demo/demo.sqlite" --listen "$listen" \
    --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --server-name "$SOCIALBRIDGE_SYNAPSE_SERVER_NAME" \
    --homeserver-token "$SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"
