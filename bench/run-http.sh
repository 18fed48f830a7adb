#!/usr/bin/env bash
# HTTP hot-path benchmark: wrk against a gateway on loopback (embedded default, Release build),
# next to Kestrel's minimal "hello" endpoint measured in the same run as the ceiling.
# Writes the table into docs/BENCHMARKS.md.
#
#   bench/run-http.sh                 # 10 s per scenario, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 bench/run-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }

dotnet build src/Reelgate.Server -c Release -nologo -v quiet
dotnet build bench/Reelgate.Bench.Hello -c Release -nologo -v quiet
SERVER=artifacts/bin/Reelgate.Server/release/Reelgate.Server.dll
HELLO=artifacts/bin/Reelgate.Bench.Hello/release/Reelgate.Bench.Hello.dll
DATA=$(mktemp -d)
DATA2=$(mktemp -d)
export REELGATE_DATA_DIR="$DATA"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$DATA" "$DATA2"; }
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh

# 1. Make one real job with the dispatcher on, then restart API-only so rendering cannot steal CPU.
KEY=$(dotnet "$SERVER" admin create-key --project bench)
export REELGATE_API_KEY="$KEY"
dotnet "$SERVER" --urls http://127.0.0.1:18080 >"$DATA/setup.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18080/healthz
ID=$(render_job http://127.0.0.1:18080 "$KEY")
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
# A copy of the data for the second gateway below: two processes on one SQLite file would make
# each other's writers wait.
cp -a "$DATA/." "$DATA2/"

# The per-key limiter stays on (its cost is part of the hot path) with limits far above what wrk
# can send, so no answer is a 429.
Logging__LogLevel__Default=Warning Reelgate__Dispatcher__Enabled=false \
  Reelgate__RateLimits__ReadsPerSecond=1000000 Reelgate__RateLimits__ReadsBurst=1000000 \
  Reelgate__RateLimits__GeneratePerMinute=1000000 Reelgate__RateLimits__GenerateBurst=1000000 \
  dotnet "$SERVER" --urls http://127.0.0.1:18080 >"$DATA/gateway.log" 2>&1 & pids+=($!)
dotnet "$HELLO" --urls http://127.0.0.1:18081 >"$DATA/hello.log" 2>&1 & pids+=($!)
# The same gateway with ASP.NET Core's per-request meters on, to price them in the same run.
REELGATE_DATA_DIR="$DATA2" Logging__LogLevel__Default=Warning Reelgate__Dispatcher__Enabled=false Reelgate__Server__HttpMetricsEnabled=true \
  Reelgate__RateLimits__ReadsPerSecond=1000000 Reelgate__RateLimits__ReadsBurst=1000000 \
  dotnet "$SERVER" --urls http://127.0.0.1:18082 >"$DATA/gateway-httpmetrics.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18080/healthz
wait_up http://127.0.0.1:18081/hello
wait_up http://127.0.0.1:18082/healthz

hello=$(run hello http://127.0.0.1:18081/hello hello.lua)
status=$(run status "http://127.0.0.1:18080/v1/video/status/$ID" status.lua)
metered=$(run status-httpmetrics "http://127.0.0.1:18082/v1/video/status/$ID" status.lua)
generate=$(run generate http://127.0.0.1:18080/v1/video/generate generate.lua)
printf '%s\n%s\n%s\n%s\n' "$hello" "$status" "$metered" "$generate"

h=$(field "$hello" rps); s=$(field "$status" rps); m=$(field "$metered" rps); g=$(field "$generate" rps)

table=$(cat <<TABLE
| scenario | requests/s | p50 ms | p99 ms | share of hello |
| --- | ---: | ---: | ---: | ---: |
| Kestrel minimal \`GET /hello\` (ceiling) | $h | $(field "$hello" p50_ms) | $(field "$hello" p99_ms) | 100% |
| \`GET /v1/video/status/{id}\` (succeeded job, 2 signed URLs) | $s | $(field "$status" p50_ms) | $(field "$status" p99_ms) | $(ratio "$s" "$h") |
| the same \`status\` with per-request HTTP meters on (\`Server:HttpMetricsEnabled=true\`) | $m | $(field "$metered" p50_ms) | $(field "$metered" p99_ms) | $(ratio "$m" "$h") |
| \`POST /v1/video/generate\` (accept path: validate, route, insert) | $g | $(field "$generate" p50_ms) | $(field "$generate" p99_ms) | $(ratio "$g" "$h") |
TABLE
)
echo "$table"

# Replace the HTTP section of docs/BENCHMARKS.md between its markers.
replace_section http "Measured $(date -u +%Y-%m-%d) on this repository's CI-class machine ($(nproc) cores, wrk and the server on the same cores), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\` after a 5 s warm-up, Release build, embedded default (SQLite WAL), dispatcher off.

$table"
