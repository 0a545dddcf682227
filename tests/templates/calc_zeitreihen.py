"""The sheet "Zeitreihe" of the Jugendhilfe-, Teilhabe-, Senioren-Sozialplanung and the Kita-Bedarfsplanung (issue
16 item 2, series and Fortschreibung) in headless Calc with the add-in.

Expected values are computed here in Python from the input cells of the built template (counts and reference
population per Sozialraum and year), never read from the sheet's own rate, change or trend cells:
rate = count ÷ reference × 1.000 (Kita: × 100, the Betreuungsquote U3 in %); Landkreis rate = Σ counts ÷ Σ
references × scale (and not the mean of the Sozialräume' rates), empty when a count is missing; change = rate ÷
previous rate − 1; trend = (last ÷ first)^(1 ÷ years) − 1 from the year of the last break. A few cases are written
out by hand (30 ÷ 1.000 and 33 ÷ 1.100 give 30,0 twice: change 0 %).
A flagged break (Reihenbruch) must show the text "Bruch" in the change cell instead of a number.

Kita, newest year: children under 3 in care per Sozialraum = Σ Belegung U3 of the Einrichtungen on
"1 Bestandserfassung" + Σ belegt of the Tagespflegestellen on "1 Kindertagespflege", each row placed by its
Gemeinde-ID through data/sample/gebiete.csv (not the sheets' own Sozialraum lookup); children under 3 = Σ of the
Sozialraum's Gemeinden's rows 0–3 of the chosen variant on the sheet Bevölkerungsvorausberechnung in the Basisjahr
(calc_demografie's hand sum). A row with U3 places but no occupancy leaves its Sozialraum's count empty, not 0.

Sozialstrukturatlas: a break listed on the sheet Reihenbrüche (the sample lists the area change of Werdau, G04 in
Sozialraum 3 and Planungsraum II, indicator 18, first year of the new series = the Datenjahr) makes the Raumprofil's
trend say "Reihenbruch" for an area that contains G04 (expected areas from data/sample/gebiete.csv), not for others;
it leaves the Landkreis change on Atlas Sozialräume a number (moving Gemeinden keeps the total comparable), a
Methodenwechsel turns it into "Bruch"; a break before the Vergleichsjahr is not in the comparison.
"""
import math
import os
import sys
import unittest

import calc_templates as T
from calc_demografie import group_by_hand, vb_rows
from calc_templates import SR_OF, named
from isp_templates import zeitreihe as Z
from isp_templates.t_kita import KTP0

sys.path.insert(0, os.path.join(T.ROOT, "tests", "calc"))
from atlas_profil import raumprofil_trend  # noqa: E402
from chart_model import chart_of, series_of  # noqa: E402

NSR = 13
SHEET = "Zeitreihe"
# slug -> (monitoring sheet, its first Sozialraum row, how the newest count is computed there, sample break)
PLANS = {"jugendhilfe": ("HzE-Monitoring", 7, [chr(ord("C") + j) for j in range(8)], "B"),
         "teilhabe": ("EGH-Monitoring", 7, list("CDEF"), "B"),
         "senioren": ("Pflegeprognose", 12, None, None),
         "kita": None}  # newest year from the two Bestand sheets and the projection: kita_newest_by_hand
SCALE = {"kita": 100}  # the rate per 100 (%); the others per 1,000
KITA_FIRST = 7  # first Einrichtung row of "1 Bestandserfassung"


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def value(c):
    """A cell's number, "" for an empty (or empty-text) cell, the text otherwise."""
    if c.getError():
        raise AssertionError(f"error {c.getError()} in {c.AbsoluteName}")
    s = c.getString()
    kind = c.getType().value
    if kind == "TEXT" or (kind == "FORMULA" and c.FormulaResultType2 == 2):  # FormulaResult.STRING
        return s
    return "" if kind == "EMPTY" else c.getValue()


