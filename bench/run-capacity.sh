#!/usr/bin/env bash
# Capacity benchmark: bench/Reelgate.Bench.Capacity starts gateway processes (Release dll) against its
# own Runway-compatible stub on 127.0.0.1 and measures, one scenario after the other:
#   burst     1 000 jobs at once (50 projects × their burst of 20), tasks 60 s, SQLite, defaults
#   inflight  10 000 jobs in flight (a stub that never finishes): RSS, CPU, writes/s, polls/s, shutdown
#   latency   submit → vendor create at 100 submits/s for 30 s
#   cost      CPU, write transactions and (PostgreSQL) statements per job; fails over bench/budgets/capacity.json
#   fairness  A's 5 000 jobs, then B's one: B's wait, with room at the vendor and saturated
#   cluster   3 nodes on PostgreSQL, vendor limit 200, 1 000 jobs: the limit is never exceeded
# and writes their rows into the `capacity` table of docs/BENCHMARKS.md (rows of scenarios not run
# keep their last figures). Needs ffmpeg and, for cost and cluster, Debian's postgresql.
#
#   bench/run-capacity.sh                    # every scenario (about 15 minutes)
#   bench/run-capacity.sh burst latency      # some of them
#   BURST_PROJECTS=5 BURST_TASK_SECONDS=5 bench/run-capacity.sh burst   # a smoke run: docs untouched
#
# Sizes (defaults in brackets): BURST_PROJECTS [50] BURST_JOBS_PER_PROJECT [20] BURST_TASK_SECONDS [60]
# BURST_TARGET_SECONDS [120]; INFLIGHT_JOBS [10000] INFLIGHT_WINDOW_SECONDS [60]; LATENCY_RATE [100]
# LATENCY_SECONDS [30] LATENCY_TASK_SECONDS [5]; COST_JOBS [100] COST_TASK_SECONDS [3]; FAIRNESS_JOBS
# [5000] FAIRNESS_TASK_SECONDS [30] FAIRNESS_SATURATED_LIMIT [1000]; CLUSTER_NODES [3] CLUSTER_JOBS
# [1000] CLUSTER_LIMIT [200] CLUSTER_TASK_SECONDS [10]. Setting any of them skips the docs update.
# Other knobs: CAPACITY_UPDATE_BUDGET=1 (cost writes its measured figures as the new budgets),
# CAPACITY_PG_PORT [55433] (the private cluster with pg_stat_statements for `cost`); for experiments,
# which also leave the docs alone: CAPACITY_CLIP_FPS [1] (the stub's clip outside `cost`, which renders
# 24 fps), CAPACITY_GATEWAY_SETTINGS="Key=Value;…" (added to every gateway, e.g.
# "Logging:LogLevel:Polly=Warning"), CAPACITY_POSTGRES_OPTIONS="No Reset On Close=true" (added to the
# gateways' PostgreSQL connection string).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

ALL=(burst inflight latency cost fairness cluster)
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=("${ALL[@]}")
wants() { [[ " ${SCENARIOS[*]} " == *" $1 "* ]]; }
command -v ffmpeg >/dev/null || { echo "install ffmpeg: apt-get install -y ffmpeg" >&2; exit 1; }

