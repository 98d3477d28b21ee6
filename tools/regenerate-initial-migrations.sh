#!/usr/bin/env bash
# Until the first tagged release a schema change regenerates the one Initial migration of each provider instead of
# adding another (docs/decisions/024). Run it after changing the model: ./tools/regenerate-initial-migrations.sh
# A database made from an earlier Initial is not upgraded: delete the data folder (SmartParking.Web/App_Data/).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
    rm -f SmartParking.Infrastructure/Migrations/"$provider"/*.cs
    dotnet ef migrations add Initial --project SmartParking.Infrastructure --startup-project SmartParking.Infrastructure \
        --context "${provider}ParkingDbContext" --output-dir Migrations/"$provider"
done
