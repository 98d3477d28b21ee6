#!/usr/bin/env bash
# Shared by run.sh and test.sh: installs what is missing, and only that.

# Debian packages; apt-get update runs once, and only when something is missing.
ensure_apt() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
    if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
        echo "The .NET 10 SDK is required (https://dot.net); dotnet --list-sdks shows none." >&2
        exit 1
    fi
    dotnet tool restore >/dev/null
}

# Plate recognition runs on OpenCvSharp4's own OpenCV build (NuGet), which loads these shared libraries of Debian's.
ensure_recognition_runtime() {
    ensure_apt libgtk-3-0 libjpeg62-turbo libpng16-16 libfreetype6 libharfbuzz0b
}
