#!/usr/bin/env bash
# The main job: install what is missing, build, and compute the Belastungsindex per Sozialraum for the
# bundled sample data (Landkreis Zwickau structure, fictional values). Results go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p out
./build/engine/isp_sample data/sample out/belastung_sozialraeume.csv
