#!/usr/bin/env bash
# Owner import benchmark against the real app on SQLite (numbers go to docs/benchmarks.md): writes a CSV of ROWS
# valid owners (default 5,000, one car each), starts the app in Release on port 5098 with the demo accounts, and
# times the dry run and the import over HTTP, as an admin's script would send them.
# Usage: tools/benchmark-owner-import.sh      (env: ROWS, DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
source build/prerequisites.sh
ensure_dotnet

rows=${ROWS:-5000}
data=${DATA:-$(mktemp -d /tmp/smartparking-owners.XXXXXX)}
port=5098
url="http://127.0.0.1:$port"

# Valid GB 11643 numbers: the check character from the weighted sum of the first 17 digits.
weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
checks=(1 0 X 9 8 7 6 5 4 3 2)
provinces=(沪 苏 浙 皖)
{
    echo "姓名,身份证号,手机号,房号,车牌"
    for ((n = 0; n < rows; n++)); do
        first17=$(printf '110101%d0101%03d' $((1950 + n / 1000 % 50)) $((n % 1000)))
        sum=0
        for ((i = 0; i < 17; i++)); do sum=$((sum + ${first17:i:1} * weights[i])); done
        printf '业主%d,%s%s,139%08d,%d-%d-1201,%sC%05d:小车\n' "$n" "$first17" "${checks[sum % 11]}" "$n" $((n / 100 + 1)) $((n % 100 + 1)) \
            "${provinces[n / 100000 % 4]}" $((n % 100000))
    done
} >"$data/owners.csv"
echo "== $rows owners in $data/owners.csv ($(du -h "$data/owners.csv" | cut -f1))"

dotnet build SmartParking.Web -c Release -nologo -v quiet
ASPNETCORE_ENVIRONMENT=Development Storage__DataPath="$data" Demo__Enabled=true Demo__History=false Logging__LogLevel__Default=Warning \
    dotnet run --project SmartParking.Web -c Release --no-build --no-launch-profile -- --urls "$url" >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$url/healthz" >/dev/null && break; sleep 1; done

token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"Admin123!"}' "$url/api/auth/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# The app's own CPU time as well as the wall clock: on a shared machine the wall clock mostly measures the neighbours.
server=$(pgrep -P "$app" | head -1)
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$server/stat"; }
post() {
    local before after took
    before=$(cpu)
    took=$(curl -s -o "$data/$1.json" -w "%{http_code} in %{time_total} s" -H "Authorization: Bearer $token" -H "X-Lot: yangguang" \
        -F "file=@$data/owners.csv;filename=owners.csv" "$url/api/admin/owners/import?dryRun=$2")
    after=$(cpu)
    echo "$took, app CPU $(awk "BEGIN { print $after - $before }") s, load $(cut -d' ' -f1 /proc/loadavg)"
}
echo "== dry run: $(post dry true) → $(head -c 120 "$data/dry.json")"
echo "== import:  $(post import false) → $(head -c 120 "$data/import.json")"
