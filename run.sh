#!/usr/bin/env bash
# Installs what is missing, builds, and starts SmartParking on the embedded default:
# SQLite under SmartParking.Web/App_Data, demo accounts and data (printed below), http://localhost:5080.
# Extra arguments go to the app, e.g.  ./run.sh --urls http://127.0.0.1:5080
set -euo pipefail
cd "$(dirname "$0")"
source build/prerequisites.sh

ensure_apt ca-certificates tzdata libicu72 fonts-noto-cjk chromium
ensure_dotnet
ensure_recognition_runtime
dotnet build SmartParking.Web/SmartParking.Web.csproj -nologo -v quiet
# The launch profile says Development; an environment given from outside (ASPNETCORE_ENVIRONMENT=Production ./run.sh)
# must win, so it runs without the profile.
if [[ -n "${ASPNETCORE_ENVIRONMENT:-}" && "${ASPNETCORE_ENVIRONMENT}" != "Development" ]]; then
    export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
    exec dotnet run --project SmartParking.Web/SmartParking.Web.csproj --no-build --no-launch-profile -- "$@"
fi
exec dotnet run --project SmartParking.Web/SmartParking.Web.csproj --no-build --launch-profile SmartParking -- "$@"
