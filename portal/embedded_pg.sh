#!/usr/bin/env bash
# The embedded PostgreSQL cluster used when DATABASE_URL is unset: data in var/pg,
# socket in var/run, no TCP listener, so it never clashes with a system server on 5432.
# Usage: portal/embedded_pg.sh start|stop|status
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/var/pg"
run="$root/var/run"
log="$root/var/log/postgresql.log"
port="${EMBEDDED_PG_PORT:-54329}"
db="${EMBEDDED_PG_DB:-archive}"
user="${EMBEDDED_PG_USER:-archive}"

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] && command -v pg_ctl >/dev/null 2>&1; then d=$(dirname "$(command -v pg_ctl)"); fi
  echo "$d"
}

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "embedded-pg: no PostgreSQL server binaries found; installing Debian's postgresql" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
  fi
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "embedded-pg: PostgreSQL server binaries not found; install postgresql or set DATABASE_URL" >&2
  exit 1
fi

# initdb and postgres refuse to run as root: run the cluster as the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dirs() {
  mkdir -p "$data" "$run" "$(dirname "$log")"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$data" "$run" "$(dirname "$log")"
    chmod 700 "$data"
    chmod 755 "$run"
  fi
}

running() { as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

psql_admin() { "$bindir/psql" -h "$run" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

start() {
  prepare_dirs
  if [ ! -s "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! running; then
    as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-c listen_addresses='' -k $run -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  fi
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_admin -c "CREATE DATABASE \"$db\""
  fi
  echo "embedded-pg: running (socket $run, port $port, database $db)"
}

stop() {
  if [ -s "$data/PG_VERSION" ] && running; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "embedded-pg: stopped"
  else
    echo "embedded-pg: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "embedded-pg: running"; else echo "embedded-pg: stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
