#!/usr/bin/python3
"""Prints the table of bench/run_engine_bench.sh from the Google Benchmark JSON, the numpy JSON and the
peak-memory figures. Usage: bench_report.py ENGINE_JSON NUMPY_JSON RSS_FILE"""
import json
import sys


def engine_medians(path):
    """{(family, n): median real time in ms} from Google Benchmark's aggregates."""
    out = {}
    with open(path) as f:
        for b in json.load(f)["benchmarks"]:
            if b.get("run_type") != "aggregate" or b.get("aggregate_name") != "median":
                continue
            parts = b["run_name"].split("/")
            scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
            out[(parts[0], int(parts[1]))] = b["real_time"] * scale
    return out


def main(engine_json, numpy_json, rss_file):
    eng = engine_medians(engine_json)
    with open(numpy_json) as f:
        npres = json.load(f)
    sizes = sorted({n for _, n in eng})
    print("| areas | engine ms (1 thread) | engine ms (auto threads) | engine ms (keep scores) | "
          "engine ms (string API) | streaming floor ms | numpy ms | numpy / engine | engine / floor | "
          "max abs(numpy - engine) | numpy np.unique(string keys) ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    fmt = lambda v: "–" if v is None else (f"{v:.4f}" if v < 1 else f"{v:.2f}")
    ratio = lambda a, b: "–" if a is None or b is None else f"{a / b:.1f}×"
    for n in sizes:
        e = eng.get(("engine_pipeline", n))
        e_mt = eng.get(("engine_pipeline_auto_threads", n))
        e_sc = eng.get(("engine_pipeline_keep_scores", n))
        e_str = eng.get(("engine_pipeline_string_api", n))
        fl = eng.get(("streaming_floor", n))
        r = npres["results"].get(str(n), {})
        npms = r.get("numpy_ms")
        diff = r.get("max_abs_diff")
        uniq = r.get("numpy_unique_ms")
        print(f"| {n:,} | {fmt(e)} | {fmt(e_mt)} | {fmt(e_sc)} | {fmt(e_str)} | {fmt(fl)} | {fmt(npms)} | "
              f"{ratio(npms, e)} | {ratio(e, fl)} | {'–' if diff is None else f'{diff:.1e}'} | {fmt(uniq)} |")
    print()
    print(f"numpy {npres['numpy']}")
    with open(rss_file) as f:
        rss = dict(line.split() for line in f if line.strip())
    mb = lambda k: int(rss[k]) / 1024
    print()
    print("| peak RSS at 1,000,000 areas | MB |")
    print("|---|---:|")
    for key, label in (("gen", "engine_bench: generate the data only"),
                       ("engine", "engine_bench: generate + engine pipeline"),
                       ("floor", "engine_bench: generate + streaming floor"),
                       ("npload", "numpy: load the data only"),
                       ("numpy", "numpy: load + pipeline")):
        if key in rss:
            print(f"| {label} | {mb(key):.0f} |")
    if "gen" in rss and "engine" in rss and "npload" in rss and "numpy" in rss:
        print()
        print(f"extra memory of the pipeline: engine {mb('engine') - mb('gen'):.0f} MB, "
              f"numpy {mb('numpy') - mb('npload'):.0f} MB")


if __name__ == "__main__":
    main(*sys.argv[1:4])
