#!/usr/bin/env bash
# Adds a migration with the same name to both providers' sets: ./tools/add-migration.sh AddLanes
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project SmartParking.Infrastructure --startup-project SmartParking.Infrastructure \
    --context SqliteParkingDbContext --output-dir Migrations/Sqlite
dotnet ef migrations add "$name" --project SmartParking.Infrastructure --startup-project SmartParking.Infrastructure \
    --context SqlServerParkingDbContext --output-dir Migrations/SqlServer
