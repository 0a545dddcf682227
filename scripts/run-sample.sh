#!/usr/bin/env bash
# The main job: install what is missing, build (engine, add-in .oxt), install the add-in into a private
# LibreOffice profile (build/sample-job/profile), open the sample workbook in headless Calc, recalculate, and
# write the Belastungsindex per Sozialraum as PDF, XLSX, ODS and CSV into out/ (cross-checked with the engine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
/usr/bin/python3 scripts/sample_job.py --build build --out out
