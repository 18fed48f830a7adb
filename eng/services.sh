#!/usr/bin/env bash
# Starts (or stops) the throwaway servers the PostgreSQL and S3 tests use, on loopback only:
#   eval "$(eng/services.sh start)"   # prints export REELGATE_TEST_POSTGRES=… REELGATE_TEST_S3=…
#   eng/services.sh stop
# PostgreSQL: a private cluster (initdb) under $TMPDIR/reelgate-pg-PORT, trust auth on 127.0.0.1, needs
# Debian's postgresql package. S3: s3rver from npm (test/s3rver) with the bucket reelgate-test.
# A server already named by REELGATE_TEST_POSTGRES / REELGATE_TEST_S3 is used as is. What cannot be
# started is reported on stderr; its tests then skip (or fail when REELGATE_REQUIRE_SERVICES=1).
set -uo pipefail
cd "$(dirname "$0")/.."

root="$PWD/artifacts/services"
pg_port="${REELGATE_PG_PORT:-55432}"
# Outside the checkout: as root the cluster runs as the postgres user, who may not reach into it.
pg_root="${TMPDIR:-/tmp}/reelgate-pg-$pg_port"
s3_port="${REELGATE_S3_PORT:-45690}"

as_pg_owner() {
  # initdb and postgres refuse to run as root; Debian's package creates the postgres user.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

start_postgres() {
  if [ -n "${REELGATE_TEST_POSTGRES:-}" ]; then echo "export REELGATE_TEST_POSTGRES='$REELGATE_TEST_POSTGRES'"; return; fi
  local bin data="$pg_root/data" socket="$pg_root/socket" log="$pg_root/postgres.log"
  bin=$(pg_bin) || { echo "services: PostgreSQL not installed (apt-get install postgresql); its tests will skip" >&2; return; }
  mkdir -p "$pg_root" "$socket"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$pg_root"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$data" -U reelgate --auth=trust -E UTF8 --no-locale >"$pg_root/initdb.log" 2>&1 \
      || { echo "services: initdb failed, see $pg_root/initdb.log" >&2; return; }
  fi
  if ! as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Tuned for throwaway test data: durability off, enough connections for three gateway nodes.
    as_pg_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
      -o "-p $pg_port -k $socket -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
      || { echo "services: PostgreSQL did not start, see $log" >&2; return; }
  fi
  echo "export REELGATE_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=reelgate;Database=postgres'"
}

start_s3() {
  if [ -n "${REELGATE_TEST_S3:-}" ]; then echo "export REELGATE_TEST_S3='$REELGATE_TEST_S3'"; return; fi
  command -v node >/dev/null 2>&1 || { echo "services: node not on PATH; the S3 tests will skip" >&2; return; }
  local lock_hash stamp=test/s3rver/node_modules/.reelgate-lock.sha256
  lock_hash=$(sha256sum test/s3rver/package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
    npm ci --prefix test/s3rver --no-audit --no-fund --loglevel=error >/dev/null \
      || { echo "services: npm ci --prefix test/s3rver failed; the S3 tests will skip" >&2; return; }
    echo "$lock_hash" >"$stamp"
  fi
  mkdir -p "$root/s3"
  if [ -f "$root/s3/pid" ] && kill -0 "$(cat "$root/s3/pid")" 2>/dev/null; then
    echo "export REELGATE_TEST_S3='http://127.0.0.1:$s3_port'"; return
  fi
  rm -rf "$root/s3/data"
  nohup node test/s3rver/start.mjs "$s3_port" "$root/s3/data" >"$root/s3/s3rver.log" 2>&1 &
  echo $! >"$root/s3/pid"
  for _ in $(seq 1 100); do
    grep -q '^ready' "$root/s3/s3rver.log" 2>/dev/null && { echo "export REELGATE_TEST_S3='http://127.0.0.1:$s3_port'"; return; }
    kill -0 "$(cat "$root/s3/pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "services: s3rver did not start, see $root/s3/s3rver.log" >&2
}

stop_all() {
  local bin
  if bin=$(pg_bin) && [ -f "$pg_root/data/PG_VERSION" ]; then
    as_pg_owner "$bin/pg_ctl" -D "$pg_root/data" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -f "$root/s3/pid" ]; then kill "$(cat "$root/s3/pid")" 2>/dev/null || true; rm -f "$root/s3/pid"; fi
}

case "${1:-start}" in
  start) start_postgres; start_s3 ;;
  stop) stop_all ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
