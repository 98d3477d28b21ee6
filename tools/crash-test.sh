#!/usr/bin/env bash
# The gate survives kill -9 (issue 23): the app (Release, a fresh SQLite file, the demo camera key) takes entries and
# exits from CONCURRENCY cameras that send each read until it is answered; the app is killed with SIGKILL twice while
# they drive and started again each time; then every acknowledged read (answered 200 to a camera) is reconciled with
# the database and the fee engine. Prints the time to healthy after each restart and
#   acknowledged N, lost 0, duplicated 0, fee mismatches 0
# and exits non-zero if any count but the first is not 0.
# Usage: tools/crash-test.sh        (env: SECONDS_DRIVEN=40, KILL_AFTER=10 (s between kills), CONCURRENCY=16, DATA, PORT=5098)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet

seconds=${SECONDS_DRIVEN:-40}
kill_after=${KILL_AFTER:-10}
concurrency=${CONCURRENCY:-16}
data=${DATA:-$(mktemp -d /tmp/smartparking-crash.XXXXXX)}
port=${PORT:-5098}
url="http://127.0.0.1:$port"

dotnet build tools/SmartParking.LoadTest -c Release -nologo -v quiet
dotnet build SmartParking.Web -c Release -nologo -v quiet
load() { dotnet tools/SmartParking.LoadTest/bin/Release/net10.0/SmartParking.LoadTest.dll "$@"; }

app=
start_app() {
    (cd SmartParking.Web && ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__Enabled=true Demo__History=false \
        Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/SmartParking.Web.dll --urls "$url") >>"$data/app.log" 2>&1 &
    app=$!
}
wait_healthy() {
    local started=$EPOCHREALTIME
    for _ in $(seq 1 1200); do
        if curl -sf -o /dev/null "$url/healthz"; then
            printf '%s: healthy after %.2f s\n' "$1" "$(echo "$EPOCHREALTIME - $started" | bc)"
            return 0
        fi
        sleep 0.05
    done
    echo "$1: not healthy after 60 s (see $data/app.log)"
    return 1
}
trap '[ -n "$app" ] && kill "$app" 2>/dev/null || true' EXIT

echo "== data in $data"
start_app
wait_healthy "first start"

load crash drive --url "$url" --journal "$data/acks.jsonl" --seconds "$seconds" --concurrency "$concurrency" &
driver=$!
for round in 1 2; do
    sleep "$kill_after"
    echo "== kill -9 the app (round $round)"
    kill -9 "$app"
    wait "$app" 2>/dev/null || true
    start_app
    wait_healthy "restart $round"
done

wait "$driver"
kill "$app"
wait "$app" 2>/dev/null || true
app=
echo "== reconciling"
load crash check --data "$data" --journal "$data/acks.jsonl"