class Zeitreihe(unittest.TestCase):
    def open(self, slug):
        doc = T.office.load(T.private_copy(slug))
        self.addCleanup(doc.close, True)
        sh = doc.Sheets.getByName(SHEET)
        sh.unprotect("")
        return doc, sh

    def v(self, sh, addr):
        return value(sh.getCellRangeByName(addr))

    def inputs(self, sh):
        """counts[i][k], refs[i][k] (i = Sozialraum 0..12) and breaks[i][k] (i = 13: the Landkreis row)."""
        counts = [[self.v(sh, f"{Z.YC[k]}{Z.EINGABE0 + i}") for k in range(Z.N)] for i in range(NSR)]
        refs = [[self.v(sh, f"{Z.RC[k]}{Z.EINGABE0 + i}") for k in range(Z.N)] for i in range(NSR)]
        breaks = [[""] + [self.v(sh, f"{Z.BC[k]}{Z.EINGABE0 + i}") for k in range(1, Z.N)] for i in range(NSR + 1)]
        return counts, refs, breaks

    def expected(self, sh, je=1000):
        """{(row i, column): value} of the rate block computed from the input cells (i = 13: the Landkreis)."""
        counts, refs, breaks = self.inputs(sh)
        exp = {}
        rates = []
        for i in range(NSR + 1):
            if i < NSR:
                row = [c / r * je if c != "" and r not in ("", 0) else "" for c, r in zip(counts[i], refs[i])]
                flagged = [breaks[i][k] != "" or breaks[NSR][k] != "" for k in range(Z.N)]
            else:
                cols = [([counts[j][k] for j in range(NSR)], [refs[j][k] for j in range(NSR)]) for k in range(Z.N)]
                # A missing count of one Sozialraum leaves the Landkreis empty (never a partial sum).
                row = ["" if "" in c or "" in r else sum(c) / sum(r) * je for c, r in cols]
                flagged = [breaks[NSR][k] != "" or any(breaks[j][k] not in ("", "Gebietsänderung")
                                                       for j in range(NSR)) for k in range(Z.N)]
            rates.append(row)
            for k in range(Z.N):
                exp[(i, Z.YC[k])] = row[k]
            for k in range(1, Z.N):
                ok = row[k - 1] not in ("", 0) and row[k] != ""
                exp[(i, Z.CHANGE[k - 1])] = "Bruch" if flagged[k] else row[k] / row[k - 1] - 1 if ok else ""
            start = max([0] + [k for k in range(1, Z.N) if flagged[k]])
            exp[(i, Z.TREND_AB)] = float(Z.JAHRE[start])
            last = Z.N - 1
            if start == last:
                exp[(i, Z.TREND_PA)] = exp[(i, Z.TREND)] = "Bruch"
            elif row[start] in ("", 0) or row[last] == "":
                exp[(i, Z.TREND_PA)] = exp[(i, Z.TREND)] = ""
            else:
                cagr = (row[last] / row[start]) ** (1 / (last - start)) - 1
                exp[(i, Z.TREND_PA)] = cagr
                tol = self.v(sh, f"B{Z.TOLERANZ_ROW}")
                exp[(i, Z.TREND)] = "steigend" if cagr > tol else "fallend" if cagr < -tol else "stabil"
        return exp, rates

    def check_rate_block(self, sh, msg="", je=1000):
        exp, rates = self.expected(sh, je)
        for (i, col), want in exp.items():
            got = self.v(sh, f"{col}{Z.QUOTE0 + i}")
            where = f"{msg} {col}{Z.QUOTE0 + i}"
            if isinstance(want, float):
                self.assertIsInstance(got, float, where)
                self.assertTrue(math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12), f"{where}: {got} != {want}")
            else:
                self.assertEqual(got, want, where)
        return exp, rates

    # ---- the sample as built ---------------------------------------------------------------------------------
    def test_rates_changes_and_trend_by_hand(self):
        for slug in PLANS:
            with self.subTest(slug=slug):
                doc, sh = self.open(slug)
                exp, rates = self.check_rate_block(sh, slug, SCALE.get(slug, 1000))
                # The Landkreis is Σ ÷ Σ, which differs from the mean of the Sozialräume' rates in the sample (by far
                # more than the 1e-6 the rates are compared with; Senioren: 0.049 per 1,000).
                mean = sum(rates[i][-1] for i in range(NSR)) / NSR
                self.assertGreater(abs(rates[NSR][-1] - mean), 0.01, "Landkreis rate must not be the mean of rates")
                # The sample's break is visible: at least one change cell says "Bruch".
                self.assertIn("Bruch", [v for (i, c), v in exp.items() if c in Z.CHANGE])

    def test_newest_year_comes_from_the_monitoring_sheet(self):
        for slug, plan in PLANS.items():
            if plan is None:
                continue  # test_kita_newest_year_from_the_bestand_sheets
            mon, first, case_cols, ref_col = plan
            with self.subTest(slug=slug):
                doc, sh = self.open(slug)
                m = doc.Sheets.getByName(mon)
                for i in range(NSR):
                    r = first + i
                    if case_cols:
                        cases = sum(m.getCellRangeByName(f"{c}{r}").getValue() for c in case_cols)
                    else:  # Pflegeprognose: Σ rate × population of the Basisjahr's block
                        rates = [m.getCellRangeByName(f"{c}8").getValue() for c in "BCDEFG"]
                        cases = sum(q * m.getCellRangeByName(f"{c}{r}").getValue() for q, c in zip(rates, "BCDEFG"))
                    ref = (m.getCellRangeByName(f"{ref_col}{r}").getValue() if ref_col else
                           sum(m.getCellRangeByName(f"{c}{r}").getValue() for c in "BCDEFG"))
                    self.assertAlmostEqual(self.v(sh, f"{Z.YC[-1]}{Z.EINGABE0 + i}"), cases, delta=1e-9)
                    self.assertAlmostEqual(self.v(sh, f"{Z.RC[-1]}{Z.EINGABE0 + i}"), ref, delta=1e-9)

    def test_hze_landkreis_series_reads_the_zeitreihe(self):
        doc, sh = self.open("jugendhilfe")
        counts, _, _ = self.inputs(sh)
        hze = doc.Sheets.getByName("HzE-Monitoring")
        rows = {int(hze.getCellByPosition(0, r).getValue()): r for r in range(20, 40)
                if hze.getCellByPosition(0, r).getValue() in Z.JAHRE}
        self.assertEqual(sorted(rows), Z.JAHRE)
        for k, y in enumerate(Z.JAHRE):
            self.assertEqual(hze.getCellByPosition(1, rows[y]).getValue(), sum(counts[i][k] for i in range(NSR)), y)

    # ---- Kita: the newest year from the Bestand sheets and the projection ------------------------------------
    def kita_newest_by_hand(self, doc):
        """[(children under 3 in care or "" when missing, children under 3)] of Sozialraum 1..13 from the input
        cells (module docstring)."""
        care = {sr: 0.0 for sr in range(1, NSR + 1)}
        missing = set()
        # (sheet, first row, Gemeinde-ID column, places U3 column, occupied column), 0-based columns
        for sheet, first, gid, places, occupied in (("1 Bestandserfassung", KITA_FIRST, 2, 4, 7),
                                                    ("1 Kindertagespflege", KTP0, 1, 3, 4)):
            data = doc.Sheets.getByName(sheet).getCellRangeByName(f"A{first}:H{first + 400}").getDataArray()
            n = 0
            for row in data:
                if row[gid] == "":
                    break
                sr = SR_OF[row[gid]]
                if row[occupied] != "":
                    care[sr] += row[occupied]
                elif row[places] != "" and row[places] > 0:
                    missing.add(sr)
                n += 1
            self.assertGreater(n, 20, sheet)
        rows = vb_rows(doc)
        variante = named(doc, "Prognosevariante").getString()
        return [("" if sr in missing else care[sr], group_by_hand(rows, sr, variante, Z.JAHRE[-1], 0, 3))
                for sr in range(1, NSR + 1)]

    def check_kita_newest(self, doc, sh, msg):
        want = self.kita_newest_by_hand(doc)
        for i, (count, ref) in enumerate(want):
            got = self.v(sh, f"{Z.YC[-1]}{Z.EINGABE0 + i}")
            if count == "":
                self.assertEqual(got, "", f"{msg}: SR {i + 1} count must be empty, not 0")
            else:
                self.assertAlmostEqual(got, count, delta=1e-9, msg=f"{msg}: SR {i + 1}")
            self.assertAlmostEqual(self.v(sh, f"{Z.RC[-1]}{Z.EINGABE0 + i}"), ref, delta=1e-9, msg=f"{msg}: SR {i + 1}")
        self.check_rate_block(sh, msg, 100)
        return want

    def test_kita_newest_year_from_the_bestand_sheets(self):
        doc, sh = self.open("kita")
        want = self.check_kita_newest(doc, sh, "as built")
        self.assertNotIn("", [c for c, _ in want])
        # The Landkreis row: Σ of the Sozialräume; its Betreuungsquote Σ care ÷ Σ children × 100, by hand.
        lk = Z.EINGABE0 + NSR
        self.assertAlmostEqual(self.v(sh, f"{Z.YC[-1]}{lk}"), sum(c for c, _ in want), delta=1e-9)
        self.assertAlmostEqual(self.v(sh, f"{Z.YC[-1]}{Z.QUOTE0 + NSR}"),
                               sum(c for c, _ in want) / sum(r for _, r in want) * 100, delta=1e-9)
        # The sample's break: a Methodenwechsel in Sozialraum 12 (t_kita) breaks its change and the Landkreis's.
        k = next(k for k in range(1, Z.N) if self.v(sh, f"{Z.BC[k]}{Z.EINGABE0 + 11}") != "")
        self.assertEqual(self.v(sh, f"{Z.BC[k]}{Z.EINGABE0 + 11}"), "Methodenwechsel")
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k - 1]}{Z.QUOTE0 + 11}"), "Bruch")
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k - 1]}{Z.QUOTE0 + NSR}"), "Bruch")
        self.assertIsInstance(self.v(sh, f"{Z.CHANGE[k - 1]}{Z.QUOTE0}"), float)

    def test_kita_edits_and_missing_occupancy(self):
        doc, sh = self.open("kita")
        bestand, ktp = (doc.Sheets.getByName(n) for n in ("1 Bestandserfassung", "1 Kindertagespflege"))
        for s in (bestand, ktp):
            s.unprotect("")
        before = self.kita_newest_by_hand(doc)
        # One child fewer in the first Tagespflegestelle: its Sozialraum's count drops by 1.
        gid = ktp.getCellRangeByName(f"B{KTP0}").getString()
        belegt = ktp.getCellRangeByName(f"E{KTP0}")
        self.assertGreater(belegt.getValue(), 0)
        belegt.setValue(belegt.getValue() - 1)
        doc.calculateAll()
        after = self.check_kita_newest(doc, sh, "KTP edit")
        self.assertEqual(after[SR_OF[gid] - 1][0], before[SR_OF[gid] - 1][0] - 1)
        # An Einrichtung with U3 places but no Belegung U3: its Sozialraum's count, the Landkreis sum and both
        # rates of the newest year are empty, not 0 or a partial sum.
        rows = bestand.getCellRangeByName(f"C{KITA_FIRST}:H{KITA_FIRST + 200}").getDataArray()
        r = next(j for j, row in enumerate(rows) if row[0] != "" and row[2] != "" and row[2] > 0)
        sr = SR_OF[rows[r][0]]
        bestand.getCellRangeByName(f"H{KITA_FIRST + r}").setString("")
        doc.calculateAll()
        self.assertEqual(self.check_kita_newest(doc, sh, "missing Belegung")[sr - 1][0], "")
        for addr in (f"{Z.YC[-1]}{Z.EINGABE0 + sr - 1}", f"{Z.YC[-1]}{Z.EINGABE0 + NSR}",
                     f"{Z.YC[-1]}{Z.QUOTE0 + sr - 1}", f"{Z.YC[-1]}{Z.QUOTE0 + NSR}",
                     f"{Z.CHANGE[-1]}{Z.QUOTE0 + sr - 1}", f"{Z.TREND}{Z.QUOTE0 + sr - 1}"):
            self.assertEqual(self.v(sh, addr), "", addr)
        # No U3 places and no Belegung U3 is no missing value: the row simply adds nothing.
        bestand.getCellRangeByName(f"E{KITA_FIRST + r}").setValue(0)
        doc.calculateAll()
        self.assertIsInstance(self.check_kita_newest(doc, sh, "no U3 places")[sr - 1][0], float)
        # A Gebietsänderung in the newest year breaks that Sozialraum's change and trend, not the Landkreis's.
        sh.getCellRangeByName(f"{Z.BC[-1]}{Z.EINGABE0 + 4}").setString("Gebietsänderung")
        doc.calculateAll()
        self.assertEqual(self.v(sh, f"{Z.CHANGE[-1]}{Z.QUOTE0 + 4}"), "Bruch")
        self.assertEqual(self.v(sh, f"{Z.TREND}{Z.QUOTE0 + 4}"), "Bruch")
        self.assertIsInstance(self.v(sh, f"{Z.CHANGE[-1]}{Z.QUOTE0 + NSR}"), float)
        self.check_kita_newest(doc, sh, "Gebietsänderung SR 5")

    # ---- what-if edits ---------------------------------------------------------------------------------------
    def test_edit_counts_by_hand(self):
        doc, sh = self.open("teilhabe")
        r = Z.EINGABE0 + 1  # Sozialraum 2
        k20, k21, k22 = (Z.JAHRE.index(Z.JAHRE[0] + d) for d in (1, 2, 3))
        for k, count, ref in ((k21, 30, 1000), (k22, 33, 1100)):
            sh.getCellRangeByName(f"{Z.YC[k]}{r}").setValue(count)
            sh.getCellRangeByName(f"{Z.RC[k]}{r}").setValue(ref)
        doc.calculateAll()
        q = Z.QUOTE0 + 1
        self.assertAlmostEqual(self.v(sh, f"{Z.YC[k21]}{q}"), 30.0, delta=1e-12)  # 30 / 1.000 × 1.000
        self.assertAlmostEqual(self.v(sh, f"{Z.YC[k22]}{q}"), 30.0, delta=1e-12)  # 33 / 1.100 × 1.000
        self.assertAlmostEqual(self.v(sh, f"{Z.CHANGE[k22 - 1]}{q}"), 0.0, delta=1e-12)
        # The Landkreis: Σ ÷ Σ of the edited column, by hand from the input cells.
        counts, refs, _ = self.inputs(sh)
        lk = Z.QUOTE0 + NSR
        want = sum(c[k21] for c in counts) / sum(x[k21] for x in refs) * 1000
        self.assertAlmostEqual(self.v(sh, f"{Z.YC[k21]}{lk}"), want, delta=1e-9)
        self.assertEqual(self.v(sh, f"{Z.YC[k21]}{Z.EINGABE0 + NSR}"), sum(c[k21] for c in counts))
        self.check_rate_block(sh, "after the edit")
        # A missing count leaves the Landkreis empty (never a partial sum) and the change next to it empty.
        sh.getCellRangeByName(f"{Z.YC[k20]}{Z.EINGABE0 + 4}").setString("")
        doc.calculateAll()
        self.assertEqual(self.v(sh, f"{Z.YC[k20]}{Z.EINGABE0 + NSR}"), "")
        self.assertEqual(self.v(sh, f"{Z.YC[k20]}{lk}"), "")
        self.assertEqual(self.v(sh, f"{Z.YC[k20]}{Z.QUOTE0 + 4}"), "")
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k20 - 1]}{Z.QUOTE0 + 4}"), "")

    def test_break_shows_instead_of_a_number(self):
        doc, sh = self.open("jugendhilfe")
        for i in range(NSR + 1):  # start from no break at all
            for c in Z.BC[1:]:
                sh.getCellRangeByName(f"{c}{Z.EINGABE0 + i}").setString("")
        doc.calculateAll()
        exp, _ = self.check_rate_block(sh, "no break")
        self.assertNotIn("Bruch", exp.values())
        k = 2  # the change JAHRE[1] -> JAHRE[2]
        q3, q4, lk = Z.QUOTE0 + 2, Z.QUOTE0 + 3, Z.QUOTE0 + NSR
        self.assertIsInstance(self.v(sh, f"{Z.CHANGE[k - 1]}{q3}"), float)
        # A Methodenwechsel in Sozialraum 3: its change and the Landkreis's show "Bruch", Sozialraum 4's not;
        # Sozialraum 3's trend starts in that year.
        sh.getCellRangeByName(f"{Z.BC[k]}{Z.EINGABE0 + 2}").setString("Methodenwechsel")
        doc.calculateAll()
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k - 1]}{q3}"), "Bruch")
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k - 1]}{lk}"), "Bruch")
        self.assertIsInstance(self.v(sh, f"{Z.CHANGE[k - 1]}{q4}"), float)
        self.assertEqual(self.v(sh, f"{Z.TREND_AB}{q3}"), float(Z.JAHRE[k]))
        self.assertEqual(self.v(sh, f"{Z.TREND_AB}{q4}"), float(Z.JAHRE[0]))
        self.check_rate_block(sh, "Methodenwechsel SR 3")
        # A Gebietsänderung (between Sozialräume) leaves the Landkreis comparable.
        sh.getCellRangeByName(f"{Z.BC[k]}{Z.EINGABE0 + 2}").setString("Gebietsänderung")
        doc.calculateAll()
        self.assertEqual(self.v(sh, f"{Z.CHANGE[k - 1]}{q3}"), "Bruch")
        self.assertIsInstance(self.v(sh, f"{Z.CHANGE[k - 1]}{lk}"), float)
        # The Landkreis row applies to every Sozialraum.
        sh.getCellRangeByName(f"{Z.BC[1]}{Z.EINGABE0 + NSR}").setString("Methodenwechsel")
        doc.calculateAll()
        for i in range(NSR + 1):
            self.assertEqual(self.v(sh, f"{Z.CHANGE[0]}{Z.QUOTE0 + i}"), "Bruch", i)
        self.check_rate_block(sh, "Landkreis row")
        # A break in the newest year: no trend, "Bruch" in both trend cells.
        sh.getCellRangeByName(f"{Z.BC[-1]}{Z.EINGABE0 + 3}").setString("Sonstiges")
        doc.calculateAll()
        self.assertEqual(self.v(sh, f"{Z.TREND_PA}{q4}"), "Bruch")
        self.assertEqual(self.v(sh, f"{Z.TREND}{q4}"), "Bruch")
        self.check_rate_block(sh, "newest year")

    def test_break_cells_have_list_validation_and_style(self):
        doc, sh = self.open("senioren")
        c = sh.getCellRangeByName(f"{Z.BC[1]}{Z.EINGABE0}")
        v = c.Validation
        self.assertEqual(v.Type.value, "LIST")
        self.assertEqual(v.getFormula1(), '"Gebietsänderung";"Methodenwechsel";"Sonstiges"')
        change = sh.getCellRangeByName(f"{Z.CHANGE[0]}{Z.QUOTE0}").ConditionalFormat
        rules = [(change.getByIndex(j).Formula1, change.getByIndex(j).StyleName) for j in range(change.Count)]
        self.assertIn(('"Bruch"', "ISP Bruch"), rules)

    # ---- the chart -------------------------------------------------------------------------------------------
    def test_chart_landkreis_and_two_chosen_sozialraeume(self):
        doc, sh = self.open("senioren")
        _, rates = self.expected(sh)
        for a, b in ((1, 8), (4, 13)):
            sh.getCellRangeByName(f"B{Z.AUSWAHL_ROW}").setValue(a)
            sh.getCellRangeByName(f"C{Z.AUSWAHL_ROW}").setValue(b)
            doc.calculateAll()
            series = series_of(chart_of(doc, SHEET, 1, 1))
            self.assertEqual([s[0] for s in series], ["Landkreis", f"SR {a}", f"SR {b}"])
            for (label, values, _), row in zip(series, (rates[NSR], rates[a - 1], rates[b - 1])):
                for got, want in zip(values, row):
                    self.assertAlmostEqual(got, want, delta=1e-9, msg=label)


