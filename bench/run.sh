#!/usr/bin/env bash
# The benchmark (`make bench`; not part of `make test`). For each size:
#   corpus (deterministic) -> raw Kiwi on K fresh articles -> the real ingest of the same K articles
#   into an empty database (1 and 2 jobs) -> the whole corpus bulk-loaded (bench/bulkload.py) and the
#   search index built -> the production server (portal/ops/gunicorn.conf.py: preloaded Kiwi, 2 and 4
#   workers, 127.0.0.1 only) with the index and, as the baseline, with PostgreSQL alone
#   (SEARCH_BACKEND=postgres, today's design before the index) -> HTTP load (1 and 4 clients, no request
#   repeated within a pass) -> memory (RSS, PSS) -> the service alone -> simple/ILIKE baselines
#   with their recall -> the same K fresh articles ingested into a copy of the loaded archive, beside
#   raw Kiwi again -> bench/results/<size>.json and a printed summary. Once per run: the
#   near-duplicate quality measurement (bench/near_duplicates.py, results/near_duplicates.json).
#
#   bench/run.sh                        # sizes 10000 100000
#   BENCH_SIZES=1000000 bench/run.sh    # the large run (about an hour of bulk load)
#
# Knobs: BENCH_SIZES, BENCH_K (ingest sample, 2000), BENCH_INGEST_RUNS (3), BENCH_WORKERS ("2 4"), BENCH_PORT (8765),
# BENCH_LOAD_DURATION (s per pass, 120), BENCH_REQ_TIMEOUT (60), BENCH_SQL_BASELINE (1: also time
# PostgreSQL alone), BENCH_REUSE_DB=1 (keep a bulk-loaded database of the same size).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PY=.venv/bin/python
GUNICORN=.venv/bin/gunicorn
SIZES=${BENCH_SIZES:-"10000 100000"}
K=${BENCH_K:-2000}
WORKERS=${BENCH_WORKERS:-"2 4"}
PORT=${BENCH_PORT:-8765}
LOAD_DURATION=${BENCH_LOAD_DURATION:-120}
REQ_TIMEOUT=${BENCH_REQ_TIMEOUT:-60}
SQL_BASELINE=${BENCH_SQL_BASELINE:-1}
INGEST_RUNS=${BENCH_INGEST_RUNS:-3}

server_pid=""
# The server runs in its own session (setsid), so its process group holds the master and every
# worker. Stopping signals the whole group and waits until none of it is left: killing the master
# alone (as this script once did after 30 s, when a busy worker made the graceful stop take that
# long) orphaned workers that kept the port and went on answering for minutes, so the next server
# could not bind and exited, the next pass measured the old server, and `memory.py` found no
# process (100k articles, BENCH_WORKERS=4).
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- -"$server_pid" 2>/dev/null
    for _ in $(seq 1 45); do pgrep -g "$server_pid" >/dev/null || break; sleep 1; done
    pgrep -g "$server_pid" >/dev/null && kill -KILL -- -"$server_pid" 2>/dev/null
    for _ in $(seq 1 10); do pgrep -g "$server_pid" >/dev/null || break; sleep 1; done
  fi
  server_pid=""
}
port_free() { ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; }
trap stop_server EXIT INT TERM
step() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

unset DATABASE_URL  # the bench always uses its own databases in the embedded cluster
portal/ops/embedded_pg.sh start >/dev/null || { echo "bench: cannot start the embedded PostgreSQL" >&2; exit 1; }
export SECRET_KEY="bench-only-not-secret" ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false

serve() {  # serve <db> <backend> <workers> <run dir>: start gunicorn, wait until it answers
  local db=$1 backend=$2 w=$3 run=$4
  for _ in $(seq 1 30); do port_free && break; sleep 1; done
  port_free || { echo "port $PORT is taken by another process" >&2; return 1; }
  rm -f "$run/gunicorn.pid"
  # The bench is one client sending hundreds of requests a minute: the per-client limits are lifted.
  # It times making pages: the page cache is off (the 4-client pass repeats the 1-client pass's
  # URLs); `make loadtest` measures readers with it.
  EMBEDDED_PG_DB="$db" SEARCH_BACKEND="$backend" DJANGO_SETTINGS_MODULE=portal.settings.prod WEB_CONCURRENCY="$w" \
    PAGE_CACHE_SECONDS=0 RATE_LIMIT_API=1000000/1 RATE_LIMIT_EXPORT=1000000/1 EXPORTS_PER_CLIENT=0 \
    GUNICORN_BIND="127.0.0.1:$PORT" setsid $GUNICORN -c portal/ops/gunicorn.conf.py --pid "$run/gunicorn.pid" \
    portal.wsgi:application > "$run/gunicorn-$backend-w$w.log" 2>&1 &
  # The master's own pid, from its pid file: $! is setsid's when setsid had to fork (under job
  # control), and a port answered by anything else does not count as this server answering.
  for _ in $(seq 1 90); do
    sleep 1
    [ -s "$run/gunicorn.pid" ] || continue
    server_pid=$(cat "$run/gunicorn.pid")
    kill -0 "$server_pid" 2>/dev/null || return 1  # it exited (a port it could not bind, an error)
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/api/articles/?page_size=1" \
      && kill -0 "$server_pid" 2>/dev/null && return 0
  done
  return 1
}

