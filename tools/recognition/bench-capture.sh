#!/usr/bin/env bash
# Times POST /api/lanes/<lane>/capture against a running app, one sequential client (curl time_total):
#   tools/recognition/bench-capture.sh http://localhost:5080 ../shared/data/plates-dev/scenes 4 [in-1] [demo-device-key]
# Prints the status counts and p50/p95/p99/max in milliseconds (docs/benchmarks.md).
set -euo pipefail
url=${1:?url}; folder=${2:?folder of photos}; rounds=${3:-4}; lane=${4:-in-1}; key=${5:-demo-device-key}
out=$(mktemp)
for ((r = 0; r < rounds; r++)); do
  for photo in "$folder"/ccpd_*.jpg; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$url/api/lanes/$lane/capture" \
      -H "X-Device-Key: $key" -F "image=@$photo" >> "$out"
  done
done
python3 - "$out" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
codes = {}
for c, _ in rows:
    codes[c] = codes.get(c, 0) + 1
ms = sorted(float(t) * 1000 for _, t in rows)
q = lambda p: ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))]
print("calls", len(ms), "codes", codes)
print(f"p50 {q(50):.1f} p95 {q(95):.1f} p99 {q(99):.1f} max {ms[-1]:.1f} ms")
PY
rm -f "$out"
