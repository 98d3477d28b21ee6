#!/usr/bin/env bash
# Installs what training, calibration and export need (Debian packages only; CI never trains).
#   tools/recognition/setup.sh && OMP_NUM_THREADS=1 /usr/bin/python3 tools/recognition/train.py --out ... (docs/recognition.md)
set -euo pipefail
packages=(python3-torch python3-opencv python3-pil python3-numpy python3-onnx
          fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-droid-fallback
          fonts-arphic-ukai fonts-arphic-uming fonts-arphic-gkai00mp fonts-liberation fonts-dejavu-core fonts-dejavu-extra)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "training prerequisites present: ${packages[*]}"
