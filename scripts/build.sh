#!/usr/bin/env bash
# Configures and builds the project in build/ (Release, warnings as errors). Extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DISP_WERROR=ON -DISP_BUILD_ADDIN=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
