#!/usr/bin/python3
"""The ISP pipeline in numpy, for the comparison in docs/performance.md.

Reads the inputs that engine_bench wrote (--isp-write-data), computes the same pipeline as the engine
(z-scores with the sample SD over the reference areas, weighted composite mean with re-weighting over the
available scores, coverage >= 2/3, minimum population, mss-status classes, population-weighted aggregation to
groups and super-groups), checks it against the engine's results to 1e-9 and times it with time.perf_counter.

The numpy code is written the way a careful analyst would write it (vectorised, nan-aware functions, no Python
loops over areas), so the comparison is against good numpy, not a strawman.

Usage: numpy_pipeline.py DIR N [N ...] [--json OUT] [--once]
  --once   run the pipeline once without timing (peak-memory measurement with /usr/bin/time -v)
  --load   only load the data (baseline for the peak-memory measurement)
"""
import json
import statistics
import sys
import time

import numpy as np

MAGIC = b"ISPBENCH"
TOLERANCE = 1e-9
CUTS = (-1.0, 1.0, 1.5)  # mss-status: hoch < -1 <= mittel <= +1 < niedrig <= +1.5 < sehr niedrig


def load(directory, n):
    """Inputs and engine results of one size (layout: bench/engine_bench.cpp, 'Data files for numpy')."""
    raw = np.fromfile(f"{directory}/n{n}.data.bin", dtype=np.uint8)
    if raw[:8].tobytes() != MAGIC:
        raise SystemExit(f"n{n}.data.bin: not an engine_bench data file")
    header = raw[:64].view("<u8")
    version, n_areas, k, n_groups, n_super = (int(v) for v in header[1:6])
    if version != 1 or n_areas != n:
        raise SystemExit(f"n{n}.data.bin: unexpected version {version} or size {n_areas}")
    pos = 64

    def take(dtype, count):
        nonlocal pos
        size = np.dtype(dtype).itemsize * count
        out = raw[pos:pos + size].view(dtype)
        pos += size
        return out

    d = {"n": n, "k": k, "n_groups": n_groups, "n_super": n_super}
    d["weights"] = take("<f8", k)
    d["polarity"] = take("<f8", k)
    d["min_population"] = float(take("<f8", 1)[0])
    d["data"] = take("<f8", n * k).reshape(n, k)
    d["population"] = take("<f8", n)
    d["group_code"] = take("<i8", n)
    d["super_of_group"] = take("<i8", n_groups)

    eng = np.fromfile(f"{directory}/n{n}.engine.bin", dtype=np.uint8)
    pos2 = [0]

    def take2(dtype, count):
        size = np.dtype(dtype).itemsize * count
        out = eng[pos2[0]:pos2[0] + size].view(dtype)
        pos2[0] += size
        return out

    e = {
        "index": take2("<f8", n),
        "classes": take2("<i8", n),
        "level1": take2("<f8", n_groups),
        "level1_pop": take2("<f8", n_groups),
        "level2": take2("<f8", n_super),
    }
    return d, e


