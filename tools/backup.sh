#!/usr/bin/env bash
# Takes a backup of the running (or stopped) installation: a consistent snapshot of the SQLite database with SQLite's
# online backup API, and the data-protection key ring, into <Backups:Path>/<yyyyMMdd-HHmmssZ>/; keeps Backups:Keep.
# Uses the app's configuration: run it with the same environment as the app, e.g.
#   Storage__DataPath=/var/lib/smartparking tools/backup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${SMARTPARKING_DLL:-}" ]]; then
    exec dotnet "$SMARTPARKING_DLL" backup
fi
dotnet build SmartParking.Web/SmartParking.Web.csproj -nologo -v quiet >/dev/null
cd SmartParking.Web
exec dotnet run --no-build --no-launch-profile -- backup
