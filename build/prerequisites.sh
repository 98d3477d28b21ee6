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

# The native recognition layer (native/ -> native/build/libsmartparking_vision.so) over Debian's OpenCV 4.6.
# cmake only rebuilds what changed, so an up-to-date tree costs well under a second.
build_native() {
    ensure_apt g++ cmake make libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-dnn-dev
    if [ ! -f native/build/CMakeCache.txt ]; then
        cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
    cmake --build native/build -j "$(nproc)" >/dev/null
}