dotnet build bench/Reelgate.Bench.Capacity -c Release -nologo -v quiet
BENCH=artifacts/bin/Reelgate.Bench.Capacity/release/Reelgate.Bench.Capacity.dll
WORK=$(mktemp -d)
export CAPACITY_WORK_DIR="$WORK"
cleanups=()
cleanup() {
  for c in "${cleanups[@]}"; do eval "$c" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# cluster: the private PostgreSQL cluster of eng/services.sh (or REELGATE_TEST_POSTGRES).
if wants cluster; then
  command -v psql >/dev/null || { echo "install postgresql: apt-get install -y postgresql" >&2; exit 1; }
  eval "$(./eng/services.sh start 2>/dev/null | grep REELGATE_TEST_POSTGRES)"
  [ -n "${REELGATE_TEST_POSTGRES:-}" ] || { echo "PostgreSQL did not start (eng/services.sh)" >&2; exit 1; }
  export CAPACITY_POSTGRES="$REELGATE_TEST_POSTGRES"
fi

# cost: statements per job need pg_stat_statements, which must be preloaded at server start, so the
# bench runs its own throwaway cluster (same settings as eng/services.sh, plus the library) and stops it.
if wants cost && [ -z "${CAPACITY_POSTGRES_STATEMENTS:-}" ]; then
  pg_port="${CAPACITY_PG_PORT:-55433}"
  pg_root="${TMPDIR:-/tmp}/reelgate-capacity-pg-$pg_port"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "install postgresql: apt-get install -y postgresql" >&2; exit 1; }
  as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  rm -rf "$pg_root"; mkdir -p "$pg_root/socket"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$pg_root"
  as_owner "$pg_bin/initdb" -D "$pg_root/data" -U reelgate --auth=trust -E UTF8 --no-locale >"$pg_root/initdb.log" 2>&1
  as_owner "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/postgres.log" -w -t 60 start \
    -o "-p $pg_port -k $pg_root/socket -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on" >/dev/null
  cleanups+=("as_owner '$pg_bin/pg_ctl' -D '$pg_root/data' -m fast stop >/dev/null 2>&1; rm -rf '$pg_root'")
  export CAPACITY_POSTGRES_STATEMENTS="Host=127.0.0.1;Port=$pg_port;Username=reelgate;Database=postgres"
fi

status=0
out=$(dotnet "$BENCH" "${SCENARIOS[@]}" | tee /dev/stderr) || status=$?
results=$(grep '^RESULT' <<<"$out" || true)

if env | grep -qE '^(BURST|INFLIGHT|LATENCY|COST|FAIRNESS|CLUSTER)_|^CAPACITY_(GATEWAY_SETTINGS|POSTGRES_OPTIONS|CLIP_FPS)='; then
  echo "sizes or settings overridden: docs/BENCHMARKS.md left as it is" >&2
  exit "$status"
fi

# Rows of this run replace those of the same name; the others stay. Order: that of the scenarios.
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB, shared with other work"
body=$(python3 - "$results" "$(date -u +%F)" "$(git rev-parse --short HEAD)" "$machine" "$(dotnet --version)" "$(ffmpeg -version | head -1 | cut -d' ' -f3)" <<'PY'
import pathlib, re, sys
results, day, commit, machine, sdk, ffmpeg = sys.argv[1:]
order = ["burst", "inflight", "latency", "latency/no-ingest", "cost/sqlite", "cost/postgres", "fairness/room", "fairness/saturated", "cluster"]
block = re.search(r"<!-- capacity:begin -->(.*?)<!-- capacity:end -->", pathlib.Path("docs/BENCHMARKS.md").read_text(), re.S)
rows = {}
for line in (block.group(1).splitlines() if block else []):
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
    if len(cells) == 7 and cells[0] not in ("row", "---"):
        rows[cells[0]] = line
cell = lambda s: s.replace("|", "\\|")
for line in filter(None, results.splitlines()):
    _, row, setup, figures, target, verdict = line.split("\t")
    command = f"`bench/run-capacity.sh {row.split('/')[0]}`"
    rows[row] = "| " + " | ".join(cell(c) for c in [row, command, f"{day}, {commit}", setup, figures, target, f"**{verdict}**"]) + " |"
print(f"Last written {day} on {machine}; .NET SDK {sdk}, ffmpeg {ffmpeg}, Release build; the gateway, the bench "
      "(stub + client) and PostgreSQL share the cores. Each row names its command and the day and commit it was measured on.\n")
print("| row | command | measured | setup | figures | target | verdict |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for key in sorted(rows, key=lambda k: order.index(k) if k in order else len(order)):
    print(rows[key])
PY
)
echo "$body"
replace_section capacity "$body"
exit "$status"
