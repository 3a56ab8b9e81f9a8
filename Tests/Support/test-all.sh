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
if [ -f Tests/Support/synapse.sh ]; then
    # Exports SOCIALBRIDGE_SYNAPSE_URL and SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN for the integration tests.
    eval "$(bash Tests/Support/synapse.sh start)"
    trap 'bash Tests/Support/synapse.sh stop >/dev/null 2>&1 || true' EXIT
fi
swift build --build-tests
# The release binary once, for the test that runs it from an empty directory as an operator would
# (SOCIALBRIDGE_SKIP_RELEASE=1 skips the build; that test then says why it skips).
if [ "${SOCIALBRIDGE_SKIP_RELEASE:-0}" != 1 ]; then
    swift build -c release --product social-bridge
    export SOCIALBRIDGE_RELEASE_BIN="$(swift build -c release --show-bin-path)/social-bridge"
fi
# Serial: several suites drive real sockets and Python peers, and a 2-core machine has a 2-thread
# cooperative pool that blocking peer processes would starve.
swift test --skip-build --disable-xctest --no-parallel "$@"
