#!/usr/bin/env bash
# The embedded PostgreSQL cluster used when DATABASE_URL is unset: data in var/pg,
# socket in var/run, no TCP listener, so it never clashes with a system server on 5432.
# EMBEDDED_PG_DIR moves all three (pg, run, log) elsewhere: a throwaway cluster for a test.
# Usage: portal/ops/embedded_pg.sh start|stop|status
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
vardir="${EMBEDDED_PG_DIR:-$root/var}"
mkdir -p "$vardir"
vardir=$(cd "$vardir" && pwd)
data="$vardir/pg"
run="$vardir/run"
log="$vardir/log/postgresql.log"
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

# Several `make` runs in one checkout may start the cluster at once; one at a time decides whether
# it runs and cleans up after a crash, or one could take the other's new server for a leftover.
serialize() {
  if command -v flock >/dev/null 2>&1 && { exec 9>>"$vardir/.embedded_pg.lock"; } 2>/dev/null; then
    flock -w 300 9 || { echo "embedded-pg: another start or stop holds $vardir/.embedded_pg.lock" >&2; exit 1; }
  fi
}

# The processes of THIS cluster: every postgres process runs with the data directory as its working
# directory, whatever its title says. Matching on that never touches the system server or another
# checkout's cluster. Empty where /proc is not available (then pg_ctl alone decides, as before).
cluster_pids() {
  [ -d /proc/self ] || return 0
  local real pattern cwd pid
  real=$(cd "$data" && pwd -P)
  # One find for every process (a readlink each is hundreds of forks); the exe check then only
  # for the few working here. -lname takes a pattern: the path's glob characters are escaped.
  pattern=$(printf '%s' "$real" | sed 's/[][*?\\]/\\&/g')
  for cwd in $(find /proc/[0-9]*/cwd -maxdepth 0 -lname "$pattern" 2>/dev/null || true); do
    pid=${cwd#/proc/}
    pid=${pid%/cwd}
    case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in */postgres | */postgres\ \(deleted\)) echo "$pid" ;; esac
  done
}

# The postmaster is running when postmaster.pid names a live process that is one of ours. pg_ctl
# status only asks whether that pid is alive: after a kill -9 the pid may belong to anything.
running() {
  [ -s "$data/postmaster.pid" ] || return 1
  if [ ! -d /proc/self ]; then
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
    return
  fi
  local pid pids
  pid=$(head -n 1 "$data/postmaster.pid")
  pids=$(cluster_pids)
  grep -qx "$pid" <<<"$pids"
}

# After the postmaster was killed hard (kill -9, the OOM killer), its children may live on: a
# backend busy in a query does not notice, and while any of them holds the old shared memory
# PostgreSQL refuses to start ("pre-existing shared memory block is still in use"). They are
# killed; the lock files, which may name a pid since reused by an unrelated process (PostgreSQL
# then believes another server runs), are removed. The next start replays the WAL: crash recovery.
clean_up_after_crash() {
  local leftovers
  leftovers=$(cluster_pids | tr '\n' ' ')
  if [ -n "${leftovers// /}" ]; then
    echo "embedded-pg: the server was killed; stopping its leftover processes: $leftovers" >&2
    # shellcheck disable=SC2086
    kill -KILL $leftovers 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -z "$(cluster_pids)" ] && break
      sleep 0.1
    done
    if [ -n "$(cluster_pids)" ]; then
      echo "embedded-pg: processes of $data survive SIGKILL: $(cluster_pids | tr '\n' ' ')" >&2
      exit 1
    fi
  fi
  if [ -e "$data/postmaster.pid" ] || [ -e "$run/.s.PGSQL.$port.lock" ]; then
    rm -f "$data/postmaster.pid" "$run/.s.PGSQL.$port.lock" "$run/.s.PGSQL.$port"
  fi
}

psql_admin() { "$bindir/psql" -h "$run" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

start() {
  prepare_dirs
  serialize
  if [ ! -s "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null 9>&-
  fi
  if ! running; then
    clean_up_after_crash
    # fsync and full-page writes on: a crash of the machine, or of the server mid-write, loses
    # nothing it reported committed before the last WAL flush and never corrupts a page.
    # synchronous_commit off: a commit returns before its WAL reaches the disk, so a crash may
    # lose the last few hundred milliseconds of commits (never part of one) — worth it for ingest.
    # The timeout leaves room for crash recovery replaying the WAL. 9>&-: the server must not
    # inherit (and hold forever) the lock taken by serialize.
    as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 300 \
      -o "-c listen_addresses='' -k $run -p $port -c fsync=on -c synchronous_commit=off -c full_page_writes=on" \
      start >/dev/null 9>&-
  fi
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_admin -c "CREATE DATABASE \"$db\""
  fi
  echo "embedded-pg: running (socket $run, port $port, database $db)"
}

stop() {
  if [ ! -s "$data/PG_VERSION" ]; then
    echo "embedded-pg: not running"
    return
  fi
  serialize
  if running; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "embedded-pg: stopped"
  else
    clean_up_after_crash
    echo "embedded-pg: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if [ -s "$data/PG_VERSION" ] && running; then echo "embedded-pg: running"; else echo "embedded-pg: stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
