#!/usr/bin/env bash
# Every test: install what is missing, check formatting, build with warnings as errors, run all test tiers
# (engine unit and property tests, fuzz replay, add-in inside real headless Calc), then the ASan+UBSan run
# with a bounded libFuzzer session.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/check-format.sh
bash scripts/build.sh
# Two at a time: every Calc test module runs its own soffice (own profile, own pipe) on private copies of the
# built files, and a soffice mostly uses one core (CI has two).
(cd build && ctest --output-on-failure -j"${JOBS:-2}")
if [ -f scripts/run-sanitizers.sh ]; then
  bash scripts/run-sanitizers.sh
fi