def pipeline(d):
    x = d["data"]
    w = d["weights"]
    pol = d["polarity"]
    pop = d["population"]
    gcode = d["group_code"]
    n_groups = d["n_groups"]

    # z-scores: statistics over the reference areas (population >= minimum), sample SD (ddof=1).
    ref = pop >= d["min_population"]
    xr = x[ref]
    mean = np.nanmean(xr, axis=0)
    sd = np.nanstd(xr, axis=0, ddof=1)
    # Polarity: z of (d * x) equals d * z of x.
    z = (x - mean) * (pol / sd)

    # Composite: weighted mean over the available scores; missing scores re-weight the rest.
    avail = ~np.isnan(z)
    wsum = avail @ w
    index = np.nansum(z * w, axis=1) / wsum
    coverage = avail.sum(axis=1) / d["k"]
    index[(coverage < 2.0 / 3.0) | ~ref] = np.nan

    # mss-status classes; -1 = no class. Equal to -1 goes up, equal to +1 and +1.5 stays down.
    classes = (index >= CUTS[0]).astype(np.int64) + (index > CUTS[1]) + (index > CUTS[2])
    classes[np.isnan(index)] = -1

    # Level 1: population-weighted mean of the index per group; population per group.
    ok = ~np.isnan(index)
    num = np.bincount(gcode, weights=np.where(ok, index * pop, 0.0), minlength=n_groups)
    den = np.bincount(gcode, weights=np.where(ok, pop, 0.0), minlength=n_groups)
    members = np.bincount(gcode, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        level1 = np.where(den > 0, num / den, np.nan)
    level1_pop = np.bincount(gcode, weights=pop, minlength=n_groups)
    level1_pop[members == 0] = np.nan

    # Level 2: level-1 values weighted by group population per super-group.
    ok1 = ~np.isnan(level1)
    sup = d["super_of_group"]
    num2 = np.bincount(sup, weights=np.where(ok1, level1 * level1_pop, 0.0), minlength=d["n_super"])
    den2 = np.bincount(sup, weights=np.where(ok1, level1_pop, 0.0), minlength=d["n_super"])
    with np.errstate(invalid="ignore", divide="ignore"):
        level2 = np.where(den2 > 0, num2 / den2, np.nan)
    return {"index": index, "classes": classes, "level1": level1, "level1_pop": level1_pop,
            "level2": level2}


def check(name, mine, engine):
    """Largest absolute difference; missing must match missing."""
    if mine.shape != engine.shape:
        raise SystemExit(f"{name}: shape {mine.shape} vs engine {engine.shape}")
    nan_m, nan_e = np.isnan(mine), np.isnan(engine)
    if not np.array_equal(nan_m, nan_e):
        bad = np.flatnonzero(nan_m != nan_e)
        raise SystemExit(f"{name}: missing pattern differs at {bad[:5]} (numpy {mine[bad[:5]]}, "
                         f"engine {engine[bad[:5]]})")
    diff = float(np.max(np.abs(mine[~nan_m] - engine[~nan_m]), initial=0.0))
    if diff > TOLERANCE:
        raise SystemExit(f"{name}: numpy and engine differ by {diff:.3g} > {TOLERANCE}")
    return diff


def verify(result, engine):
    worst = max(check(k, result[k], engine[k]) for k in ("index", "level1", "level1_pop", "level2"))
    differ = result["classes"] != engine["classes"]
    if differ.any():
        # A class may only differ for a value within the tolerance of a cut-point.
        near = np.zeros_like(differ)
        for c in CUTS:
            near |= np.abs(result["index"] - c) <= TOLERANCE
        if (differ & ~near).any():
            bad = np.flatnonzero(differ & ~near)[:5]
            raise SystemExit(f"classes differ at {bad}: numpy {result['classes'][bad]}, "
                             f"engine {engine['classes'][bad]}")
    return worst


def time_call(call, repeats=5, min_seconds=0.5):
    """Median seconds per call over `repeats` measurements of >= min_seconds each (as Google Benchmark)."""
    call()  # warm-up
    loops = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(loops):
            call()
        t = time.perf_counter() - t0
        if t >= min_seconds or loops >= 1 << 20:
            break
        loops = max(loops * 2, int(loops * min_seconds / max(t, 1e-9) * 1.2))
    samples = [t / loops]
    for _ in range(repeats - 1):
        t0 = time.perf_counter()
        for _ in range(loops):
            call()
        samples.append((time.perf_counter() - t0) / loops)
    return statistics.median(samples), loops


def string_keys(d):
    """The engine's area keys ("g<code>") as a numpy string array: what numpy would start from with the
    keys Calc hands over. pipeline() uses the integer codes instead, which favours numpy."""
    return np.char.add("g", d["group_code"].astype(str))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    json_out = None
    if "--json" in argv:
        json_out = argv[argv.index("--json") + 1]
        args.remove(json_out)
    directory, sizes = args[0], [int(a) for a in args[1:]]
    results = {}
    for n in sizes:
        d, engine = load(directory, n)
        if "--load" in argv:
            continue
        if "--once" in argv:
            pipeline(d)
            continue
        worst = verify(pipeline(d), engine)
        seconds, loops = time_call(lambda: pipeline(d))
        # The grouping numpy skips by using integer codes: np.unique(keys, return_inverse=True) gives the
        # codes bincount needs (sorted, not in order of first appearance, which bincount does not need).
        keys = string_keys(d)
        unique_seconds, _ = time_call(lambda: np.unique(keys, return_inverse=True))
        results[n] = {"numpy_ms": seconds * 1e3, "loops": loops, "max_abs_diff": worst,
                      "numpy_unique_ms": unique_seconds * 1e3,
                      "classes": {str(c): int(v) for c, v in
                                  zip(*np.unique(engine["classes"], return_counts=True))}}
        print(f"numpy n={n}: {seconds * 1e3:.3f} ms (x{loops}), max |numpy - engine| = {worst:.2g}, "
              f"np.unique of the string keys {unique_seconds * 1e3:.3f} ms", file=sys.stderr)
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"numpy": np.__version__, "results": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
