#!/usr/bin/env bash
# The load test (`make loadtest`; not part of `make test`): locust against the production server
# (`make serve`'s settings and gunicorn configuration) on an archive of LOADTEST_ARTICLES synthetic
# articles (plus the demo's real ones), on loopback only. Three passes per server:
#   readers   LOADTEST_USERS readers (50) with 1-3 s between requests, for LOADTEST_DURATION;
#   capacity  the same readers without pauses: what the server answers flat out;
#   facets    one client, no pause: search pages with a filter in every facet group, each URL new.
# With LOADTEST_BASELINE=<git revision> the same passes run first against that revision's code
# (exported with `git archive`, same virtualenv, same database, same index), so before and after
# are measured in one run on the same machine. Results: bench/results/loadtest.json and a summary
# printed for bench/RESULTS.md.
#
# Knobs: LOADTEST_ARTICLES (20000), LOADTEST_USERS (50), LOADTEST_SPAWN_RATE (10 per s),
# LOADTEST_DURATION (60s), LOADTEST_FACET_DURATION (30s), LOADTEST_PASSES ("readers capacity
# facets"), LOADTEST_BASELINE (none), LOADTEST_PORT (8766), WEB_CONCURRENCY (4 workers),
# LOADTEST_CACHE_URL (none: the database cache; redis://… for Redis).
# The archive database (archive_load_<n>, embedded cluster) is kept between runs and reused when
# it already holds the articles.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
PY="$root/.venv/bin/python"
N=${LOADTEST_ARTICLES:-20000}
USERS=${LOADTEST_USERS:-50}
RATE=${LOADTEST_SPAWN_RATE:-10}
DURATION=${LOADTEST_DURATION:-60s}
FACET_DURATION=${LOADTEST_FACET_DURATION:-30s}
PASSES=${LOADTEST_PASSES:-"readers capacity facets"}
BASELINE=${LOADTEST_BASELINE:-}
PORT=${LOADTEST_PORT:-8766}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
db="archive_load_$N"
out="$root/bench/data/loadtest"
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

# What `make serve` does before serving, once, with this tree's code (both servers share the
# database and the index): migrations, the demo's articles, the index checked.
step "preparing $db (migrate, demo articles, search index)"
export DJANGO_SETTINGS_MODULE=portal.settings.prod SECRET_KEY=loadtest-only-not-secret
export DATABASE_URL="postgresql://archive@$(printf %s "$root/var/run" | sed 's|/|%2F|g'):${EMBEDDED_PG_PORT:-54329}/$db"
export SEARCH_INDEX_DIR="$root/var/search" TRUSTED_PROXY_COUNT=1
# The bench measures the server's cost: the per-client limits still run (their writes included)
# but are lifted far above what the passes send, so no answer is a cheap 429.
export RATE_LIMIT_API=1000000/1 RATE_LIMIT_EXPORT=1000000/1 EXPORTS_PER_CLIENT=0
# LOADTEST_CACHE_URL=redis://…: the shared cache in Redis instead of the database, as CACHE_URL.
if [ -n "${LOADTEST_CACHE_URL:-}" ]; then
  $PY -m pip install -q -e '.[redis]' || exit 1
  export CACHE_URL="$LOADTEST_CACHE_URL"
fi
$PY manage.py migrate --noinput -v 0 && $PY manage.py loaddemo -v 0 \
  && $PY manage.py search_index --check -v 0 || exit 1

server_pid=""
stop() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- -"$server_pid" 2>/dev/null
    for _ in $(seq 1 45); do pgrep -g "$server_pid" >/dev/null || break; sleep 1; done
    pgrep -g "$server_pid" >/dev/null && kill -KILL -- -"$server_pid" 2>/dev/null
  fi
  server_pid=""
}
trap stop EXIT INT TERM