for size in $SIZES; do
  run="bench/data/run-$size"
  db="archive_bench_$size"
  mkdir -p "$run"; notes="$run/notes.txt"; : > "$notes"

  step "size $size: corpus"
  timeout 7200 $PY bench/corpus.py --size "$size" >/dev/null || { echo "corpus generation failed" >> "$notes"; continue; }

  step "size $size: raw Kiwi and the real ingest of $K fresh articles into an empty archive"
  timeout 3600 $PY bench/ingest_profile.py --fresh --articles "$K" --runs "$INGEST_RUNS" --jobs 1 2 \
    --json "$run/ingest.json" || echo "ingest profile (empty archive) failed" >> "$notes"

  if [ -n "${BENCH_REUSE_DB:-}" ] && [ "$(psql -h "$root/var/run" -p 54329 -U archive -d "$db" -Atc 'select count(*) from articles_article' 2>/dev/null)" = "$size" ]; then
    step "size $size: reusing $db"
    EMBEDDED_PG_DB="$db" $PY manage.py migrate --noinput -v 0
  else
    step "size $size: bulk load into $db"
    psql -h "$root/var/run" -p 54329 -U archive -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    export EMBEDDED_PG_DB="$db"
    $PY manage.py migrate --noinput -v 0 && $PY manage.py load_outlets fixtures/outlets.json -v 0 \
      && $PY manage.py load_entities fixtures/policy_entities.json -v 0 >/dev/null \
      && timeout 14400 $PY bench/bulkload.py "bench/data/corpus-$size" | tail -1 > "$run/bulkload.json" \
      || { echo "bulk load failed" >> "$notes"; unset EMBEDDED_PG_DB; continue; }
    unset EMBEDDED_PG_DB
  fi
  EMBEDDED_PG_DB="$db" DJANGO_SETTINGS_MODULE=portal.settings.prod $PY manage.py collectstatic --noinput -v 0

  backends="tantivy"; [ "$SQL_BASELINE" = 1 ] && backends="tantivy postgres"
  for backend in $backends; do
    for w in $WORKERS; do
      [ "$backend" = postgres ] && [ "$w" != "${WORKERS%% *}" ] && continue  # the baseline once
      step "size $size: server ($backend, $w workers)"
      if ! serve "$db" "$backend" "$w" "$run"; then
        echo "gunicorn ($backend, $w workers) did not answer" >> "$notes"; stop_server; continue
      fi
      concurrency="1 4"; [ "$backend" = postgres ] && concurrency="1"
      timeout $((2 * LOAD_DURATION + 600)) $PY bench/load.py --port "$PORT" --size "$size" --concurrency $concurrency \
        --duration "$LOAD_DURATION" --timeout "$REQ_TIMEOUT" --warmup $((2 * w)) --json "$run/load-$backend-w$w.json" \
        || echo "load test ($backend, $w workers) failed" >> "$notes"
      if kill -0 "$server_pid" 2>/dev/null; then
        $PY bench/memory.py "$server_pid" --json "$run/memory-$backend-w$w.json" >/dev/null
      else
        echo "gunicorn ($backend, $w workers) exited during the load; see $run/gunicorn-$backend-w$w.log" >> "$notes"
      fi
      if [ "$backend" = tantivy ] && [ "$w" = "${WORKERS%% *}" ]; then
        step "size $size: the analyses through the server (bench/analyses.py)"
        timeout 3600 $PY bench/analyses.py --port "$PORT" --json "$run/analyses-server.json" >/dev/null \
          || echo "analyses through the server failed" >> "$notes"
        step "size $size: baselines (simple, ILIKE) against the portal's answers"
        timeout 3600 $PY bench/baselines.py --db "$db" --port "$PORT" --repeat 3 --json "$run/baselines.json" >/dev/null \
          || echo "baselines failed" >> "$notes"
      fi
      stop_server
    done
    step "size $size: the service alone ($backend)"
    EMBEDDED_PG_DB="$db" SEARCH_BACKEND="$backend" $PY bench/service.py --size "$size" --json "$run/service-$backend.json" \
      || echo "service timing ($backend) failed" >> "$notes"
  done
  step "size $size: the analyses in the service (bench/analyses.py)"
  EMBEDDED_PG_DB="$db" $PY bench/analyses.py --service --json "$run/analyses-service.json" >/dev/null \
    || echo "analyses in the service failed" >> "$notes"
  step "size $size: raw Kiwi and the real ingest of the same $K fresh articles into the $size archive"
  timeout 7200 $PY bench/ingest_profile.py --fresh --articles "$K" --runs "$INGEST_RUNS" --archive "$db" \
    --json "$run/ingest-archive.json" || echo "ingest profile (into the $size archive) failed" >> "$notes"
  psql -h "$root/var/run" -p 54329 -U archive -d postgres -qc "DROP DATABASE IF EXISTS archive_bench_profile WITH (FORCE)"
  rm -rf var/search/archive_bench_profile
  $PY bench/report.py --size "$size" --dir "$run"
done

step "near-duplicates: labelled pairs, candidate stage and cost (bench/near_duplicates.py)"
timeout 3600 $PY bench/near_duplicates.py --corpus-size "${SIZES%% *}" >/dev/null \
  || echo "bench: near-duplicate measurement failed" >&2
