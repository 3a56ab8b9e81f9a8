#!/usr/bin/env bash
# Creates (once) the virtualenv of the Python test peers: Synapse, websockets, protobuf + protoc, eth-account.
# Python is only a test peer and tool here, never part of the product.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${SOCIALBRIDGE_VENV:-$root/.build-py/venv}"
stamp="$venv/.socialbridge-requirements"
requirements="matrix-synapse websockets protobuf grpcio-tools eth-account"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$requirements" ]; then
    exit 0
fi
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
echo "python-env: creating $venv with $python ($requirements)" >&2
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check $requirements
echo "$requirements" > "$stamp"
