#!/usr/bin/env bash
# Sets up everything a fresh Debian machine lacks and runs every test: unit tests, Python peer
# conformance tests and the integration tests against a real Synapse started on 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash Tests/Support/system-deps.sh
bash Tests/Support/python-env.sh
# The virtualenv python-env.sh made (SOCIALBRIDGE_VENV when set, as python-env.sh and synapse.sh use it).
export SOCIALBRIDGE_PYTHON="${SOCIALBRIDGE_VENV:-$root/.build-py/venv}/bin/python"
export SOCIALBRIDGE_REPO="$root"
swift build --build-tests
# The transition tests run `serve --sync appservice` on a fixed loopback port that Synapse pushes to: the
# registration written by the binary's own generate-registration, loaded by Synapse at start.
mkdir -p .build-synapse
if [ ! -f .build-synapse/bridge-port ]; then
    "$SOCIALBRIDGE_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
        > .build-synapse/bridge-port
fi
bridge_port="$(cat .build-synapse/bridge-port)"
registration="$root/.build-synapse/appservice.yaml"
if [ ! -f "$registration" ] || ! grep -q "127.0.0.1:$bridge_port" "$registration"; then
    .build/debug/social-bridge generate-registration --url "http://127.0.0.1:$bridge_port" \
        --server-name "${SOCIALBRIDGE_SYNAPSE_SERVER_NAME:-decentraland.zone}" --output "$registration" --force
fi
export SOCIALBRIDGE_APPSERVICE_REGISTRATION="$registration" SOCIALBRIDGE_APPSERVICE_PORT="$bridge_port"
if [ -f Tests/Support/synapse.sh ]; then
    # Exports SOCIALBRIDGE_SYNAPSE_URL and SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN for the integration tests.
    eval "$(bash Tests/Support/synapse.sh start)"
    trap 'bash Tests/Support/synapse.sh stop >/dev/null 2>&1 || true' EXIT
fi
# The release binary once, for the test that runs it from an empty directory as an operator would
# (SOCIALBRIDGE_SKIP_RELEASE=1 skips the build; that test then says why it skips).
if [ "${SOCIALBRIDGE_SKIP_RELEASE:-0}" != 1 ]; then
    swift build -c release --product social-bridge
    export SOCIALBRIDGE_RELEASE_BIN="$(swift build -c release --show-bin-path)/social-bridge"
fi
# Serial: several suites drive real sockets and Python peers, and a 2-core machine has a 2-thread
# cooperative pool that blocking peer processes would starve.
swift test --skip-build --disable-xctest --no-parallel "$@"
