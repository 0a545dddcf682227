#!/usr/bin/python3
"""Recalculation of the workbook templates, before and after, side by side in one headless Calc.

  /usr/bin/python3 bench/calc/template_bench.py --build build [--before 5cb376c] [--after WORKTREE]
                   [--only sozialstrukturatlas,sozialraummonitor,jugendhilfe] [--repeat 5] [--out DIR]

Builds the templates of two source trees with the same add-in (build/addin/isp-sozialplanung.oxt): "before" from a
git revision (`git archive`), "after" from a directory (default: this checkout), both with their own
templates/build.py (ODS only). Then one soffice opens both files of a template and, alternating between them:

- full:   calculateAll() (hard recalculation of every formula), median of --repeat runs after a warm-up;
- weight: with AutoCalculate on, setValue on the first indicator weight of the Parameter sheet (monitor,
          Fachpläne), then calculate() (every dirty formula) – the time until the dependent results are current;
- count:  the same for the first numerator (Zähler) on Werte (no Werte sheet: the first value of the
          Bevölkerungsvorausberechnung).

Each edit alternates between two values (+1 / back), median of --repeat. Before timing, the script checks that the
two files give the same values on every sheet (used area of "before"; numbers to 1e-12) and after every edit too.
A benchmark, not a test: it asserts no times.
"""
import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "templates"))

import build  # noqa: E402
from isp_templates.office import Office, init_profile  # noqa: E402

# Edit cells per template: (sheet, cell) of a weight and of a count; None where the template has none.
WEIGHT = {"sozialraummonitor": ("Parameter", "I21")}


def export_tree(rev, dest):
    os.makedirs(dest, exist_ok=True)
    data = subprocess.run(["git", "-C", ROOT, "archive", rev, "templates", "data", "scripts", "addin/functions.json"],
                          check=True, stdout=subprocess.PIPE).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest)
    return dest


def build_tree(src, out, oxt, only):
    subprocess.run(["/usr/bin/python3", os.path.join(src, "templates", "build.py"), "--out", out, "--oxt", oxt,
                    "--formats", "ods", "--only", ",".join(only)], check=True)


def used(sheet):
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    a = cur.RangeAddress
    return a.EndColumn, a.EndRow


def differences(a, b):
    n = 0
    for i in range(a.Sheets.Count):
        sa = a.Sheets.getByIndex(i)
        sb = b.Sheets.getByName(sa.Name)
        c1, r1 = used(sa)
        da = sa.getCellRangeByPosition(0, 0, c1, r1).getDataArray()
        db = sb.getCellRangeByPosition(0, 0, c1, r1).getDataArray()
        for x, y in zip(da, db):
            for u, v in zip(x, y):
                if isinstance(u, float) and isinstance(v, float):
                    n += abs(u - v) > 1e-12 * max(1.0, abs(u))
                else:
                    n += u != v
    return n


def weight_cell(doc, slug):
    if slug in WEIGHT:
        return WEIGHT[slug]
    sh = doc.Sheets.getByName("Parameter")
    c1, r1 = used(sh)
    data = sh.getCellRangeByPosition(0, 0, c1, r1).getDataArray()
    for r, row in enumerate(data):
        for c, v in enumerate(row):
            if v == "Gewicht" and r + 1 < len(data) and isinstance(data[r + 1][c], float):
                return "Parameter", sh.getCellByPosition(c, r + 1).AbsoluteName.split(".")[-1].replace("$", "")
    return None


def count_cell(doc):
    if not doc.Sheets.hasByName("Werte"):  # the Demografie-Monitor: the first value of the projection
        if not doc.NamedRanges.hasByName("VB_Werte"):
            return None
        first = doc.NamedRanges.getByName("VB_Werte").ReferredCells.getCellByPosition(0, 0)
        return first.Spreadsheet.Name, first.AbsoluteName.split(".")[-1].replace("$", "")
    sh = doc.Sheets.getByName("Werte")
    col = sh.getCellRangeByName("D6:D4005").getDataArray()
    for i, (v,) in enumerate(col):
        if isinstance(v, float):
            return "Werte", f"D{6 + i}"
    return None


