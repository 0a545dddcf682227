#!/usr/bin/python3
"""The main job (README's first command, after the build): the Belastungsindex per Sozialraum in real Calc.

  /usr/bin/python3 scripts/sample_job.py [--build build] [--out out]

1. Writes the sample workbook (templates/isp_templates/beispiel.py: Gemeinde data of data/sample ->
   ISP_AGGREGATE -> ISP_BELASTUNG -> ISP_KLASSE) as flat ODF (odfpy; Calc enters the formulas).
2. Installs the add-in from the build's .oxt into a private profile (<build>/sample-job/profile) and opens the
   workbook in headless Calc, recalculates, and refuses to go on if any cell shows an error.
3. Writes into <out>: the live workbook (ISP_Beispiel_Belastungsindex.ods, formulas kept, to open
   interactively), the XLSX for Excel or a LibreOffice without the add-in (belastungsindex_sozialraeume.xlsx:
   the Weitergabe variant "portabel", add-in calls replaced by native formulas or frozen and listed, see
   docs/weitergabe.md), the add-in-bound XLSX (..._mit_AddIn.xlsx, the add-in formulas), the result sheet as
   PDF, a CSV for a German Excel and a machine-readable CSV. Numbers and dates are German whatever the
   machine's locale: the workbook carries its locale (de-DE) in every number format
   (templates/isp_templates/odf.py).
4. Cross-checks every index with the engine's own job (<build>/engine/isp_sample on the same data): the add-in
   inside Calc and the engine must agree to 1e-9, and the classes must be equal.
Exit code 0 = all of that worked.
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "templates"))

from isp_templates import beispiel as B  # noqa: E402
from isp_templates import data as D  # noqa: E402

STEM = B.STEM
RESULT = "belastungsindex_sozialraeume"
MACHINE_CSV = "_maschinenlesbar.csv"  # suffix of the machine-readable CSV (ids, ',' and '.')


def read_result(doc, n_sr):
    """The result sheet's table as rows of (sr, name, pr, population, [(index or None, class text)] * 4)."""
    sh = doc.Sheets.getByName(B.RESULT_SHEET)
    n_cols = 4 + 2 * len(B.LEBENSLAGEN)
    rng = sh.getCellRangeByPosition(0, B.R0 - 1, n_cols - 1, B.R0 - 1 + n_sr - 1)
    rows = []
    for r in rng.DataArray:
        per = []
        for j in range(len(B.LEBENSLAGEN)):
            idx, cls = r[4 + 2 * j], r[5 + 2 * j]
            per.append((idx if isinstance(idx, float) else None, cls if isinstance(cls, str) else ""))
        rows.append((int(r[0]), r[1], r[2], r[3], per))
    return rows


def german_number(x):
    """A number as a German Excel reads it: decimal comma, no thousands separator, up to 15 significant digits
    (what Excel keeps); "-" as the minus sign (Excel does not read U+2212 as one)."""
    return f"{x:.15g}".replace(".", ",")


def write_csv(out, rows):
    """Two CSV files of the result table (docs/vorlagen.md "Dateien des Hauptlaufs"):
    RESULT.csv for a German Excel or Calc: ';' between fields, decimal comma, UTF-8 with BOM (Excel then reads
    the umlauts), German column names; RESULT_maschinenlesbar.csv for programs: ',' and '.', UTF-8 without BOM,
    ids as column names (index_K, klasse_K, …), full precision (repr)."""
    with open(os.path.join(out, RESULT + ".csv"), "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Nr.", "Sozialraum (Gemeinden)", "Planungsraum", "Einwohner"]
                   + [f"{k} {name}" for _, name in B.LEBENSLAGEN for k in ("Index", "Klasse")])
        for sr, name, pr, ew, per in rows:
            w.writerow([sr, name, pr, int(ew)]
                       + [x for idx, cls in per for x in (german_number(idx) if idx is not None else "", cls)])
    with open(os.path.join(out, RESULT + MACHINE_CSV), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["sozialraum_id", "planungsraum_id", "einwohner"]
                   + [f"{k}_{code}" for code, _ in B.LEBENSLAGEN for k in ("index", "klasse")])
        for sr, _, pr, ew, per in rows:
            w.writerow([sr, pr, int(ew)] + [x for idx, cls in per for x in (repr(idx) if idx is not None else "", cls)])


def engine_result(build, out_csv):
    exe = os.path.join(build, "engine", "isp_sample")
    subprocess.run([exe, os.path.join(ROOT, "data", "sample"), out_csv], check=True, stdout=subprocess.DEVNULL)
    with open(out_csv, newline="", encoding="utf-8") as f:
        return {int(r["sozialraum_id"]): r for r in csv.DictReader(f)}


