# Sourced by bench_migrate.sh once the seeded Synapse runs (SOCIALBRIDGE_SYNAPSE_* exported): times the
# migration, then the curl floor, and prints the figures.
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-migrate.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ ! -x "$bin" ]; then
    log "building social-bridge"
    (cd "$root" && swift build --product social-bridge >&2)
fi
now() { date +%s.%N; }

log "migrating into a fresh database (concurrency $concurrency)"
t0=$(now)
(cd "$root" && "$bin" migrate --homeserver "$SOCIALBRIDGE_SYNAPSE_URL" --admin-token "$SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN" \
    --db "$work/bench.sqlite" --concurrency "$concurrency" --report "$work/report.json" >"$work/migrate.out" 2>"$work/migrate.err") \
    || { status=$?; if [ "$status" -ne 3 ]; then cat "$work/migrate.err" >&2; log "migrate failed ($status)"; exit 1; fi; }
t1=$(now)
migrate_seconds=$(echo "$t1 - $t0" | bc -l)
migrate_requests=$("$python" -c 'import json,sys
r=json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k.lower().replace("_", "") in ("httprequests",): return v
            f = find(v)
            if f is not None: return f
    return None
print(find(r) if find(r) is not None else "n/a")' "$work/report.json")

log "listing the naive reader's pages"
url_summary=$("$python" "$support/bench_migrate_urls.py" --url "$SOCIALBRIDGE_SYNAPSE_URL" --admin-token "$SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN" --out "$work/urls.txt")
url_count=$(wc -l < "$work/urls.txt")

# One keep-alive curl per worker (a config file of url/output pairs each), $concurrency workers at once.
split -n "r/$concurrency" -d "$work/urls.txt" "$work/part."
for part in "$work"/part.*; do
    { echo "header = \"Authorization: Bearer $SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN\""; echo "silent"; echo "fail"; echo "globoff"
      while read -r url; do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done < "$part"; } > "$part.cfg"
done
log "replaying $url_count GETs with curl, $concurrency at a time"
t2=$(now)
ls "$work"/part.*.cfg | xargs -P "$concurrency" -n 1 curl -K
t3=$(now)
curl_seconds=$(echo "$t3 - $t2" | bc -l)
ratio=$(echo "$migrate_seconds / $curl_seconds" | bc -l)

printf 'bench migrate (%s cores, load average %s; Synapse on the same machine)\n' "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '  homeserver:          %s users, %s pairs (seeded once, cached in %s)\n' "$users" "$pairs" "$SOCIALBRIDGE_SYNAPSE_DIR"
printf '  naive reader pages:  %s\n' "$url_summary"
printf '  migrate wall time:   %.2f s (%s homeserver requests, concurrency %s)\n' "$migrate_seconds" "$migrate_requests" "$concurrency"
printf '  curl floor:          %.2f s (%s GETs, %s keep-alive workers)\n' "$curl_seconds" "$url_count" "$concurrency"
printf '  migrate / curl:      %.2fx (target <= 1.25x)\n' "$ratio"
printf '  migrate summary:     %s\n' "$(tail -n 3 "$work/migrate.out" | tr '\n' ' ')"
if [ "${BENCH_JSON:-0}" = 1 ]; then
    printf '{"benchmark":"migrate","users":%s,"pairs":%s,"concurrency":%s,"migrate_seconds":%.3f,"migrate_requests":"%s","curl_seconds":%.3f,"curl_requests":%s,"ratio":%.3f}\n' \
        "$users" "$pairs" "$concurrency" "$migrate_seconds" "$migrate_requests" "$curl_seconds" "$url_count" "$ratio"
fi
