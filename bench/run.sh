#!/usr/bin/env bash
# The benchmark: for each corpus size, generate -> fresh DB -> migrate -> entities -> ingest (timed)
# -> production server (gunicorn, 2 and 4 workers, 127.0.0.1 only) -> load test -> memory
# -> baselines -> bench/results/<size>.json plus a printed summary.
#
#   bench/run.sh                          # sizes 10000 100000
#   BENCH_SIZES=2000 bench/run.sh         # a quick check
#   BENCH_SIZES=1000000 bench/run.sh      # the large run (only when asked for)
#
# Knobs (environment): BENCH_SIZES, BENCH_K (articles timed into an empty DB, default 5000),
# BENCH_INGEST_TIMEOUT (s for the rest of the corpus, default 3600), BENCH_WORKERS ("2 4"),
# BENCH_PORT (8765), BENCH_LOAD_DURATION (s per load pass, default 300), BENCH_REQ_TIMEOUT (60),
# BENCH_KIWI_RUNS (3), BENCH_BASELINE_REPEAT (5), BENCH_REUSE_DB=1 (keep the database and results
# of an earlier run of the same size and redo only the server steps, e.g. with BENCH_WORKERS=4).
# Databases: archive_bench_<size> in the embedded cluster (var/run socket); see bench/common.py.
# The production settings get SECRET_KEY/ALLOWED_HOSTS from here and SECURE_SSL_REDIRECT=false
# (plain HTTP on loopback); collectstatic fills var/staticfiles, which the manifest storage needs.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PY=.venv/bin/python
GUNICORN=.venv/bin/gunicorn
SIZES=${BENCH_SIZES:-"10000 100000"}
K=${BENCH_K:-5000}
INGEST_TIMEOUT=${BENCH_INGEST_TIMEOUT:-3600}
WORKERS=${BENCH_WORKERS:-"2 4"}
PORT=${BENCH_PORT:-8765}
LOAD_DURATION=${BENCH_LOAD_DURATION:-300}
REQ_TIMEOUT=${BENCH_REQ_TIMEOUT:-60}
KIWI_RUNS=${BENCH_KIWI_RUNS:-3}
REPEAT=${BENCH_BASELINE_REPEAT:-5}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  fi
  server_pid=""
}
trap stop_server EXIT INT TERM

step() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

if [ -z "${DATABASE_URL:-}" ]; then :; else
  echo "bench: DATABASE_URL is set but the bench always uses the embedded cluster (archive_bench_* databases)" >&2
fi
unset DATABASE_URL
portal/embedded_pg.sh start >/dev/null || { echo "bench: cannot start the embedded PostgreSQL" >&2; exit 1; }

