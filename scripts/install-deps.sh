#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need (skips what is there already).
set -euo pipefail

PACKAGES=(
  build-essential cmake clang clang-format
  libboost-dev libgtest-dev googletest libbenchmark-dev
  python3 python3-numpy python3-uno
  libreoffice-calc-nogui libreoffice-dev libreoffice-l10n-de
  locales zip unzip poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
