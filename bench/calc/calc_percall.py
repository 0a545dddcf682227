#!/usr/bin/python3
"""Cost of one add-in call in Calc: 10,000 single-cell formulas of each kind, calculateAll() median.

  /usr/bin/python3 bench/calc/calc_percall.py --build build [--rows 10000] [--repeat 5]

Separates Calc's fixed cost per add-in call (ISP_VERSION: no arguments), the cost per reference argument
(ISP_VERSORGUNGSGRAD: two single cells) and the cost of reading a shared reference range in every row
(ISP_SCORE against 13 and 1,000 cells), next to the native equivalents.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

FORMULAS = [
    "=ISP_VERSION()",
    "=ISP_VERSORGUNGSGRAD(A1;B1)",
    "=A1/B1",
    "=ISP_SCORE(A1;A$1:A$13)",
    "=STANDARDIZE(A1;AVERAGE(A$1:A$13);STDEV(A$1:A$13))",
    "=ISP_SCORE(A1;A$1:A$1000)",
    "=STANDARDIZE(A1;AVERAGE(A$1:A$1000);STDEV(A$1:A$1000))",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from isp_templates.office import Office, init_profile  # the project's one launcher for tools and benches

    build = os.path.abspath(args.build)
    work = os.path.join(build, "bench-calc")
    os.makedirs(work, exist_ok=True)
    oxt = os.path.join(build, "addin", "isp-sozialplanung.oxt")
    n = args.rows
    office = Office(init_profile(os.path.join(work, "profile"), oxt), log_dir=work).start()
    try:
        doc = office.new_doc()
        sh = doc.Sheets.getByIndex(0)
        sh.getCellRangeByPosition(0, 0, 1, n - 1).setDataArray(
            tuple((float(i % 13 + 1), float(i % 7 + 2)) for i in range(n)))
        print("| formula (one per row) | µs per cell |\n|---|---:|")
        for f in FORMULAS:
            rng = sh.getCellRangeByPosition(3, 0, 3, n - 1)
            rng.clearContents(1 | 2 | 4 | 16)
            sh.getCellByPosition(3, 0).setFormula(f)
            rng.fillAuto(0, 1)  # one formula filled down; setFormulaArray over the API is super-linear
            doc.calculateAll()
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                doc.calculateAll()
                times.append(time.perf_counter() - t)
            print(f"| `{f}` | {statistics.median(times) * 1e6 / n:.2f} |", flush=True)
        doc.close(True)
    finally:
        office.stop()


if __name__ == "__main__":
    main()