for size in $SIZES; do
  run="bench/data/run-$size"
  db="archive_bench_$size"
  k=$(( K < size ? K : size ))
  notes="$run/notes.txt"
  declare -A took=()
  t() { local name=$1; shift; local s=$SECONDS; "$@"; local rc=$?; took[$name]="$((SECONDS - s)) $rc"; return $rc; }
  if [ -n "${BENCH_REUSE_DB:-}" ] && [ -s "$run/ingest_k.json" ]; then
    # Server-side steps only, on the database and results an earlier run left (e.g. after a failed server).
    step "size $size: reusing $db and $run (BENCH_REUSE_DB)"
    [ -s "$notes" ] && mv "$notes" "$run/notes-previous.txt"; : > "$notes"
    # The project's schema may have moved on since: bring the database up to date first.
    EMBEDDED_PG_DB="$db" t migrate timeout 1800 $PY manage.py migrate --noinput -v 0 || echo "migrate of $db failed" >> "$notes"
  else
  rm -rf "$run"; mkdir -p "$run"; : > "$notes"

  step "size $size: corpus"
  t corpus timeout 7200 $PY bench/corpus.py --size "$size" || { echo "corpus generation failed" >> "$notes"; continue; }

  step "size $size: kiwi raw on $k articles"
  t kiwi timeout 3600 $PY bench/kiwi_raw.py --size "$size" --articles "$k" --runs "$KIWI_RUNS" --json "$run/kiwi.json" >/dev/null \
    || echo "kiwi_raw failed" >> "$notes"

  step "size $size: fresh database $db, migrate, load_entities, ingest $k articles (timed)"
  kiwi_arg=(); [ -s "$run/kiwi.json" ] && kiwi_arg=(--kiwi-json "$run/kiwi.json")
  t ingest_k timeout $((INGEST_TIMEOUT + 900)) $PY bench/ingest_rate.py --size "$size" --articles "$k" --db "$db" \
      --timeout "$INGEST_TIMEOUT" "${kiwi_arg[@]}" --json "$run/ingest_k.json" >/dev/null \
    || { echo "ingest of the first $k articles failed" >> "$notes"; continue; }
  grep -q '"exit_code": 0' "$run/ingest_k.json" || echo "manage.py ingest exited non-zero (first $k); see bench/data/ingest-$size-$k.log" >> "$notes"

  if [ "$size" -gt "$k" ]; then
    step "size $size: ingest the rest (limit ${INGEST_TIMEOUT}s)"
    t ingest_rest timeout $((INGEST_TIMEOUT + 120)) $PY bench/ingest_rate.py --size "$size" --rest --db "$db" \
        --timeout "$INGEST_TIMEOUT" --json "$run/ingest_rest.json" >/dev/null || echo "ingest of the rest failed" >> "$notes"
    grep -q '"exit_code": 0' "$run/ingest_rest.json" 2>/dev/null \
      || echo "manage.py ingest exited non-zero (rest); see bench/data/ingest-$size-all.log" >> "$notes"
    if grep -q '"timed_out": true' "$run/ingest_rest.json" 2>/dev/null; then
      echo "ingest stopped after ${INGEST_TIMEOUT}s: the server tests ran on a partly loaded database (see ingest_rest.articles_in_db)" >> "$notes"
    fi
  fi
  fi  # BENCH_REUSE_DB

  if [ ! -x "$GUNICORN" ]; then
    echo "gunicorn is not installed in .venv (pip install gunicorn): no server, load, memory or baseline reference" >> "$notes"
    t baselines timeout 1800 $PY bench/baselines.py --db "$db" --no-reference --repeat "$REPEAT" --json "$run/baselines.json" >/dev/null
  else
    export SECRET_KEY="bench-only-not-secret" ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false
    export DJANGO_SETTINGS_MODULE=portal.settings.prod EMBEDDED_PG_DB="$db"
    t collectstatic timeout 600 $PY manage.py collectstatic --noinput -v 0 || echo "collectstatic failed" >> "$notes"
    first=1
    for w in $WORKERS; do
      step "size $size: gunicorn with $w workers on 127.0.0.1:$PORT"
      setsid $GUNICORN portal.wsgi:application --workers "$w" --bind "127.0.0.1:$PORT" --timeout 120 \
        --access-logfile - --error-logfile - > "$run/gunicorn-w$w.log" 2>&1 &
      server_pid=$!
      ready=""
      for _ in $(seq 1 60); do
        if curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/api/articles/?page_size=1"; then ready=1; break; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 1
      done
      if [ -z "$ready" ]; then
        echo "gunicorn ($w workers) did not answer; see $run/gunicorn-w$w.log" >> "$notes"; stop_server; continue
      fi
      step "size $size: load test ($w workers)"
      t "load_w$w" timeout $((2 * LOAD_DURATION + 4 * REQ_TIMEOUT + 300)) $PY bench/load.py --port "$PORT" --size "$size" \
          --duration "$LOAD_DURATION" --timeout "$REQ_TIMEOUT" --warmup $((2 * w)) --json "$run/load-w$w.json" \
        || echo "load test ($w workers) failed" >> "$notes"
      t "memory_w$w" $PY bench/memory.py "$server_pid" --json "$run/memory-w$w.json" >/dev/null
      if [ -n "$first" ]; then
        step "size $size: baselines (reference sets from the portal)"
        t baselines timeout 3600 $PY bench/baselines.py --db "$db" --port "$PORT" --repeat "$REPEAT" \
            --json "$run/baselines.json" >/dev/null || echo "baselines failed" >> "$notes"
        first=""
      fi
      stop_server
    done
    unset DJANGO_SETTINGS_MODULE EMBEDDED_PG_DB
  fi

  [ -s "$run/steps.json" ] && [ -n "${BENCH_REUSE_DB:-}" ] && cp "$run/steps.json" "$run/steps-previous.json"
  { echo "{"; sep=""; for name in "${!took[@]}"; do set -- ${took[$name]}
      printf '%s  "%s": {"seconds": %s, "exit": %s}' "$sep" "$name" "$1" "$2"; sep=$',\n'; done; echo; echo "}"; } > "$run/steps.json"
  $PY bench/report.py --size "$size" --dir "$run"
  unset took
done
