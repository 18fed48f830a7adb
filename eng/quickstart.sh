#!/usr/bin/env bash
# Quick start: install what is missing (ffmpeg), build, start the gateway on the embedded default
# (SQLite + local files + the local ffmpeg vendor), create a key, generate a real video through
# the HTTP API and print where it is. The gateway keeps running afterwards.
#
#   ./eng/quickstart.sh            # http://127.0.0.1:8080, data in ./data
#   PORT=9000 REELGATE_DATA_DIR=/tmp/rg ./eng/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
export REELGATE_DATA_DIR="${REELGATE_DATA_DIR:-$PWD/data}"
URL="http://127.0.0.1:${PORT}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v curl >/dev/null 2>&1 || need+=(curl)
if ((${#need[@]})); then
  say "Installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Please install: ${need[*]}" >&2
    exit 1
  fi
fi

say "Building"
dotnet build src/Reelgate.Server -c Release -nologo -v quiet
SERVER=(dotnet artifacts/bin/Reelgate.Server/release/Reelgate.Server.dll)

mkdir -p "$REELGATE_DATA_DIR"
LOG="$REELGATE_DATA_DIR/gateway.log"
if curl -fsS "$URL/healthz" >/dev/null 2>&1; then
  say "A gateway already answers on $URL; using it"
else
  say "Starting the gateway on $URL (data: $REELGATE_DATA_DIR, log: $LOG)"
  nohup "${SERVER[@]}" serve --urls "$URL" >"$LOG" 2>&1 &
  echo $! >"$REELGATE_DATA_DIR/gateway.pid"
  for _ in $(seq 1 100); do
    curl -fsS "$URL/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "$URL/healthz" >/dev/null || { echo "The gateway did not start; see $LOG" >&2; exit 1; }
fi

say "Creating an API key for project 'quickstart'"
KEY=$("${SERVER[@]}" admin create-key --project quickstart)

say "Generating a 5 s 1080p video"
JOB=$(curl -fsS -X POST "$URL/v1/video/generate" \
  -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
  -d '{"prompt": "a timelapse of a city skyline at dusk", "prefer": "balanced", "resolution": "1080p", "duration_seconds": 5, "aspect_ratio": "16:9"}')
ID=$(printf '%s' "$JOB" | sed -E 's/.*"job_id":"([^"]+)".*/\1/')
echo "job $ID"

STATE=queued
for _ in $(seq 1 300); do
  STATUS=$(curl -fsS "$URL/v1/video/status/$ID" -H "Authorization: Bearer $KEY")
  STATE=$(printf '%s' "$STATUS" | sed -E 's/.*"state":"([^"]+)".*/\1/')
  case "$STATE" in succeeded|failed|canceled) break ;; esac
  sleep 0.5
done
[ "$STATE" = succeeded ] || { echo "The job ended $STATE: $STATUS" >&2; exit 1; }

LINK=$(curl -fsS "$URL/v1/video/download_url/$ID" -H "Authorization: Bearer $KEY")
DOWNLOAD=$(printf '%s' "$LINK" | sed -E 's/.*"url":"([^"]+)".*/\1/')
OUT="$REELGATE_DATA_DIR/quickstart-$ID.mp4"
curl -fsS -o "$OUT" "$DOWNLOAD"

say "Done"
echo "video:       $OUT"
command -v ffprobe >/dev/null && echo "ffprobe:     $(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height -show_entries format=duration -of csv=p=0 "$OUT" | tr '\n' ' ')"
echo "api key:     $KEY"
echo "gateway:     $URL  (stop with: kill \$(cat $REELGATE_DATA_DIR/gateway.pid))"
echo "try:         curl $URL/v1/video/get/$ID -H \"Authorization: Bearer \$KEY\""
