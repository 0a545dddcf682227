#!/usr/bin/python3
"""Belastungsindex in real Calc: the ISP add-in against a careful native sheet.

  /usr/bin/python3 bench/calc/calc_bench.py --build build [--sizes 13,1000,11000] [--repeat 5] [--per-cell]

Needs a build with the add-in (ISP_BUILD_ADDIN=ON) and its test profiles (ctest -R calc_profiles). Generates
the workbooks as flat ODF files (.fods; setting 600,000 formulas over the API is super-linear), opens each in
one headless soffice, recalculates, and prints a Markdown table of medians.

Workbooks (rows = areas, 56 indicators, complete data, fixed seed):
  native   Parameter sheet: polarity, weight, AVERAGE and STDEV per indicator (helper cells); Z sheet: one
           d*STANDARDIZE(x; mean; sd) per cell; index per row = SUMPRODUCT(z; weights) / SUM(weights).
  addin    one array formula {=ISP_BELASTUNG(data; polarities; weights)} over the index column.
  +klasse  the same with the class of each index (ISP_KLASSE array formula / nested IF per row)
  scorearr 56 array formulas {=ISP_SCORE(column; column; "z"; d)}, index per row as in native.
  percell  (--per-cell) one =ISP_SCORE(x; column; "z"; d) per cell against native
           =d*STANDARDIZE(x; AVERAGE(column); STDEV(column)) per cell (no helper cells); both O(rows^2).
Timings: "full" = calculateAll() (every formula), "edit" = change one data value, then calculate() (what a
planner's edit costs with automatic recalculation). Medians after one warm-up run; the workbooks of one size
are open together and their runs alternate, so that load from other processes hits all variants alike.
"""

import argparse
import os
import random
import statistics
import sys
import time
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "templates"))

K = 56
ADDIN = "DE.SOZIALPLANUNG.ISP.FUNCTIONS."


def col(i):
    """0 -> A"""
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def make_data(n, seed=42):
    rnd = random.Random(seed)
    pol = [rnd.choice([1, 1, 1, -1]) for _ in range(K)]
    scale = [rnd.uniform(1, 100) for _ in range(K)]
    rows = [[round(rnd.lognormvariate(0, 0.5) * scale[j], 4) for j in range(K)] for _ in range(n)]
    return pol, rows


