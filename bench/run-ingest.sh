#!/usr/bin/env bash
# CPU of ingesting one vendor output: user+sys seconds of the ffprobe/ffmpeg children, for three
# generations of the commands: each step apart (probe, then probe + ffmpeg for the thumbnail, then
# probe + ffmpeg for the spritesheet), one ffmpeg decode for both previews, and today's (the probe
# and the thumbnail alone; the spritesheet is made when first asked for). The clip is 5 s of 1280x720 H.264 at 24 fps (testsrc2).
# Old and new alternate, RUNS times each; medians go into docs/BENCHMARKS.md.
#
#   bench/run-ingest.sh              # 5 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

RUNS="${RUNS:-5}"
command -v ffmpeg >/dev/null || { echo "install ffmpeg: apt-get install -y ffmpeg" >&2; exit 1; }
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
ffmpeg -nostdin -v error -f lavfi -i testsrc2=s=1280x720:r=24 -t 5 -c:v libx264 -pix_fmt yuv420p "$DATA/clip.mp4"

result=$(python3 - "$DATA" "$RUNS" <<'PY'
import os, resource, statistics, subprocess, sys, time

data, runs = sys.argv[1], int(sys.argv[2])
V = "file:" + os.path.join(data, "clip.mp4")
PROBE = ["ffprobe", "-v", "error", "-protocol_whitelist", "file", "-i", V, "-print_format", "json", "-show_streams", "-show_format"]
HEAD = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
FIT = "scale='min(iw,1280)':'min(ih,1280)':force_original_aspect_ratio=decrease"
SHEET = "fps=5,scale=256:-2,tile=5x5"  # 25 tiles over 5 s
AT = "1"                               # min(1 s, duration / 2)

def still(name, quality):
    return ["-frames:v", "1", "-q:v", quality, "-update", "1", "-f", "image2", f"file:{data}/{name}.partial.jpg"]

def tool(args):
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

def old(with_thumbnail):
    tool(PROBE)
    if with_thumbnail:
        tool(PROBE)
        tool(HEAD + ["-ss", AT, "-protocol_whitelist", "file", "-i", V, "-vf", FIT] + still("thumbnail", "3"))
    tool(PROBE)
    tool(HEAD + ["-protocol_whitelist", "file", "-i", V, "-an", "-vf", SHEET] + still("spritesheet", "4"))

def new(with_thumbnail):
    tool(PROBE)
    if with_thumbnail:
        graph = f"[0:V:0]split=2[s][t];[s]{SHEET}[sheet];[t]trim=start={AT},select='eq(n,0)',{FIT}[thumb]"
        outputs = ["-map", "[sheet]"] + still("spritesheet", "4") + ["-map", "[thumb]"] + still("thumbnail", "3")
    else:
        graph, outputs = f"[0:V:0]{SHEET}[sheet]", ["-map", "[sheet]"] + still("spritesheet", "4")
    tool(HEAD + ["-protocol_whitelist", "file", "-i", V, "-filter_complex", graph] + outputs)

def now(with_thumbnail):
    # Ingest today: the probe and, when the vendor gave none, the thumbnail alone; the spritesheet is
    # made on its first request (SpritesheetMaker), off the per-job path.
    tool(PROBE)
    if with_thumbnail:
        graph = f"[0:V:0]trim=start={AT},select='eq(n,0)',{FIT}[thumb]"
        tool(HEAD + ["-protocol_whitelist", "file", "-i", V, "-filter_complex", graph, "-map", "[thumb]"] + still("thumbnail", "3"))

def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

def sample(fn, with_thumbnail, samples):
    before = cpu()
    fn(with_thumbnail)
    samples.append(cpu() - before)

for with_thumbnail, label in ((True, "vendor gave no thumbnail"), (False, "vendor gave a thumbnail")):
    old(with_thumbnail); new(with_thumbnail); now(with_thumbnail)  # page cache, dynamic loader
    o, n, w = [], [], []
    for _ in range(runs):
        sample(old, with_thumbnail, o)
        sample(new, with_thumbnail, n)
        sample(now, with_thumbnail, w)
    mo, mn, mw = statistics.median(o), statistics.median(n), statistics.median(w)
    print(f"| {label} | {mo:.3f} | {mn:.3f} | {mw:.3f} | {mw / mo:.2f} |")
PY
)
echo "$result"
replace_section ingest "Measured $(date -u +%F) ($(nproc) cores, shared), $(ffmpeg -version | head -1 | cut -d' ' -f1-3), $RUNS runs each, old and new alternating; CPU = user+sys of the ffprobe/ffmpeg children.

| case | probe, thumbnail, spritesheet apart (5 or 3 processes) | one decode for both previews (2) | now: probe + thumbnail, spritesheet on first request (2 or 1) | now / first |
| --- | ---: | ---: | ---: | ---: |
$result"