def compare(rows, engine):
    """Largest |Calc − engine| over all indices; raises on any disagreement in presence or class."""
    worst = 0.0
    for sr, _, _, _, per in rows:
        e = engine[sr]
        for (code, _), (idx, cls) in zip(B.LEBENSLAGEN, per):
            ev, ec = e[f"index_{code}"], e[f"klasse_{code}"]
            if (idx is None) != (ev == ""):
                raise SystemExit(f"Sozialraum {sr}, Lebenslage {code}: Calc {idx!r}, Rechenkern {ev!r}")
            if idx is not None:
                worst = max(worst, abs(idx - float(ev)))
                if cls != ec:
                    raise SystemExit(f"Sozialraum {sr}, Lebenslage {code}: Klasse Calc {cls!r}, Rechenkern {ec!r}")
    if not worst <= 1e-9:
        raise SystemExit(f"Calc und Rechenkern weichen um {worst:g} ab (erlaubt 1e-9)")
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "out"))
    ap.add_argument("--office-locale", default="",
                    help="run the office with this UI language and locale setting (e.g. en-US; own profile): "
                         "the files must show German formats anyway (tests/calc/sample_job_check.py)")
    args = ap.parse_args(argv)
    build, out = os.path.abspath(args.build), os.path.abspath(args.out)
    oxt = os.path.join(build, "addin", "isp-sozialplanung.oxt")
    if not os.path.isfile(oxt):
        raise SystemExit(f"Add-in nicht gebaut: {oxt} fehlt (zuerst bash scripts/build.sh)")
    work = os.path.join(build, "sample-job")
    os.makedirs(work, exist_ok=True)
    os.makedirs(out, exist_ok=True)

    import build as H  # templates/build.py: page set-up and the error-cell scan the templates use
    import uno
    from isp_templates.office import Office, init_profile, set_locale, store
    from isp_templates.office import register_types
    from isp_templates.stamp import SERVICE as WEITERGABE

    t0 = time.monotonic()
    sample = D.Sample()
    wb = B.build(sample)
    fods = os.path.join(work, STEM + ".fods")
    if args.office_locale:
        profile = init_profile(os.path.join(work, "profile-" + args.office_locale), oxt)
        set_locale(profile, args.office_locale)
    else:
        profile = init_profile(os.path.join(work, "profile"), oxt)
    with Office(profile, log_dir=work) as office:
        doc = wb.open_in(office, fods)  # odfpy writes the workbook, Calc enters and checks the formulas
        try:
            H.page_setup(doc, wb)
            doc.calculateAll()
            errors = H.error_cells(doc)
            if errors:
                raise SystemExit("Fehlerzellen nach der Neuberechnung: " + ", ".join(errors[:10]))
            rows = read_result(doc, len(sample.sozialraeume))
            store(doc, os.path.join(out, STEM + ".ods"), "ods")
            store(doc, os.path.join(out, RESULT + "_mit_AddIn.xlsx"), "xlsx")
            # The XLSX for Kommunen and Excel: recalculates without the add-in (Weitergabe "portabel").
            register_types(oxt, work)
            office.service(WEITERGABE).exportCopy(
                doc, "portabel", "", uno.systemPathToFileUrl(os.path.join(out, RESULT + ".xlsx")))
            for i in range(doc.Sheets.Count):
                sh = doc.Sheets.getByIndex(i)
                sh.IsVisible = sh.Name == B.RESULT_SHEET
            store(doc, os.path.join(out, RESULT + ".pdf"), "pdf")
        finally:
            doc.close(True)

    write_csv(out, rows)

    engine = engine_result(build, os.path.join(work, "engine.csv"))
    worst = compare(rows, engine)

    print("Belastungsindex je Sozialraum und Lebenslage – FIKTIVE Beispieldaten (Struktur Landkreis Zwickau)")
    print("berechnet in LibreOffice Calc mit dem ISP-Add-in (ISP_AGGREGATE → ISP_BELASTUNG → ISP_KLASSE)\n")
    print(f"{'SR':>3} {'PR':<4} {'Einwohner':>9}  " + "  ".join(f"{name:<30}" for _, name in B.LEBENSLAGEN))
    for sr, _, pr, ew, per in rows:
        cells = [(f"{idx:+6.2f}".replace(".", ",") + f" {cls}" if idx is not None else "– (kein Index)")
                 for idx, cls in per]
        print(f"{sr:>3} {pr:<4} {ew:>9,.0f}  ".replace(",", ".") + "  ".join(f"{c:<30}" for c in cells))
    print("\nRechenkern (engine/tools/isp_sample) und Calc stimmen überein: größte Abweichung "
          + f"{worst:.1e}".replace(".", ","))
    print(f"Geschrieben nach {out}:")
    for name, what in ((STEM + ".ods", "die Arbeitsmappe mit Formeln (mit Add-in öffnen)"),
                       (RESULT + ".xlsx", "für Excel oder LibreOffice ohne Add-in"),
                       (RESULT + "_mit_AddIn.xlsx", "XLSX mit den Add-in-Formeln (nur mit Add-in)"),
                       (RESULT + ".pdf", ""), (RESULT + ".csv", "für ein deutsches Excel"),
                       (RESULT + MACHINE_CSV, "für Programme")):
        print(f"  {name}" + (f"  ({what})" if what else ""))
    print(f"({time.monotonic() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