class Fods:
    """Minimal flat ODF spreadsheet writer."""

    def __init__(self, path):
        self.f = open(path, "w", encoding="utf-8")
        self.f.write('<?xml version="1.0" encoding="UTF-8"?>\n<office:document '
                     'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                     'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                     'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" '
                     'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
                     "<office:body><office:spreadsheet>\n")

    def table(self, name, rows):
        """rows: lists of cells; a cell is None, a number, a str (text), or ('f', formula) / ('a', formula, nrows)."""
        w = self.f.write
        w(f"<table:table table:name={quoteattr(name)}>\n")
        for row in rows:
            w("<table:table-row>")
            for c in row:
                if c is None:
                    w("<table:table-cell/>")
                elif isinstance(c, (int, float)):
                    w(f'<table:table-cell office:value-type="float" office:value="{c!r}"/>')
                elif isinstance(c, str):
                    w(f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>')
                elif c[0] == "f":
                    w(f"<table:table-cell table:formula={quoteattr('of:=' + c[1])}/>")
                else:
                    w(f'<table:table-cell table:number-matrix-columns-spanned="1" '
                      f'table:number-matrix-rows-spanned="{c[2]}" table:formula={quoteattr("of:=" + c[1])}/>')
            w("</table:table-row>\n")
        w("</table:table>\n")

    def close(self):
        self.f.write("</office:spreadsheet></office:body></office:document>\n")
        self.f.close()


def data_tables(n, pol, rows):
    last = n + 1
    daten = [["Gebiet"] + [f"I{j + 1}" for j in range(K)]]
    daten += [[f"G{i + 1}"] + r for i, r in enumerate(rows)]
    param = [["Polarität"] + pol, ["Gewicht"] + [1] * K,
             ["Mittelwert"] + [("f", f"AVERAGE([Daten.{col(j + 1)}$2:.{col(j + 1)}${last}])") for j in range(K)],
             ["SD"] + [("f", f"STDEV([Daten.{col(j + 1)}$2:.{col(j + 1)}${last}])") for j in range(K)]]
    return daten, param


INDEX_ROW = "SUMPRODUCT([.B{r}:.BE{r}];[Parameter.$B$2:.$BE$2])/SUM([Parameter.$B$2:.$BE$2])"


NATIVE_CLASS = ('IF([.BF{r}]<-1;"hoch";IF([.BF{r}]<=1;"mittel";IF([.BF{r}]<=1.5;"niedrig";"sehr niedrig")))')


def write_native(path, n, pol, rows, with_class=False):
    daten, param = data_tables(n, pol, rows)
    z = [["Gebiet"] + [f"z{j + 1}" for j in range(K)] + ["Index", "Klasse"]]
    for i in range(n):
        r = i + 2
        cells = [f"G{i + 1}"]
        for j in range(K):
            c = col(j + 1)
            cells.append(("f", f"[Parameter.{c}$1]*STANDARDIZE([Daten.{c}{r}];[Parameter.{c}$3];[Parameter.{c}$4])"))
        cells.append(("f", INDEX_ROW.format(r=r)))
        if with_class:
            cells.append(("f", NATIVE_CLASS.format(r=r)))
        z.append(cells)
    f = Fods(path)
    f.table("Daten", daten)
    f.table("Parameter", param)
    f.table("Z", z)
    f.close()


def write_addin(path, n, pol, rows, with_class=False):
    daten, param = data_tables(n, pol, rows)
    last = n + 1
    z = [["Gebiet", "Index", "Klasse"]]
    first = [f"G1", ("a", f"{ADDIN}ISPBELASTUNG([Daten.B2:.BE{last}];[Parameter.B1:.BE1];[Parameter.B2:.BE2])", n)]
    if with_class:
        first.append(("a", f"{ADDIN}ISPKLASSE([.B2:.B{last}];\"mss-status\")", n))
    z.append(first)
    z += [[f"G{i + 1}"] for i in range(1, n)]
    f = Fods(path)
    f.table("Daten", daten)
    f.table("Parameter", param)
    f.table("Z", z)
    f.close()


def write_scorearr(path, n, pol, rows):
    daten, param = data_tables(n, pol, rows)
    last = n + 1
    z = [["Gebiet"] + [f"z{j + 1}" for j in range(K)] + ["Index"]]
    first = [f"G1"]
    for j in range(K):
        c = col(j + 1)
        first.append(("a", f'{ADDIN}ISPSCORE([Daten.{c}2:.{c}{last}];[Daten.{c}2:.{c}{last}];"z";'
                           f"[Parameter.{c}1])", n))
    first.append(("f", INDEX_ROW.format(r=2)))
    z.append(first)
    for i in range(1, n):
        z.append([f"G{i + 1}"] + [None] * K + [("f", INDEX_ROW.format(r=i + 2))])
    f = Fods(path)
    f.table("Daten", daten)
    f.table("Parameter", param)
    f.table("Z", z)
    f.close()


def write_percell(path, n, pol, rows, addin):
    daten, param = data_tables(n, pol, rows)
    last = n + 1
    z = [["Gebiet"] + [f"z{j + 1}" for j in range(K)]]
    for i in range(n):
        r = i + 2
        cells = [f"G{i + 1}"]
        for j in range(K):
            c = col(j + 1)
            rng = f"[Daten.{c}$2:.{c}${last}]"
            if addin:
                cells.append(("f", f'{ADDIN}ISPSCORE([Daten.{c}{r}];{rng};"z";[Parameter.{c}$1])'))
            else:
                cells.append(("f", f"[Parameter.{c}$1]*STANDARDIZE([Daten.{c}{r}];AVERAGE({rng});STDEV({rng}))"))
        z.append(cells)
    f = Fods(path)
    f.table("Daten", daten)
    f.table("Parameter", param)
    f.table("Z", z)
    f.close()


def measure_all(office, paths, n, repeat):
    """Opens every workbook of one size at once and alternates the timed runs between them, so that a load
    change on the (shared) machine hits all variants alike. Returns {name: (load, full, edit, index)}."""
    docs = {}
    out = {}
    try:
        for name, (path, _) in paths.items():
            t = time.perf_counter()
            docs[name] = office.load(path)
            out[name] = [time.perf_counter() - t]
        for doc in docs.values():
            doc.calculateAll()  # warm-up
        full = {name: [] for name in docs}
        for _ in range(repeat):
            for name, doc in docs.items():
                t = time.perf_counter()
                doc.calculateAll()
                full[name].append(time.perf_counter() - t)
        edit = {name: [] for name in docs}
        cells = {}
        for name, doc in docs.items():
            doc.enableAutomaticCalculation(False)
            cell = doc.Sheets.getByName("Daten").getCellByPosition(1, 1)
            cells[name] = (cell, cell.getValue())
        for r in range(repeat + 1):
            for name, doc in docs.items():
                cell, base = cells[name]
                cell.setValue(base * (1.01 if r % 2 == 0 else 1.0))
                t = time.perf_counter()
                doc.calculate()
                if r > 0:  # the first edit is the warm-up
                    edit[name].append(time.perf_counter() - t)
        for name, doc in docs.items():
            cell, base = cells[name]
            cell.setValue(base)
            doc.calculateAll()
            index = None
            index_col = paths[name][1]
            if index_col is not None:
                z = doc.Sheets.getByName("Z")
                index = [row[0] for row in z.getCellRangeByPosition(index_col, 1, index_col, n).getDataArray()]
            out[name] += [statistics.median(full[name]), statistics.median(edit[name]), index]
        return out
    finally:
        for doc in docs.values():
            doc.close(True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--sizes", default="13,1000,11000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-cell", action="store_true", help="also the per-cell forms (O(rows^2); sizes <= 1000)")
    args = ap.parse_args()

    from isp_templates.office import Office, init_profile  # the project's one launcher for tools and benches

    work = os.path.join(os.path.abspath(args.build), "bench-calc")
    os.makedirs(work, exist_ok=True)
    oxt = os.path.join(os.path.abspath(args.build), "addin", "isp-sozialplanung.oxt")
    office = Office(init_profile(os.path.join(work, "profile"), oxt), log_dir=work).start()
    results = []
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            pol, rows = make_data(n)
            variants = [("native", write_native, K + 1), ("addin", write_addin, 1), ("scorearr", write_scorearr, K + 1),
                        ("native+klasse", lambda p, n_, po, ro: write_native(p, n_, po, ro, True), K + 1),
                        ("addin+klasse", lambda p, n_, po, ro: write_addin(p, n_, po, ro, True), 1)]
            if args.per_cell and n <= 1000:
                variants += [("percell-native", lambda p, n_, po, ro: write_percell(p, n_, po, ro, False), None),
                             ("percell-addin", lambda p, n_, po, ro: write_percell(p, n_, po, ro, True), None)]
            indexes = {}
            paths = {}
            for name, writer, index_col in variants:
                path = os.path.join(work, f"belastung_{n}_{name}.fods")
                writer(path, n, pol, rows)
                paths[name] = (path, index_col)
            # The per-cell workbooks are slow: measure them on their own.
            groups = [[v for v in paths if not v.startswith("percell")], [v for v in paths if v.startswith("percell")]]
            for group in groups:
                if not group:
                    continue
                measured = measure_all(office, {v: paths[v] for v in group}, n, args.repeat)
                for name in group:
                    load, full, edit, index = measured[name]
                    indexes[name] = index
                    results.append((n, name, load, full, edit))
                    print(f"{n:>6} {name:<15} load {load:7.2f} s  full {full * 1000:9.1f} ms  "
                          f"edit {edit * 1000:9.1f} ms", flush=True)
            ref = indexes["native"]
            for name, idx in indexes.items():
                if name.endswith("klasse"):
                    continue
                if idx is not None and name != "native":
                    diff = max(abs(a - b) for a, b in zip(ref, idx))
                    print(f"{n:>6} {name:<15} max |index - native| = {diff:.2e}", flush=True)
                    if diff > 1e-9:
                        raise SystemExit(f"{name} differs from the native sheet at n={n}")
    finally:
        office.stop()

    print("\n| areas | workbook | full recalculation | one edit + recalculation | vs native (full / edit) |")
    print("|---:|---|---:|---:|---:|")
    native = {n: (full, edit) for n, name, _, full, edit in results if name == "native"}
    pnative = {n: (full, edit) for n, name, _, full, edit in results if name == "percell-native"}
    cnative = {n: (full, edit) for n, name, _, full, edit in results if name == "native+klasse"}
    for n, name, _, full, edit in results:
        base = pnative.get(n) if name.startswith("percell") else cnative.get(n) if "klasse" in name else native.get(n)
        ratio = f"{base[0] / full:.1f}× / {base[1] / edit:.1f}×" if base else ""
        print(f"| {n:,} | {name} | {full * 1000:.1f} ms | {edit * 1000:.1f} ms | {ratio} |")


if __name__ == "__main__":
    main()