serve() {  # serve <label> <source tree>: the production server of that tree's code, warmed up
  local label=$1 src=$2
  (cd "$src" && $PY manage.py check --deploy --fail-level ERROR >/dev/null && $PY manage.py collectstatic --noinput -v 0) || return 1
  # Each server starts with an empty page cache: pages another server's passes stored (under the
  # same archive version) would be hits this server never paid for.
  $PY manage.py shell -c "from django.core.cache import cache; cache.clear()" || return 1
  rm -f "$out/gunicorn.pid"
  # TRUSTED_PROXY_COUNT=1: each locust user sends its own X-Forwarded-For, so the rate limits see
  # fifty readers, as behind a reverse proxy, not one client.
  (cd "$src" && exec setsid "$root/.venv/bin/gunicorn" -c portal/ops/gunicorn.conf.py --pid "$out/gunicorn.pid" \
    --bind "127.0.0.1:$PORT" portal.wsgi) > "$out/serve-$label.log" 2>&1 &
  for _ in $(seq 1 300); do
    sleep 1
    [ -s "$out/gunicorn.pid" ] || continue
    server_pid=$(cat "$out/gunicorn.pid")
    kill -0 "$server_pid" 2>/dev/null || break
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/api/articles/?page_size=1" && break
  done
  if [ -z "$server_pid" ] || ! kill -0 "$server_pid" 2>/dev/null; then
    echo "loadtest: the $label server did not start; see $out/serve-$label.log" >&2; tail -20 "$out/serve-$label.log" >&2
    return 1
  fi
  # Each worker's first requests load what it reads lazily (the index, the dictionary): a few
  # seconds once per worker, after a deploy or a worker's recycling. Warmed up first, so the
  # figures are the steady state; the warm-up is not measured.
  step "$label: warming up $WEB_CONCURRENCY workers"
  for _ in $(seq 1 $((4 * WEB_CONCURRENCY))); do
    pids=()
    for path in "/search/?q=%EC%A0%95%EB%B6%80" "/api/articles/?q=AI" "/articles/100/" "/people/bae-kyunghoon/" "/"; do
      curl -s -o /dev/null --max-time 60 -H "X-Forwarded-For: 10.254.0.1" "http://127.0.0.1:$PORT$path" &
      pids+=($!)
    done
    wait "${pids[@]}"  # not a bare wait: that would wait for the server too
  done
}

run_passes() {  # run_passes <label>
  local label=$1 status=0
  for pass in $PASSES; do
    local dir="$out/$label-$pass" users=$USERS wait="1 3" class=Reader duration=$DURATION
    case $pass in
      capacity) wait="0 0" ;;
      facets) users=1 class=FacetReader duration=$FACET_DURATION ;;
    esac
    mkdir -p "$dir"
    step "$label, $pass: $users users ($class, think $wait s), $duration"
    LOADTEST_WAIT="$wait" LOADTEST_TALLY="$dir/page_cache.json" $PY -m locust -f bench/loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
      -u "$users" -r "$RATE" -t "$duration" --stop-timeout 30 --csv "$dir/locust" --only-summary "$class" \
      > "$dir/locust.log" 2>&1 || status=1
    $PY bench/memory.py "$server_pid" --json "$dir/memory.json" >/dev/null 2>&1 || true
  done
  return $status
}

labels=()
status=0
if [ -n "$BASELINE" ]; then
  base="$out/baseline-src"
  rm -rf "$base" && mkdir -p "$base"
  git archive "$BASELINE" | tar -x -C "$base" || exit 1
  step "baseline $(git rev-parse --short "$BASELINE"): serving from $base"
  serve baseline "$base" && { run_passes baseline || status=1; }
  stop
  labels+=(baseline)
fi
step "current $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench' || echo ' (with uncommitted changes)')"
serve current "$root" && { run_passes current || status=1; }
stop
labels+=(current)

$PY bench/loadtest/report.py --dir "$out" --labels "${labels[@]}" --passes $PASSES --users "$USERS" \
  --articles "$N" --workers "$WEB_CONCURRENCY" --baseline "${BASELINE:-}" --json bench/results/loadtest.json || status=1
exit $status
