#!/usr/bin/env bash
# Migration wall time against the `curl` floor (issue 7): a dedicated Synapse seeded ONCE with a synthetic
# homeserver (1,000 users, ~800 pairs; seeding runs at ~4 pairs/s, so the data directory is cached and
# reused), `social-bridge migrate` into a fresh database, then the same kind of page reads replayed with
# `curl` at the same concurrency. Prints both times, both request counts and the ratio (target ≤ 1.25×).
#
#   bash Tests/Support/bench_migrate.sh            # seed if needed, migrate, replay, print
#   bash Tests/Support/bench_migrate.sh seed       # only start + seed (idempotent)
#   bash Tests/Support/bench_migrate.sh stop       # stop the dedicated Synapse
#   bash Tests/Support/bench_migrate.sh diff       # seed if needed, then `social-bridge bench diff` (diff vs migrate,
#                                                  # wall time and peak RSS, in one process; token from the environment)
#
# Environment:
#   SOCIALBRIDGE_VENV          virtualenv with matrix-synapse (default /tmp/venv when present)
#   BENCH_USERS / BENCH_PAIRS  synthetic size (default 1000 / 800)
#   BENCH_CONCURRENCY          migrate --concurrency and curl parallelism (default 8)
#   BENCH_BIN                  social-bridge binary (default .build/debug/social-bridge, built when missing)
#   BENCH_JSON=1               also print one JSON line with the figures
#   BENCH_ROUNDS               timed rounds of `diff` mode (default 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
support="$root/Tests/Support"
export SOCIALBRIDGE_SYNAPSE_DIR="${SOCIALBRIDGE_SYNAPSE_DIR:-$root/.build-bench/synapse}"
if [ -z "${SOCIALBRIDGE_VENV:-}" ] && [ -x /tmp/venv/bin/python ]; then export SOCIALBRIDGE_VENV=/tmp/venv; fi
venv="${SOCIALBRIDGE_VENV:-$root/.build-py/venv}"
python="$venv/bin/python"
users="${BENCH_USERS:-1000}"
pairs="${BENCH_PAIRS:-800}"
concurrency="${BENCH_CONCURRENCY:-8}"
bin="${BENCH_BIN:-$root/.build/debug/social-bridge}"
marker="$SOCIALBRIDGE_SYNAPSE_DIR/bench-seeded-$users-$pairs.json"
log() { echo "bench_migrate.sh: $*" >&2; }

start_synapse() {
    mkdir -p "$(dirname "$SOCIALBRIDGE_SYNAPSE_DIR")"
    eval "$(bash "$support/synapse.sh" start)"
}

seed() {
    start_synapse
    if [ -s "$marker" ]; then
        log "reusing the seeded data directory ($marker)"
        return
    fi
    log "seeding $users users / $pairs pairs (about $((pairs / 4)) s at ~4 pairs/s); cached afterwards"
    local started=$SECONDS
    # No --salt: the seeder skips a fixture it already wrote (admin account-data marker), so an
    # interrupted seed re-run does not duplicate the users.
    "$python" "$support/synapse_seed.py" --generate "$users:$pairs" --jobs 4 --out "$marker.tmp" >/dev/null
    mv "$marker.tmp" "$marker"
    log "seeded in $((SECONDS - started)) s"
}

case "${1:-run}" in
    seed) seed; exit 0 ;;
    stop) bash "$support/synapse.sh" stop; exit 0 ;;
    diff)
        seed
        if [ ! -x "$bin" ]; then (cd "$root" && swift build --product social-bridge >&2); fi
        # The admin token stays in the environment (exported by synapse.sh): bench diff reads it from there.
        json=(); [ "${BENCH_JSON:-0}" = 1 ] && json=(--json)
        (cd "$root" && "$bin" bench diff --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --concurrency "$concurrency" \
            --rounds "${BENCH_ROUNDS:-1}" "${json[@]}")
        exit $? ;;
    run) ;;
    *) echo "usage: $0 [run|seed|stop|diff]" >&2; exit 2 ;;
esac

seed
# shellcheck source=/dev/null
. "$support/bench_migrate_run.sh"
