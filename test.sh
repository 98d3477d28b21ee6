#!/usr/bin/env bash
# Installs what the tests need (Debian's chromium for the browser tests, CJK fonts, poppler, redis-server for the
# two-instance tests, mosquitto for the MQTT tests) and runs every test:
# domain, infrastructure on real SQLite files, API over real HTTP, bUnit components, end-to-end in Chromium.
# Extra arguments go to dotnet test, e.g.  ./test.sh --filter "FullyQualifiedName~Billing"
set -euo pipefail
cd "$(dirname "$0")"
source build/prerequisites.sh

ensure_apt ca-certificates tzdata libicu72 fonts-noto-cjk chromium poppler-utils redis-server mosquitto mosquitto-clients
ensure_dotnet
ensure_recognition_runtime
dotnet build SmartParking.sln -nologo -v quiet
dotnet test SmartParking.sln --no-build -nologo --results-directory TestResults "$@"
