#!/usr/bin/env bash
# Gate events/s and latency through one app instance, then through two on one database file behind nginx with Redis
# between them (issue 20; numbers go to docs/benchmarks.md). The apps run on core 0, nginx, Redis and the load on
# core 1, the same load both times; two instances on two cores are not expected to be faster, the figure shows what
# the cross-instance guarantees cost.
# Usage: tools/benchmark-instances.sh      (env: SECONDS_MEASURED, WARMUP, CONCURRENCY)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet
ensure_apt nginx-light redis-server

seconds=${SECONDS_MEASURED:-30}
warmup=${WARMUP:-20}
concurrency=${CONCURRENCY:-16}
data=$(mktemp -d /tmp/smartparking-instances.XXXXXX)
redis_port=6399
proxy_port=5100

dotnet build tools/SmartParking.LoadTest -c Release -nologo -v quiet
dotnet build SmartParking.Web -c Release -nologo -v quiet
load() { taskset -c 1 dotnet tools/SmartParking.LoadTest/bin/Release/net10.0/SmartParking.LoadTest.dll "$@"; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

start_app() { # port, extra environment…
    local port=$1; shift
    env ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__Enabled=true Demo__History=false \
        Jobs__Enabled=false Logging__LogLevel__Default=Warning "$@" \
        taskset -c 0 dotnet SmartParking.Web/bin/Release/net10.0/SmartParking.Web.dll --urls "http://127.0.0.1:$port" \
        >"$data/app-$port.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 1; done
    echo "the app on :$port did not start; see $data/app-$port.log" >&2; exit 1
}

echo "== one instance"
start_app 5101
load gate --url "http://127.0.0.1:5101" --seconds "$seconds" --warmup "$warmup" --concurrency "$concurrency"
kill "${pids[@]}"; wait 2>/dev/null || true; pids=()

echo "== two instances behind nginx, Redis between them"
taskset -c 1 redis-server --port $redis_port --bind 127.0.0.1 --save "" --appendonly no >"$data/redis.log" 2>&1 &
pids+=($!)
start_app 5101 Redis__Connection="127.0.0.1:$redis_port"
start_app 5102 Redis__Connection="127.0.0.1:$redis_port"
# Cameras are stateless API clients, so the benchmark spreads them round robin; browsers stay sticky in deploy/nginx.conf.
cat >"$data/nginx.conf" <<CONF
worker_processes 1;
pid $data/nginx.pid;
error_log $data/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $data/nginx-body;
    proxy_temp_path $data/nginx-proxy;
    upstream smartparking { server 127.0.0.1:5101; server 127.0.0.1:5102; keepalive 64; }
    server {
        listen 127.0.0.1:$proxy_port;
        location / { proxy_pass http://smartparking; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
taskset -c 1 nginx -c "$data/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 1
load gate --url "http://127.0.0.1:$proxy_port" --seconds "$seconds" --warmup "$warmup" --concurrency "$concurrency"
