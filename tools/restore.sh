#!/usr/bin/env bash
# Restores a backup generation with the app STOPPED: checks the copy (PRAGMA integrity_check, its checksum, its key ring
# reading the values it protected) and only then moves the current database and keys aside (<data>/replaced-…/) and puts
# the backup's in place. Refuses with the reason otherwise, changing nothing.
#   tools/restore.sh latest            # or a generation's name (20261207-040000Z) or folder
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 1 ]]; then
    echo "usage: tools/restore.sh <generation name | folder | latest>" >&2
    exit 64
fi
generation="$1"
[[ -d "$generation" ]] && generation="$(cd "$generation" && pwd)"
if [[ -n "${SMARTPARKING_DLL:-}" ]]; then
    exec dotnet "$SMARTPARKING_DLL" restore "$generation"
fi
dotnet build SmartParking.Web/SmartParking.Web.csproj -nologo -v quiet >/dev/null
cd SmartParking.Web
exec dotnet run --no-build --no-launch-profile -- restore "$generation"
