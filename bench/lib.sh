# Shared helpers of the bench/run-*.sh scripts (sourced; expects $DATA, $THREADS, $CONNECTIONS, $DURATION).

wait_up() { for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }

# Renders one real job through the local vendor and prints its id. Args: base URL, API key.
render_job() {
  local id
  id=$(curl -fsS -X POST "$1/v1/video/generate" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d '{"prompt":"bench","duration_seconds":1}' | sed -E 's/.*"job_id":"([^"]+)".*/\1/')
  for _ in $(seq 1 200); do
    curl -fsS "$1/v1/video/status/$id" -H "Authorization: Bearer $2" | grep -q '"succeeded"' && { echo "$id"; return 0; }
    sleep 0.2
  done
  echo "job $id did not succeed" >&2; return 1
}

# wrk with a warm-up; prints "NAME rps=… p50_ms=… p99_ms=… errors=0 …". Args: name, url, lua script.
run() {
  local script="bench/$3"
  local combined="$DATA/$1.lua"
  cat "$script" bench/report.lua >"$combined"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$combined" "$2" >/dev/null   # warm-up (JIT, pools)
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$combined" "$2" | grep '^RESULT')
  # Non-2xx answers count as errors; a benchmark of error answers would be meaningless.
  if ! grep -q ' errors=0 ' <<<"$out"; then echo "wrk saw errors for $1: $out" >&2; exit 1; fi
  sed "s/^RESULT/$1/" <<<"$out"
}

field() { sed -E "s/.*$2=([0-9.]+).*/\1/" <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }

# Replaces the block between <!-- NAME:begin --> and <!-- NAME:end --> in docs/BENCHMARKS.md. Args: name, text.
replace_section() {
  python3 - "$1" "$2" <<'PY'
import sys, re, pathlib
name, body = sys.argv[1:]
path = pathlib.Path("docs/BENCHMARKS.md")
text = path.read_text()
block = f"<!-- {name}:begin -->\n{body}\n<!-- {name}:end -->"
pattern = re.compile(rf"<!-- {name}:begin -->.*?<!-- {name}:end -->", re.S)
text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
path.write_text(text)
PY
}
