#!/usr/bin/env bash
# Edge controllers over MQTT (docs/benchmarks.md): a local mosquitto, the app in Release on a fresh demo database with
# Mqtt__Host set (as ./run.sh runs it, plus the broker), and the load tool publishing plate reads on LANES lanes at RATE
# reads a second for SECONDS_MEASURED (after WARMUP), timing each read from publish to the command that answers it.
# The app runs on core APP_CORE; mosquitto and the load tool on LOAD_CORE (taskset), so the figure is the app's.
# Usage: tools/benchmark-mqtt.sh       (env: LANES 20, RATE 20, SECONDS_MEASURED 60, WARMUP 5, APP_CORE 1, LOAD_CORE 0, LOT cuihu)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_apt mosquitto
ensure_dotnet

lanes=${LANES:-20} rate=${RATE:-20} seconds=${SECONDS_MEASURED:-60} warmup=${WARMUP:-5}
app_core=${APP_CORE:-1} load_core=${LOAD_CORE:-0} lot=${LOT:-cuihu}
data=$(mktemp -d /tmp/smartparking-mqtt-bench.XXXXXX)
port=5098
broker_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

dotnet build tools/SmartParking.LoadTest -c Release -nologo -v quiet
dotnet build SmartParking.Web -c Release -nologo -v quiet

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" >"$data/mosquitto.conf"
taskset -c "$load_core" /usr/sbin/mosquitto -c "$data/mosquitto.conf" >"$data/mosquitto.log" 2>&1 &
broker=$!
(cd SmartParking.Web && ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__History=false Logging__LogLevel__Default=Warning \
    Mqtt__Host=127.0.0.1 Mqtt__Port="$broker_port" Mqtt__ClientId=bench-app \
    exec taskset -c "$app_core" dotnet bin/Release/net10.0/SmartParking.Web.dll --urls "http://127.0.0.1:$port") >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app $broker 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

echo "== mqtt: $lanes lanes, $rate reads/s ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
taskset -c "$load_core" dotnet tools/SmartParking.LoadTest/bin/Release/net10.0/SmartParking.LoadTest.dll mqtt \
    --url "http://127.0.0.1:$port" --broker 127.0.0.1 --port "$broker_port" --lot "$lot" --lanes "$lanes" --rate "$rate" --seconds "$seconds" --warmup "$warmup"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
