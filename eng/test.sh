#!/usr/bin/env bash
# Runs the whole test suite (unit, component and functional tests: real SQLite, real ffmpeg,
# real gateway processes on loopback) and prints, alone on its last line, "N passed, N failed".
# Needs ffmpeg and curl on PATH, Node.js 20+ with npm for the OpenAI SDK tests and s3rver, and
# Debian's postgresql package for the PostgreSQL tests (.ci/run installs them on a clean machine).
set -uo pipefail
cd "$(dirname "$0")/.."

# Installs what is missing when it can (apt as root or with sudo); the rest of the script says what
# a still-missing tool costs.
./eng/prerequisites.sh ffmpeg curl nodejs npm postgresql || true
for tool in ffmpeg ffprobe curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: run 'sudo apt-get install -y ffmpeg curl'"; echo "0 passed, 1 failed"; exit 1; }
done

# Third-party tools the tests drive: the official openai npm client (OpenAI-compatibility tests),
# Spectral (lints the OpenAPI document) and Kiota (generates a client from it; a local dotnet tool).
# Each npm folder is installed (quietly) when node_modules is missing or its package-lock.json
# changed. Without Node those tests fail with a message saying so; the rest of the suite still runs.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  for project in test/openai-node test/spectral; do
    lock_hash=$(sha256sum "$project/package-lock.json" | cut -d' ' -f1)
    stamp="$project/node_modules/.reelgate-lock.sha256"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
      if npm ci --prefix "$project" --no-audit --no-fund --loglevel=error >/dev/null; then
        echo "$lock_hash" >"$stamp"
      else
        echo "npm ci --prefix $project failed; the tests that use it will fail"
      fi
    fi
  done
else
  echo "node/npm not on PATH: the OpenAI SDK and Spectral tests will fail (install Node.js 20+)"
fi
dotnet tool restore >/dev/null || echo "dotnet tool restore failed; the generated-client (Kiota) test will fail"

# PostgreSQL and s3rver for the scale-out tests (private, on loopback; stopped again on exit when
# this script started them). Without them those tests skip, or fail with REELGATE_REQUIRE_SERVICES=1.
started_services=0
if [ -z "${REELGATE_TEST_POSTGRES:-}" ] || [ -z "${REELGATE_TEST_S3:-}" ]; then
  started_services=1
fi
eval "$(./eng/services.sh start)"
if [ "$started_services" -eq 1 ]; then
  trap './eng/services.sh stop' EXIT
fi

results="artifacts/test-results"
rm -rf "$results"
dotnet build Reelgate.slnx -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Reelgate.slnx --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 | tee artifacts/test-output.log
status=${PIPESTATUS[0]}

# Count from the TRX files: one per test assembly.
read -r passed failed skipped < <(
  awk 'match($0, /<Counters [^>]*>/) {
         c = substr($0, RSTART, RLENGTH)
         match(c, /passed="[0-9]+"/); p += substr(c, RSTART + 8, RLENGTH - 9)
         match(c, /failed="[0-9]+"/); f += substr(c, RSTART + 8, RLENGTH - 9)
         match(c, /notExecuted="[0-9]+"/); s += substr(c, RSTART + 13, RLENGTH - 14)
       }
       END { print p + 0, f + 0, s + 0 }' "$results"/*.trx 2>/dev/null
)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}

# Code style is part of the suite (STYLE.md: CI runs dotnet format --verify-no-changes).
if dotnet format Reelgate.slnx --verify-no-changes --no-restore >artifacts/format.log 2>&1; then
  passed=$((passed + 1))
else
  echo "dotnet format found style problems:"; head -20 artifacts/format.log
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run itself failed (crash, build error) without a failing test to count
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