def timed(fn, repeat):
    fn()  # warm-up
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), min(ts), max(ts)


def edit(doc, where):
    sheet, addr = where
    sh = doc.Sheets.getByName(sheet)
    sh.unprotect("")
    cell = sh.getCellRangeByName(addr)
    base = cell.getValue()
    state = {"up": False}

    def run():
        state["up"] = not state["up"]
        cell.setValue(base + 1 if state["up"] else base)
        doc.calculate()

    return run, lambda: cell.setValue(base)


def variant_switch(doc):
    """Variante 1 ↔ Variante 2 on the Parameter sheet, then calculate(): every Bedarf follows."""
    cell = doc.NamedRanges.getByName("Prognosevariante").ReferredCells
    cell.Spreadsheet.unprotect("")
    first = cell.getString()
    state = {"up": False}

    def run():
        state["up"] = not state["up"]
        cell.setString("Variante 2" if state["up"] else first)
        doc.calculate()

    return run


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--before", default="5cb376c", help="git revision of the 'before' templates")
    ap.add_argument("--after", default=ROOT, help="source tree of the 'after' templates (default: this checkout)")
    ap.add_argument("--only", default="sozialstrukturatlas,sozialraummonitor,jugendhilfe")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    oxt = os.path.join(os.path.abspath(args.build), "addin", "isp-sozialplanung.oxt")
    out = os.path.abspath(args.out or os.path.join(args.build, "bench-templates"))
    only = [s for s in args.only.split(",") if s]
    shutil.rmtree(out, ignore_errors=True)
    before_src = export_tree(args.before, os.path.join(out, "before-src"))
    build_tree(before_src, os.path.join(out, "before"), oxt, only)
    build_tree(os.path.abspath(args.after), os.path.join(out, "after"), oxt, only)
    profile = init_profile(os.path.join(out, "profile"), oxt)
    rows = []
    with Office(profile, log_dir=out) as office:
        for slug in only:
            stem = build.TEMPLATES[slug][1]
            docs = {k: office.load(os.path.join(out, k, stem + ".ods")) for k in ("before", "after")}
            for d in docs.values():
                d.enableAutomaticCalculation(True)
                d.calculateAll()
            diff = differences(docs["before"], docs["after"])
            res = {}
            for k, d in docs.items():
                res[k] = {"full": timed(d.calculateAll, args.repeat)}
            for kind, where in (("weight", weight_cell(docs["after"], slug) if slug != "sozialstrukturatlas" else None),
                                ("count", count_cell(docs["after"]))):
                if not where:
                    continue
                for k, d in docs.items():
                    run, restore = edit(d, where)
                    res[k][kind] = timed(run, args.repeat)
                    restore()
                    d.calculate()
                res["where_" + kind] = f"{where[0]}.{where[1]}"
            diff += differences(docs["before"], docs["after"])
            for k, d in docs.items():  # the projection variant (Parameter), where the template has one
                if d.NamedRanges.hasByName("Prognosevariante"):
                    res.setdefault("variant", {})[k] = timed(variant_switch(d), args.repeat)
            for d in docs.values():
                d.close(True)
            rows.append((slug, res, diff))
            print(f"{slug}: differences before/after {diff}", flush=True)
            for kind in ("full", "weight", "count"):
                if kind not in res["before"]:
                    continue
                b, a = res["before"][kind], res["after"][kind]
                where = "" if kind == "full" else " (" + res["where_" + kind] + ")"
                print(f"  {kind:6s}{where}: before {b[0] * 1000:8.1f} ms ({b[1] * 1000:.0f}–{b[2] * 1000:.0f}), "
                      f"after {a[0] * 1000:8.1f} ms ({a[1] * 1000:.0f}–{a[2] * 1000:.0f}), "
                      f"{b[0] / a[0]:.1f}×", flush=True)
            for k, t in res.get("variant", {}).items():
                print(f"  variant switch ({k}): {t[0] * 1000:8.1f} ms ({t[1] * 1000:.0f}–{t[2] * 1000:.0f})", flush=True)
    print("load average:", open("/proc/loadavg").read().split()[:3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
