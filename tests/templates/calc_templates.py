"""The built templates in headless Calc with the add-in: no error cell, key results against independent hand
computations from data/sample (methods.md §8.6, §9), what-if edits, the XLSX round trip, the public monitor sheet.

Needs the files of templates/build.py in ISP_TEMPLATES_OUT (the ctest fixture templates_build makes them) and its
profile with the add-in installed (ISP_TEMPLATES_OUT/profile), copied per run.
"""
import csv
import math
import os
import shutil
import statistics
import sys
import tempfile
import unittest
import zipfile

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.environ.get("ISP_TEMPLATES_OUT") or os.path.join(ROOT, "build-templates", "templates")
sys.path.insert(0, os.path.join(ROOT, "templates"))

import build  # noqa: E402
from isp_templates import data as D  # noqa: E402
from isp_templates.odf import col_letters  # noqa: E402
from isp_templates.office import Office, store  # noqa: E402
from isp_templates.t_sozialraummonitor import RW, GROUP_COLS  # noqa: E402

office = None
workdir = None


def setUpModule():
    global office, workdir
    workdir = tempfile.mkdtemp(prefix="isp-tpl-test-")
    profile = os.path.join(workdir, "profile")
    shutil.copytree(os.path.join(OUT, "profile"), profile, symlinks=True)
    office = Office(profile, log_dir=workdir).start()


def tearDownModule():
    for doc in shared_docs.values():
        doc.close(True)
    if office:
        office.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def path(slug, ext="ods"):
    return os.path.join(OUT, f"{build.TEMPLATES[slug][1]}.{ext}")


def private_copy(slug, ext="ods"):
    """A copy of the built file in this module's work directory: a file that another test's office has open
    (its lock file) does not load, and the tests run in parallel (scripts/run-tests.sh)."""
    folder = tempfile.mkdtemp(dir=workdir)
    shutil.copy(path(slug, ext), folder)
    return os.path.join(folder, os.path.basename(path(slug, ext)))


# ---- independent hand computation from the sample CSVs ---------------------------------------------------

