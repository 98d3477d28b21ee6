#!/usr/bin/env bash
# Gate and report benchmarks against the real app on SQLite (numbers go to docs/benchmarks.md):
#   1. seeds SESSIONS closed stays (default 1,000,000) into a fresh data folder,
#   2. starts the app in Release on port 5099 with demo accounts,
#   3. drives entry+exit pairs for SECONDS (after a warm-up) with CONCURRENCY cameras,
#   4. times income/daily over 365 days and the 30-day export.
#   The app runs on core APP_CORE and the load driver on LOAD_CORE (taskset), so the figure is the app's.
# Usage: tools/benchmark.sh            (env: SESSIONS, SECONDS_MEASURED, WARMUP, CONCURRENCY, DATA, APP_CORE, LOAD_CORE,
#                                       SEEDED: a data folder seeded before, copied instead of seeding again; REPORTS=0 skips 4.)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet

sessions=${SESSIONS:-1000000}
seconds=${SECONDS_MEASURED:-30}
warmup=${WARMUP:-60}
concurrency=${CONCURRENCY:-16}
data=${DATA:-$(mktemp -d /tmp/smartparking-bench.XXXXXX)}
port=5099
app_core=${APP_CORE:-1}
load_core=${LOAD_CORE:-0}

dotnet build tools/SmartParking.LoadTest -c Release -nologo -v quiet
dotnet build SmartParking.Web -c Release -nologo -v quiet
load() { taskset -c "$load_core" dotnet tools/SmartParking.LoadTest/bin/Release/net10.0/SmartParking.LoadTest.dll "$@"; }

if [ -n "${SEEDED:-}" ]; then
    echo "== copying the stays seeded in $SEEDED into $data"
    mkdir -p "$data" && cp -r "$SEEDED"/. "$data"/
elif [ "$sessions" -gt 0 ]; then
    echo "== seeding $sessions stays into $data"
    load seed --data "$data" --sessions "$sessions"
fi

echo "== starting the app on :$port (core $app_core)"
(cd SmartParking.Web && ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__Enabled=true Logging__LogLevel__Default=Warning \
    exec taskset -c "$app_core" dotnet bin/Release/net10.0/SmartParking.Web.dll --urls "http://127.0.0.1:$port") >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

echo "== gate: entry+exit pairs ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
load gate --pid "$app" --url "http://127.0.0.1:$port" --seconds "$seconds" --warmup "$warmup" --concurrency "$concurrency"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${REPORTS:-1}" != 0 ]; then
    echo "== reports"
    load reports --url "http://127.0.0.1:$port"
fi
