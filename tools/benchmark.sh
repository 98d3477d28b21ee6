#!/usr/bin/env bash
# Gate and report benchmarks against the real app on SQLite (numbers go to docs/benchmarks.md):
#   1. seeds SESSIONS closed stays (default 1,000,000) into a fresh data folder,
#   2. starts the app in Release once in demo mode (Development) to issue a camera key for the entry lane and one for
#      the exit lane as an admin would (POST /api/admin/lanes/{lane}/keys), and times the reports (4.) there,
#   3. starts it again in Production (demo logins and keys retired, Demo__Retire) and drives entry+exit pairs for
#      SECONDS (after a warm-up) with CONCURRENCY cameras holding those lane keys,
#   4. times income/daily over 365 days and the 30-day export (in 2., with the demo guard's token).
#   The app runs on core APP_CORE and the load driver on LOAD_CORE (taskset), so the figure is the app's.
# Usage: tools/benchmark.sh            (env: SESSIONS, SECONDS_MEASURED, WARMUP, CONCURRENCY, DATA, APP_CORE, LOAD_CORE, PORT,
#                                       SEEDED: a data folder seeded before, copied instead of seeding again; REPORTS=0 skips 4.;
#                                       PERF=N: perf record the app for N s at steady state into $DATA/perf.data, with JIT
#                                       maps and without W^X's double mapping, so perf can name the JIT-compiled frames)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet

sessions=${SESSIONS:-1000000}
seconds=${SECONDS_MEASURED:-30}
warmup=${WARMUP:-60}
concurrency=${CONCURRENCY:-16}
data=${DATA:-$(mktemp -d /tmp/smartparking-bench.XXXXXX)}
port=${PORT:-5099}
url="http://127.0.0.1:$port"
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

app=
start_app() {
    local environment=$1
    shift
    (cd SmartParking.Web && env ASPNETCORE_ENVIRONMENT="$environment" Storage__DataPath="$data" Logging__LogLevel__Default=Warning \
        ${PERF:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} "$@" taskset -c "$app_core" dotnet bin/Release/net10.0/SmartParking.Web.dll --urls "$url") >>"$data/app.log" 2>&1 &
    app=$!
    for _ in $(seq 1 120); do curl -sf -o /dev/null "$url/healthz" && return 0; sleep 1; done
    echo "the app did not become healthy (see $data/app.log)" >&2
    return 1
}
stop_app() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=; }
trap stop_app EXIT

echo "== demo mode once, to issue the lanes' camera keys (core $app_core, port $port)"
start_app Development Demo__Enabled=true Demo__History=false
token=$(curl -sf "$url/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"admin","password":"Admin123!"}' | jq -r .access_token)
issue() { curl -sf -X POST "$url/api/admin/lanes/$1/keys?lot=yangguang" -H "Authorization: Bearer $token" | jq -r .key; }
entry_key=$(issue in-1)
exit_key=$(issue out-1)
if [ "${REPORTS:-1}" != 0 ]; then
    echo "== reports"
    load reports --url "$url"
fi
stop_app

echo "== Production, demo logins and keys retired"
start_app Production Demo__Retire=true
if [ -n "${PERF:-}" ]; then
    (sleep $((warmup + seconds / 2)) && perf record -F 499 -g -p "$app" -o "$data/perf.data" -- sleep "$PERF" >/dev/null 2>&1) &
fi
echo "== gate: entry+exit pairs ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
load gate --pid "$app" --url "$url" --seconds "$seconds" --warmup "$warmup" --concurrency "$concurrency" --entry-key "$entry_key" --exit-key "$exit_key"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