class Atlas(unittest.TestCase):
    def setUp(self):
        self.doc = T.office.load(T.private_copy("sozialstrukturatlas"))
        for name in ("Reihenbrüche", "Raumprofil", "Atlas Sozialräume"):
            self.doc.Sheets.getByName(name).unprotect("")

    def tearDown(self):
        self.doc.close(True)

    def atlas_changes(self):
        """{indicator: the Landkreis change (number, "" or text)} of Atlas Sozialräume."""
        sh = self.doc.Sheets.getByName("Atlas Sozialräume")
        head = sh.getCellRangeByName("A5:AF5").getDataArray()[0]
        c = head.index("Veränderung")
        return {int(sh.getCellByPosition(1, r).getValue()): value(sh.getCellByPosition(c, r))
                for r in range(5, 5 + 56)}

    def profile_trend(self, level, area, nr=18):
        return raumprofil_trend(self.doc, level, area, nr)

    def test_landkreis_change_breaks_unless_gemeinden_only_moved(self):
        changes = self.atlas_changes()
        self.assertNotIn("Bruch", changes.values(), "a Gebietsänderung of a Gemeinde leaves the Landkreis comparable")
        self.assertIsInstance(changes[18], float)
        sh = self.doc.Sheets.getByName("Reihenbrüche")
        sh.getCellRangeByName("D7").setString("Methodenwechsel")  # the sample row: indicator 18, G04, Datenjahr
        self.doc.calculateAll()
        changes = self.atlas_changes()
        self.assertEqual(changes[18], "Bruch")
        self.assertEqual({nr for nr, v in changes.items() if v == "Bruch"}, {18})
        style = self.doc.Sheets.getByName("Atlas Sozialräume").getCellRangeByName("Y23").ConditionalFormat
        self.assertIn(('"Bruch"', "ISP Bruch"), [(style.getByIndex(j).Formula1, style.getByIndex(j).StyleName)
                                                 for j in range(style.Count)])

    def test_raumprofil_trend_shows_the_break_for_areas_with_g04(self):
        werdau = next(g for g in T.GEBIETE if g["gemeinde_id"] == "G04")
        sr, pr = int(werdau["sozialraum_id"]), werdau["planungsraum_id"]
        other_sr = next(int(g["sozialraum_id"]) for g in T.GEBIETE if g["planungsraum_id"] != pr)
        self.assertEqual(self.profile_trend("Sozialraum", sr), "Reihenbruch")
        self.assertEqual(self.profile_trend("Gemeinde", "G04"), "Reihenbruch")
        self.assertEqual(self.profile_trend("Planungsraum", pr), "Reihenbruch")
        self.assertIn(self.profile_trend("Sozialraum", other_sr), ("steigend", "stabil", "fallend"))
        self.assertIn(self.profile_trend("Gemeinde", "G05"), ("steigend", "stabil", "fallend"))
        self.assertIn(self.profile_trend("Sozialraum", sr, nr=45), ("steigend", "stabil", "fallend"))

    def test_breaks_outside_the_comparison_and_for_all_indicators(self):
        sh = self.doc.Sheets.getByName("Reihenbrüche")
        first = 7  # t_sozialstrukturatlas.BRUCH0
        sh.getCellRangeByName(f"C{first}").setValue(2021)  # before the Vergleichsjahr: not in the comparison
        self.doc.calculateAll()
        self.assertNotIn("Bruch", self.atlas_changes().values())
        self.assertIn(self.profile_trend("Sozialraum", 3), ("steigend", "stabil", "fallend"))
        # A Methodenwechsel of the whole Landkreis for every indicator (Nr. and Gemeinde empty).
        sh.getCellRangeByName(f"C{first + 1}").setValue(2023)
        sh.getCellRangeByName(f"D{first + 1}").setString("Methodenwechsel")
        self.doc.calculateAll()
        self.assertEqual(set(self.atlas_changes().values()), {"Bruch"})
        self.assertEqual(self.profile_trend("Sozialraum", 7, nr=45), "Reihenbruch")


if __name__ == "__main__":
    unittest.main()
