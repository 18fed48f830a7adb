#!/usr/bin/env bash
# Storage benchmark: the same HTTP hot paths (status of a succeeded job, generate's accept path)
# on the embedded SQLite store and on PostgreSQL, one after the other in one run, with wrk on
# loopback. PostgreSQL is the private cluster of eng/services.sh (or REELGATE_TEST_POSTGRES), on
# the same 2 cores. Writes the table into docs/BENCHMARKS.md.
#
#   bench/run-storage.sh              # 10 s per scenario, 2 threads, 32 connections
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "install postgresql: apt-get install -y postgresql" >&2; exit 1; }

eval "$(./eng/services.sh start 2>/dev/null | grep REELGATE_TEST_POSTGRES)"
[ -n "${REELGATE_TEST_POSTGRES:-}" ] || { echo "PostgreSQL did not start (eng/services.sh)" >&2; exit 1; }

dotnet build src/Reelgate.Server -c Release -nologo -v quiet
SERVER=artifacts/bin/Reelgate.Server/release/Reelgate.Server.dll
DATA=$(mktemp -d)
DB="rg_bench_$$"
pg_url() { # libpq URL for database $1 from the key=value connection string
  python3 - "$REELGATE_TEST_POSTGRES" "$1" <<'PY'
import sys
d = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
print("postgresql://%s@%s:%s/%s" % (d.get("Username", "postgres"), d.get("Host", "127.0.0.1"), d.get("Port", "5432"), sys.argv[2]))
PY
}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  psql "$(pg_url postgres)" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh

psql "$(pg_url postgres)" -qc "CREATE DATABASE $DB" >/dev/null
PG_CONNECTION="$(sed -E 's/Database=[^;]*/Database='"$DB"'/' <<<"$REELGATE_TEST_POSTGRES")"

# Runs status and generate against one store. Args: name, then env assignments selecting the store.
bench_store() {
  local name=$1; shift
  local data="$DATA/$name" port=18090
  mkdir -p "$data"
  local key id
  key=$(env REELGATE_DATA_DIR="$data" "$@" dotnet "$SERVER" admin create-key --project bench)
  export REELGATE_API_KEY="$key"
  env REELGATE_DATA_DIR="$data" "$@" dotnet "$SERVER" --urls "http://127.0.0.1:$port" >"$data/setup.log" 2>&1 & pids+=($!)
  wait_up "http://127.0.0.1:$port/healthz"
  id=$(render_job "http://127.0.0.1:$port" "$key")
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

  env REELGATE_DATA_DIR="$data" "$@" Logging__LogLevel__Default=Warning Reelgate__Dispatcher__Enabled=false \
    Reelgate__RateLimits__Enabled=false dotnet "$SERVER" --urls "http://127.0.0.1:$port" >"$data/gateway.log" 2>&1 & pids+=($!)
  wait_up "http://127.0.0.1:$port/healthz"
  run "$name-status" "http://127.0.0.1:$port/v1/video/status/$id" status.lua
  run "$name-generate" "http://127.0.0.1:$port/v1/video/generate" generate.lua
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
}

sqlite=$(bench_store sqlite Reelgate__Storage__Provider=Sqlite)
postgres=$(bench_store postgres Reelgate__Storage__Provider=Postgres "ConnectionStrings__Reelgate=$PG_CONNECTION")
printf '%s\n%s\n' "$sqlite" "$postgres"

line() { grep "^$1 " <<<"$2"; }
ss=$(line sqlite-status "$sqlite"); sg=$(line sqlite-generate "$sqlite")
ps=$(line postgres-status "$postgres"); pg=$(line postgres-generate "$postgres")
table=$(cat <<TABLE
| scenario | SQLite req/s | SQLite p50 / p99 ms | PostgreSQL req/s | PostgreSQL p50 / p99 ms | PostgreSQL / SQLite |
| --- | ---: | ---: | ---: | ---: | ---: |
| \`GET /v1/video/status/{id}\` | $(field "$ss" rps) | $(field "$ss" p50_ms) / $(field "$ss" p99_ms) | $(field "$ps" rps) | $(field "$ps" p50_ms) / $(field "$ps" p99_ms) | $(ratio "$(field "$ps" rps)" "$(field "$ss" rps)") |
| \`POST /v1/video/generate\` | $(field "$sg" rps) | $(field "$sg" p50_ms) / $(field "$sg" p99_ms) | $(field "$pg" rps) | $(field "$pg" p50_ms) / $(field "$pg" p99_ms) | $(ratio "$(field "$pg" rps)" "$(field "$sg" rps)") |
TABLE
)
echo "$table"

replace_section storage "Measured $(date -u +%Y-%m-%d) ($(nproc) cores shared by wrk, the gateway and PostgreSQL), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\` after a 5 s warm-up, Release build, dispatcher off, rate limits off, file blobs. PostgreSQL $(psql "$(pg_url postgres)" -tAc 'SHOW server_version' | cut -d' ' -f1) from Debian's packages with the test cluster's settings (fsync off: an upper bound for its latency share).

$table"
