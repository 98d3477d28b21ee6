#!/usr/bin/env bash
# Plate-reading cameras at scale (issue 24): CAMERAS simulated IVS cameras push plate records with a real gate-camera
# picture each (../shared/data/plates-dev-toll, read in place) at a combined RATE reads/s for SECONDS; DOUBTFUL percent
# of the reads are below the lane's auto-open confidence, so our recognition reads their pictures. Push to reply is
# measured per read. The app runs in Release on core APP_CORE, the cameras on LOAD_CORE (taskset).
# Usage: tools/benchmark-cameras.sh   (env: CAMERAS 200, RATE 100, SECONDS_MEASURED 60, WARMUP 20, DOUBTFUL 5, APP_CORE 1, LOAD_CORE 0)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet
ensure_recognition_runtime

data=$(mktemp -d /tmp/smartparking-cameras.XXXXXX)
port=5098
dotnet build tools/SmartParking.LoadTest -c Release -nologo -v quiet
dotnet build SmartParking.Web -c Release -nologo -v quiet

echo "== starting the app on :$port (core ${APP_CORE:-1}, Development for the demo lanes and logins, Release build)"
(cd SmartParking.Web && ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__Enabled=true Demo__History=false \
    Auth__RequireTwoFactor=false Logging__LogLevel__Default=Warning \
    exec taskset -c "${APP_CORE:-1}" dotnet bin/Release/net10.0/SmartParking.Web.dll --urls "http://127.0.0.1:$port") >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

echo "== cameras ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
taskset -c "${LOAD_CORE:-0}" dotnet tools/SmartParking.LoadTest/bin/Release/net10.0/SmartParking.LoadTest.dll cameras --pid "$app" \
    --url "http://127.0.0.1:$port" --cameras "${CAMERAS:-200}" --rate "${RATE:-100}" --seconds "${SECONDS_MEASURED:-60}" \
    --warmup "${WARMUP:-20}" --doubtful "${DOUBTFUL:-5}" --pictures "$(cd .. && pwd)/shared/data/plates-dev-toll/images"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
