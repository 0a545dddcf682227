#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need (skips what is there already; prints nothing
# when everything is installed). Packages are installed without their Recommends, so everything a stage
# needs from a Recommends is named here; scripts/check-fresh-debian.sh proves the list on a bare Debian 12.
set -euo pipefail

PACKAGES=(
  # build (g++ with warnings as errors) and the format check (check-format.sh lists files with git ls-files)
  build-essential cmake git clang-format
  # sanitizer stage (run-sanitizers.sh): clang plus its runtimes (libclang_rt.asan/ubsan/fuzzer for ASan,
  # UBSan and libFuzzer: libclang-rt-dev -> libclang-rt-14-dev, only a Recommends of clang) and
  # llvm-symbolizer (package llvm) so that a sanitizer or fuzzer finding prints a readable stack
  clang libclang-rt-dev llvm
  libboost-dev libgtest-dev googletest libbenchmark-dev
  python3 python3-numpy python3-uno
  # the template writer (templates/isp_templates/odf.py) writes ODF through odfpy
  python3-odf
  libreoffice-calc-nogui libreoffice-dev libreoffice-l10n-de
  # fonts: the templates name Liberation Sans (only a Recommends of libreoffice-common) and the office draws
  # its UI and measures the dialog texts (tests/sharing/test_ui_dialog.py) with DejaVu Sans; the PDF of the
  # main job needs real glyphs for pdftotext
  fonts-liberation2 fonts-dejavu-core
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