def read(name):
    with open(os.path.join(ROOT, "data", "sample", name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


GEBIETE = read("gebiete.csv")
KATALOG = read("indikatoren.csv")
WERTE = read("werte.csv")
SR_OF = {g["gemeinde_id"]: int(g["sozialraum_id"]) for g in GEBIETE}
EW_OF = {g["gemeinde_id"]: float(g["einwohner"]) for g in GEBIETE}


def area_value(nr, sr=None, rows=None):
    """Ratio of sums × scale (rates) or population-weighted mean (means) over the Gemeinden of sr (None = all);
    rows: the Werte rows (default data/sample/werte.csv, the Datenjahr)."""
    ind = next(k for k in KATALOG if int(k["indikator"]) == nr)
    num = den = 0.0
    for w in WERTE if rows is None else rows:
        if int(w["indikator"]) != nr or (sr is not None and SR_OF[w["gemeinde_id"]] != sr):
            continue
        if ind["art"] == "rate" and w["zaehler"] and w["nenner"]:
            num += float(w["zaehler"])
            den += float(w["nenner"])
        elif ind["art"] == "mean" and w["wert"]:
            num += float(w["wert"]) * EW_OF[w["gemeinde_id"]]
            den += EW_OF[w["gemeinde_id"]]
    if den == 0:
        return None
    return num / den * (float(ind["skala"]) if ind["art"] == "rate" else 1.0)


def polarity(nr):
    p = next(k for k in KATALOG if int(k["indikator"]) == nr)["polaritaet"]
    return {"+": 1, "-": -1}.get(p, 0)


def composite(indicators, centre, polarities=None, weights=None, min_cov=2 / 3, rows=None, value=None):
    """Index per SR (1..13): z per indicator (centre 'lk' = Landkreis value, 'mean' = mean of the SR), weighted
    mean of the available z with coverage >= min_cov, divided by the sample SD of that mean over the SR.
    value(nr, sr) (sr None = Landkreis) in place of area_value(nr, sr, rows), e.g. a change between two years."""
    weights = weights or {nr: 1.0 for nr in indicators}
    polarities = polarities or {nr: polarity(nr) for nr in indicators}
    value = value or (lambda nr, sr: area_value(nr, sr, rows))
    z = {}
    for nr in indicators:
        xs = {sr: value(nr, sr) for sr in range(1, 14)}
        vals = [v for v in xs.values() if v is not None]
        s = statistics.stdev(vals)
        c = value(nr, None) if centre == "lk" else statistics.mean(vals)
        z[nr] = {sr: None if v is None else polarities[nr] * (v - c) / s for sr, v in xs.items()}
    total = sum(weights[nr] for nr in indicators)
    raw = {}
    for sr in range(1, 14):
        avail = [(weights[nr], z[nr][sr]) for nr in indicators if z[nr][sr] is not None and weights[nr] > 0]
        wsum = sum(w for w, _ in avail)
        raw[sr] = sum(w * v for w, v in avail) / wsum if wsum and wsum / total >= min_cov else None
    sd = statistics.stdev([v for v in raw.values() if v is not None])
    return {sr: None if v is None else v / sd for sr, v in raw.items()}


def klasse(v, cuts=(-1.0, 1.0, 1.5), labels=("unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht")):
    # The "belastung" scheme as issue 11 decides it (Berlin MSS boundary rule): a value equal to a cut-point goes
    # to the class nearer 0, so -1,0 and +1,0 are "durchschnittlich" and 1,5 is "erhöht".
    k = sum(1 for c in cuts if (v > c if c > 0 else v >= c))
    return labels[k]


def tagged(code):
    return [int(k["indikator"]) for k in KATALOG
            if code in k["lebenslage"].split(";") and k["art"] and k["polaritaet"] in ("+", "-")]


# ---- helpers -----------------------------------------------------------------------------------------------

def cell(doc, sheet, addr):
    return doc.Sheets.getByName(sheet).getCellRangeByName(addr)


def num(doc, sheet, addr):
    c = cell(doc, sheet, addr)
    if c.getError():
        raise AssertionError(f"{sheet}.{addr}: error {c.getError()}")
    return c.getValue()


def named(doc, name):
    return doc.NamedRanges.getByName(name).ReferredCells


def formula_results(doc):
    """{(sheet, row, col): result} of every formula cell; an error result is None (getDataArray)."""
    from com.sun.star.sheet.CellFlags import FORMULA
    out = {}
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        cur = sh.createCursor()
        cur.gotoEndOfUsedArea(False)
        used = sh.getCellRangeByPosition(0, 0, cur.RangeAddress.EndColumn, cur.RangeAddress.EndRow)
        found = used.queryContentCells(FORMULA)
        for k in range(found.Count):
            a = found.getByIndex(k).RangeAddress
            block = sh.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow).getDataArray()
            for r, row in enumerate(block):
                for c, v in enumerate(row):
                    out[(sh.Name, f"{col_letters(a.StartColumn + c)}{a.StartRow + r + 1}")] = v
    return out


def same_result(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


shared_docs = {}  # slug -> a loaded template that no test changes


class TemplatesTest(unittest.TestCase):
    def load(self, slug, edit=False):
        """The template as a planner opens it: no recalculation (OpenAndRecalc shows that every formula cell
        then holds what a recalculation gives). Tests that only read share one loaded copy; edit=True gives a
        test its own."""
        if not edit:
            if slug not in shared_docs:
                shared_docs[slug] = office.load(private_copy(slug))
            return shared_docs[slug]
        doc = office.load(private_copy(slug))
        self.addCleanup(doc.close, True)
        return doc

    def assertClose(self, a, b, tol=1e-9, msg=""):
        self.assertTrue(math.isclose(a, b, rel_tol=tol, abs_tol=tol), f"{msg}: {a} != {b}")


class OpenAndRecalc(TemplatesTest):
    def test_every_template_has_all_formats_and_no_error_cell(self):
        for slug in build.TEMPLATES:
            with self.subTest(slug=slug):
                for ext in ("ots", "ods", "xlsx"):
                    self.assertTrue(os.path.isfile(path(slug, ext)), path(slug, ext))
                # The XLSX's Normal style in the built-in general format (isp_templates/office.py): with
                # "[$-407]General" there, Calc opens the file ten times slower (bench/calc/xlsx_open_bench.py).
                with zipfile.ZipFile(path(slug, "xlsx")) as z:
                    self.assertRegex(z.read("xl/styles.xml").decode("utf-8"),
                                     r'<cellStyleXfs count="\d+"><xf numFmtId="0"')
                doc = office.load(private_copy(slug))
                self.addCleanup(doc.close, True)
                on_open = formula_results(doc)
                doc.calculateAll()
                self.assertEqual(build.error_cells(doc), [], f"{slug}: error cells after recalculation")
                # What a planner sees on opening (Calc does not recalculate an ODS from LibreOffice on load) is
                # what a recalculation gives: a formula result cached wrongly at build time (e.g. an empty
                # result read early on load, issue 12: #NV in the Sozialraumgespräch head) would show here.
                recalculated = formula_results(doc)
                differ = [(k, v, recalculated.get(k)) for k, v in on_open.items()
                          if not same_result(v, recalculated.get(k))]
                self.assertEqual(differ[:5], [], f"{slug}: {len(differ)} cells show other values on opening")


class Sozialraummonitor(TemplatesTest):
    def test_public_sheet_has_no_number_no_rank_and_fixed_order(self):
        doc = self.load("sozialraummonitor")
        sh = doc.Sheets.getByName("Sozialraummonitor")
        cur = sh.createCursor()
        cur.gotoEndOfUsedArea(False)
        end = cur.RangeAddress
        from com.sun.star.table.CellContentType import FORMULA, VALUE
        for r in range(end.EndRow + 1):
            for c in range(end.EndColumn + 1):
                x = sh.getCellByPosition(c, r)
                t = x.getType()
                self.assertNotEqual(t, VALUE, f"numeric cell at row {r + 1}, column {c + 1}")
                if t == FORMULA:
                    self.assertNotEqual(x.FormulaResultType2, 1, f"formula with a number at row {r + 1}, col {c + 1}")
                    self.assertNotRegex(x.getFormula().upper(), r"\b(RANK|LARGE|SMALL)\b")
        labels = [sh.getCellRangeByName(f"A{8 + i}").getString() for i in range(13)]
        self.assertEqual(labels, [f"SR {i}" for i in range(1, 14)])

    def test_every_dimension_shows_classes(self):
        """Issue 11 item 6: every Dimension (also "Räumliche Beschaffenheit") has a class for every Sozialraum."""
        doc = self.load("sozialraummonitor")
        sh = doc.Sheets.getByName("Sozialraummonitor")
        for i in range(13):
            for j, name in enumerate(D.DIMENSIONEN):
                label = sh.getCellByPosition(2 + j, 7 + i).getString()
                self.assertIn(label, ("unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"),
                              f"SR {i + 1}, {name}")

    def test_lebenslage_index_equals_hand_computation(self):
        doc = self.load("sozialraummonitor")
        for j, code in enumerate("KTSB"):
            col = GROUP_COLS[9 + j]
            expected = composite(tagged(code), "lk")
            for sr in range(1, 14):
                got = cell(doc, "Rechenweg", f"{col}{RW['idx0'] + sr - 1}")
                if expected[sr] is None:
                    self.assertEqual(got.getString(), "", f"{code} SR {sr}")
                    continue
                self.assertClose(got.getValue(), expected[sr], 1e-9, f"Lebenslage {code}, SR {sr}")
                label = cell(doc, "Rechenweg", f"{col}{RW['kl0'] + sr - 1}").getString()
                self.assertEqual(label, klasse(expected[sr]), f"class {code} SR {sr}")

    def test_centre_on_mean_of_sozialraeume(self):
        doc = self.load("sozialraummonitor", edit=True)
        named(doc, "Zentrierung").getCellByPosition(0, 0).setString("Mittel der Sozialräume")
        doc.calculateAll()
        expected = composite(tagged("K"), "mean")
        for sr in range(1, 14):
            self.assertClose(num(doc, "Rechenweg", f"{GROUP_COLS[9]}{RW['idx0'] + sr - 1}"), expected[sr], 1e-9,
                             f"SR {sr}")

    def test_what_if_weight_changes_class_inputs(self):
        doc = self.load("sozialraummonitor", edit=True)
        k = tagged("K")
        before = num(doc, "Rechenweg", f"{GROUP_COLS[9]}{RW['idx0']}")
        # Parameter rows are in catalogue order (row 21 = indicator 1); weight of indicator 18 to 0.
        cell(doc, "Parameter", f"I{21 + 18 - 1}").setValue(0)
        doc.calculateAll()
        weights = {nr: (0.0 if nr == 18 else 1.0) for nr in k}
        expected = composite(k, "lk", weights=weights)
        after = num(doc, "Rechenweg", f"{GROUP_COLS[9]}{RW['idx0']}")
        self.assertNotAlmostEqual(before, after)
        self.assertClose(after, expected[1], 1e-9, "SR 1 after weight change")


class Sozialstrukturatlas(TemplatesTest):
    def test_sr_values_are_ratios_of_sums(self):
        doc = self.load("sozialstrukturatlas")
        for nr in (18, 24, 12, 53):
            row = 5 + nr  # catalogue order, first indicator in row 6
            for sr in (1, 3, 13):
                col = chr(ord("E") + sr - 1)
                self.assertClose(num(doc, "Atlas Sozialräume", f"{col}{row}"), area_value(nr, sr), 1e-9,
                                 f"indicator {nr}, SR {sr}")

    def test_every_indicator_has_values_for_every_area(self):
        """Issue 11 item 6: all 56 rows show a value for every Sozialraum, Planungsraum and the Landkreis (the
        sample leaves four Gemeinde cells empty on purpose, never a whole Sozialraum); counts are sums."""
        doc = self.load("sozialstrukturatlas")
        sh = doc.Sheets.getByName("Atlas Sozialräume")
        rows = sh.getCellRangeByName("E6:W61").DataArray  # 13 SR + 5 PR + Landkreis, catalogue order
        for k, row in enumerate(rows):
            for j, v in enumerate(row):
                self.assertIsInstance(v, float, f"indicator {k + 1}, column {j + 1}: {v!r}")
        ew = sum(float(g["einwohner"]) for g in GEBIETE)
        self.assertEqual(rows[9][-1], ew)  # Bevölkerung insgesamt (10), Landkreis = Σ Einwohner
        self.assertAlmostEqual(rows[1][-1], sum(float(g["flaeche_km2"]) for g in GEBIETE), delta=1e-9)
        self.assertAlmostEqual(rows[10][-1], area_value(11), delta=1e-9)  # Bevölkerungsdichte
        self.assertAlmostEqual(area_value(11), ew / sum(float(g["flaeche_km2"]) for g in GEBIETE), delta=1e-9)

    def test_raumprofil_follows_the_id_cell(self):
        doc = self.load("sozialstrukturatlas", edit=True)
        cell(doc, "Raumprofil", "B6").setString("Gemeinde")
        cell(doc, "Raumprofil", "B7").setString("G05")
        doc.calculateAll()
        self.assertEqual(cell(doc, "Raumprofil", "B8").getString(), "Crimmitschau")
        self.assertClose(num(doc, "Raumprofil", "B9"), 18000, 0)


class Fachplaene(TemplatesTest):
    def test_belastungsindex_jugendhilfe_equals_hand_computation(self):
        plan_inds = tagged("K")  # the Lebenslage's indicators, as in the monitor
        doc = self.load("jugendhilfe")
        n = len(plan_inds)
        col = chr(ord("A") + 3 + n)  # index in SD units
        expected = composite(plan_inds, "lk")  # centred on the Landkreis, as the monitor
        for sr in range(1, 14):
            self.assertClose(num(doc, "Sozialraumanalyse", f"{col}{9 + sr}"), expected[sr], 1e-9, f"SR {sr}")

    def test_fortschreibung_due_date(self):
        doc = self.load("jugendhilfe")
        self.assertEqual(cell(doc, "Fortschreibung", "E6").getString(), "15.01.2029")  # 15.01.2024 + 5 years
        self.assertEqual(cell(doc, "Fortschreibung", "E8").getString(), "01.03.2024")  # 01.03.2021 + 3 years

    def test_priority_follows_open_demand_and_class(self):
        doc = self.load("jugendhilfe")
        sh = "3 Bewertung und Empfehlung"
        for r in range(7, 20):
            bestand, bedarf = num(doc, sh, f"C{r}"), num(doc, sh, f"D{r}")
            klasse_ = cell(doc, sh, f"H{r}").getString()
            want = ("hoch" if klasse_ in ("erhöht", "stark erhöht") else "mittel") if bestand < bedarf else "niedrig"
            self.assertEqual(cell(doc, sh, f"I{r}").getString(), want, f"row {r}")
            self.assertEqual(cell(doc, sh, f"G{r}").getString(), "gedeckt" if bestand >= bedarf else "offener Bedarf")

    def test_kita_what_if_quota_and_places(self):
        doc = self.load("kita", edit=True)
        kinder = num(doc, "Bedarfsrechnung", "C7")
        puffer = num(doc, "Bedarfsrechnung", "E7")
        self.assertClose(num(doc, "Bedarfsrechnung", "F7"), kinder * 0.45 * (1 + puffer), 1e-12, "Bedarf U3 SR 1")
        named(doc, "Zielquote_U3").getCellByPosition(0, 0).setValue(0.5)
        doc.calculateAll()
        bedarf = num(doc, "Bedarfsrechnung", "F7")
        self.assertClose(bedarf, kinder * 0.5 * (1 + puffer), 1e-12, "Bedarf after the quota change")
        plaetze = num(doc, "Bedarfsrechnung", "G7")
        cell(doc, "Bedarfsrechnung", "H7").setValue(5)
        doc.calculateAll()
        self.assertClose(num(doc, "Bedarfsrechnung", "I7"), plaetze + 5, 0)
        self.assertClose(num(doc, "Bedarfsrechnung", "K7"), (plaetze + 5) / bedarf, 1e-12, "Deckungsgrad")
        self.assertClose(num(doc, "Bedarfsrechnung", "J7"), (plaetze + 5) / kinder, 1e-12, "Versorgungsgrad")
        self.assertClose(num(doc, "3 Bewertung und Empfehlung", "E7"), (plaetze + 5) / bedarf, 1e-12, "phase 3")

    def test_senioren_projection_is_sum_of_rates_times_population(self):
        doc = self.load("senioren")
        rates = [num(doc, "Pflegeprognose", f"{c}8") for c in "BCDEFG"]
        pop = [num(doc, "Pflegeprognose", f"{c}12") for c in "BCDEFG"]
        self.assertClose(num(doc, "Pflegeprognose", "H12"), sum(r * p for r, p in zip(rates, pop)), 1e-12)


class XlsxRoundTrip(TemplatesTest):
    def test_formulas_and_values_survive(self):
        checks = [("sozialraummonitor", "Rechenweg", f"{GROUP_COLS[9]}{RW['idx0'] + 2}"),
                  ("kita", "Bedarfsrechnung", "K7"), ("jugendhilfe", "HzE-Monitoring", "L7"),
                  ("schule", "Bedarfsrechnung", "C7"), ("sozialstrukturatlas", "Atlas Sozialräume", "E23")]
        for slug, sheet, addr in checks:
            with self.subTest(slug=slug):
                ods = self.load(slug)
                want = num(ods, sheet, addr)
                doc = office.load(private_copy(slug, "xlsx"))
                self.addCleanup(doc.close, True)
                cached = num(doc, sheet, addr)  # before any recalculation: the stored value
                self.assertClose(cached, want, 1e-9, f"{slug} cached")
                self.assertTrue(cell(doc, sheet, addr).getFormula().startswith("="), "formula kept")
                doc.calculateAll()
                self.assertClose(num(doc, sheet, addr), want, 1e-9, f"{slug} recalculated")
                if slug != "sozialraummonitor":
                    continue  # a second round trip of one template: each XLSX load takes 10-40 s
                tmp = os.path.join(workdir, f"{slug}.xlsx")
                store(doc, tmp, "xlsx")
                again = office.load(tmp)
                self.addCleanup(again.close, True)
                again.calculateAll()
                self.assertClose(num(again, sheet, addr), want, 1e-9, f"{slug} second round trip")


if __name__ == "__main__":
    unittest.main()
