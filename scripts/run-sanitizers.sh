#!/usr/bin/env bash
# ASan + UBSan run of every engine test, plus the fuzz target: configures a separate build (default
# build-asan; BUILD_DIR overrides) with -DISP_SANITIZE=ON, builds it and runs ctest there. With clang the
# build also has the libFuzzer target and ctest runs it for 60 s (engine_fuzz_bounded); without clang the
# sanitized replay driver (engine_fuzz_replay) still runs. Exits non-zero on any failure.
# Warnings are not errors here: the warning gate is the normal g++ build (scripts/build.sh), and clang's
# -Wconversion family differs from g++'s.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
JOBS=${JOBS:-2}

args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DISP_SANITIZE=ON -DISP_BUILD_ADDIN=OFF -DISP_BUILD_BENCH=OFF
      -DISP_WERROR=OFF)
if command -v clang++ >/dev/null 2>&1; then
  args+=(-DCMAKE_CXX_COMPILER=clang++ -DISP_BUILD_FUZZ=ON)
else
  echo "run-sanitizers: clang++ not found, running without libFuzzer (replay driver only)" >&2
  args+=(-DISP_BUILD_FUZZ=OFF)
fi

# A build directory configured with another compiler cannot be switched in place.
if [ -f "$BUILD_DIR/CMakeCache.txt" ] && ! grep -q "^CMAKE_CXX_COMPILER:.*$(command -v clang++ || echo g++)" \
  "$BUILD_DIR/CMakeCache.txt"; then
  rm -rf "$BUILD_DIR"
fi

cmake -S . -B "$BUILD_DIR" "${args[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
(cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS")
echo "run-sanitizers: all tests passed under ASan + UBSan"
