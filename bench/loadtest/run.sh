#!/usr/bin/env bash
# The load test (`make loadtest`; not part of `make test`): locust, 50 users for 60 s, against
# `make serve` on an archive of LOADTEST_ARTICLES synthetic articles (plus the demo's real ones),
# on loopback only. Results: bench/results/loadtest.json and a summary printed for bench/RESULTS.md.
#
# Knobs: LOADTEST_ARTICLES (20000), LOADTEST_USERS (50), LOADTEST_SPAWN_RATE (10 per s),
# LOADTEST_DURATION (60s), LOADTEST_PORT (8766), WEB_CONCURRENCY (4 workers).
# The archive database (archive_load_<n>, embedded cluster) is kept between runs and reused when
# it already holds the articles.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
PY=.venv/bin/python
N=${LOADTEST_ARTICLES:-20000}
USERS=${LOADTEST_USERS:-50}
RATE=${LOADTEST_SPAWN_RATE:-10}
DURATION=${LOADTEST_DURATION:-60s}
PORT=${LOADTEST_PORT:-8766}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
db="archive_load_$N"
out="bench/data/loadtest"
mkdir -p "$out" bench/results
step() { echo "[loadtest $(date +%H:%M:%S)] $*" >&2; }

unset DATABASE_URL  # always its own database in the embedded cluster
portal/ops/embedded_pg.sh start >/dev/null || { echo "loadtest: cannot start the embedded PostgreSQL" >&2; exit 1; }
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -h "$root/var/run" -p "${EMBEDDED_PG_PORT:-54329}" -U archive "$@"; }

if [ "$(psql_ -d "$db" -Atc 'select count(*) from articles_article' 2>/dev/null || echo 0)" -lt "$N" ]; then
  step "building $db: $N synthetic articles (bench/corpus.py, bench/bulkload.py)"
  $PY bench/corpus.py --size "$N" >/dev/null || exit 1
  psql_ -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
  EMBEDDED_PG_DB="$db" $PY manage.py migrate --noinput -v 0 \
    && EMBEDDED_PG_DB="$db" $PY manage.py load_outlets fixtures/outlets.json -v 0 \
    && EMBEDDED_PG_DB="$db" $PY manage.py load_entities fixtures/policy_entities.json -v 0 >/dev/null \
    && EMBEDDED_PG_DB="$db" $PY bench/bulkload.py "bench/data/corpus-$N" | tail -1 || exit 1
fi

step "make serve on 127.0.0.1:$PORT ($WEB_CONCURRENCY workers, database $db)"
# TRUSTED_PROXY_COUNT=1: each locust user sends its own X-Forwarded-For, so the rate limits see
# fifty readers, as behind a reverse proxy, not one client.
EMBEDDED_PG_DB="$db" PORT=$PORT TRUSTED_PROXY_COUNT=1 setsid make serve > "$out/serve.log" 2>&1 &
serve_pid=$!
stop() { kill -TERM -- -"$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; }
trap stop EXIT INT TERM
for _ in $(seq 1 300); do
  curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/api/articles/?page_size=1" && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "loadtest: make serve exited; see $out/serve.log" >&2; tail -20 "$out/serve.log" >&2; exit 1; }
  sleep 1
done
master=$(pgrep -f "gunicorn.*--bind 127.0.0.1:$PORT" | head -1)
# Each worker's first requests load what it reads lazily (Kiwi's first analysis, the index, the
# dictionary): a few seconds once per worker, after a deploy or a worker's recycling. Warm them
# up first, so the figures are the steady state; the warm-up is not measured.
step "warming up $WEB_CONCURRENCY workers"
for _ in $(seq 1 $((4 * WEB_CONCURRENCY))); do
  pids=()
  for path in "/search/?q=%EC%A0%95%EB%B6%80" "/api/articles/?q=AI" "/articles/100/" "/people/bae-kyunghoon/" "/"; do
    curl -s -o /dev/null --max-time 60 -H "X-Forwarded-For: 10.254.0.1" "http://127.0.0.1:$PORT$path" &
    pids+=($!)
  done
  wait "${pids[@]}"  # not a bare wait: that would wait for the server too
done

step "locust: $USERS users, $DURATION"
$PY -m locust -f bench/loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r "$RATE" -t "$DURATION" --stop-timeout 30 --csv "$out/locust" --only-summary \
  > "$out/locust.log" 2>&1
status=$?
$PY bench/memory.py "$master" --json "$out/memory.json" >/dev/null 2>&1 || true
$PY bench/loadtest/report.py --dir "$out" --users "$USERS" --articles "$N" --workers "$WEB_CONCURRENCY" \
  --json bench/results/loadtest.json
exit $status
