#!/usr/bin/env bash
# Engine benchmark (docs/performance.md): builds engine_bench in Release, writes identical input data for
# the engine and numpy, runs the engine against the streaming floor (Google Benchmark) and the same pipeline
# in numpy (bench/numpy_pipeline.py, checked against the engine's results to 1e-9), measures peak memory
# at 1,000,000 areas and prints one table.
#   BUILD_DIR (default build-bench), SIZES (default 13,1000,11000,1000000), OUT_DIR (default: a temp dir;
#   holds the data files, ~0.5 GB at 1,000,000 areas, and the JSON results).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
SIZES=${SIZES:-13,1000,11000,1000000}
OUT_DIR=${OUT_DIR:-$(mktemp -d)}
PY=/usr/bin/python3
mkdir -p "$OUT_DIR"

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DISP_BUILD_BENCH=ON -DISP_BUILD_ADDIN=OFF \
  -DISP_SANITIZE=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target engine_bench >/dev/null
BENCH="$BUILD_DIR/bench/engine_bench"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "$(date -u +%Y-%m-%dT%H:%MZ), $(g++ --version | head -1), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "== writing the input data and the engine's results to $OUT_DIR"
"$BENCH" --isp-write-data="$OUT_DIR" --isp-sizes="$SIZES"

echo "== engine and streaming floor (Google Benchmark, median of 5 repetitions)"
"$BENCH" --isp-sizes="$SIZES" --benchmark_out="$OUT_DIR/engine.json" --benchmark_out_format=json

echo "== numpy (median of 5 repetitions; checked against the engine to 1e-9)"
# shellcheck disable=SC2086
$PY bench/numpy_pipeline.py "$OUT_DIR" ${SIZES//,/ } --json "$OUT_DIR/numpy.json"

RSS="$OUT_DIR/rss.txt"
: >"$RSS"
BIG=$(tr ',' '\n' <<<"$SIZES" | sort -n | tail -1)
if [ "$BIG" -ge 1000000 ]; then
  echo "== peak memory at $BIG areas (/usr/bin/time -v)"
  rss() {  # rss KEY COMMAND...: appends "KEY <max RSS in kB>"
    local key=$1
    shift
    /usr/bin/time -v "$@" 2>"$OUT_DIR/time.txt" >/dev/null
    echo "$key $(grep 'Maximum resident' "$OUT_DIR/time.txt" | awk '{print $NF}')" >>"$RSS"
  }
  rss gen "$BENCH" --isp-sizes="$BIG" --isp-once=generate
  rss engine "$BENCH" --isp-sizes="$BIG" --isp-once=engine
  rss floor "$BENCH" --isp-sizes="$BIG" --isp-once=floor
  rss npload $PY bench/numpy_pipeline.py "$OUT_DIR" "$BIG" --load
  rss numpy $PY bench/numpy_pipeline.py "$OUT_DIR" "$BIG" --once
fi

echo
$PY bench/bench_report.py "$OUT_DIR/engine.json" "$OUT_DIR/numpy.json" "$RSS"
echo
echo "== where the engine's time goes at $BIG areas (1 thread, without the score matrix, best of 3)"
"$BENCH" --isp-sizes="$BIG" --isp-once=stages
