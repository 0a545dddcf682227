"""Bildungsmonitoring (issue 16 item 3, domain T2) in headless Calc with the add-in: the sheets "Übergänge" (one
row per year and Sozialraum, the year's Landkreis row below) and "Übergänge Landkreis" (time series, chart,
changes per Sozialraum).

The rows and columns are found by their texts (the header row "Jahr" | "Sozialraum", the year and Sozialraum of
each row), not by the template's own constants. Expected quotas are computed here in Python from the input
counts: quota = numerator ÷ denominator (Zurückstellungsquote: Zurückstellungen ÷ (Schulanfänger +
Zurückstellungen)), a numerator of 1 or 2 shown as "." (ISP_QUOTE's default k = 3), and the Landkreis quota =
Σ numerators ÷ Σ denominators over the 13 Sozialräume – written out with literal counts in
test_landkreis_is_sum_over_sum_not_a_mean, where the mean of the Sozialraum quotas differs from it. Changes:
counts current ÷ previous − 1, quotas in percentage points 100 × (current − previous). Checked to fail: with the
Landkreis quota of 2023 replaced by AVERAGE of the Sozialraum quotas, test_landkreis_is_sum_over_sum_not_a_mean
and test_sample_quotas_by_hand fail.
"""
import os
import sys
import unittest

import calc_templates as T

sys.path.insert(0, os.path.join(T.ROOT, "tests", "calc"))
from chart_model import categories, chart_of, series_of  # noqa: E402

NSR = 13
SHEET = "Übergänge"
SHEET_LK = "Übergänge Landkreis"
YEARS = (2021, 2022, 2023)
# quota header -> (numerator header, denominator headers summed)
QUOTAS = {
    "Kita-Besuchsquote vor Einschulung": ("davon in Kita (letztes Kita-Jahr)", ["Kinder im Jahr vor der Einschulung"]),
    "Zurückstellungsquote": ("Zurückstellungen", ["Schulanfänger (eingeschult)", "Zurückstellungen"]),
    "Empfehlungsquote Gymnasium": ("Bildungsempfehlung Gymnasium", ["Schüler Klasse 4"]),
    "Übergangsquote Gymnasium": ("Übergang Gymnasium", ["Schüler Klasse 4"]),
    "Übergangsquote Oberschule": ("Übergang Oberschule", ["Schüler Klasse 4"]),
    "Quote ohne Abschluss": ("davon ohne Abschluss", ["Schulabgänger"]),
    "Übergangsquote duale Ausbildung": ("Übergang in duale Ausbildung", ["Schulabgänger"]),
}


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def by_hand(num, dens):
    """Quota as ISP_QUOTE with k = 3 shows it (None = empty)."""
    if num is None or any(d is None for d in dens):
        return None
    den = sum(dens)
    if den == 0:
        return None
    if 0 < num < 3:
        return "."
    return num / den


def value(c):
    """The cell as a planner reads it: None when empty (also a formula's empty text), else number or text."""
    if c.getError():
        return f"Err:{c.getError()}"
    kind = c.getType().value
    if kind == "EMPTY":
        return None
    if kind == "VALUE" or (kind == "FORMULA" and c.FormulaResultType2 == 1):  # sheet.FormulaResult.VALUE
        return c.getValue()
    return c.getString() or None


class Uebergaenge(unittest.TestCase):
    def setUp(self):
        self.doc = T.office.load(T.private_copy("bildung"))
        self.doc.calculateAll()
        self.sh = self.doc.Sheets.getByName(SHEET)
        self.sh.unprotect("")
        grid = self.sh.getCellRangeByName("A1:AD200").getDataArray()
        head = next(r for r, row in enumerate(grid) if row[:2] == ("Jahr", "Sozialraum"))
        self.col = {h: c for c, h in enumerate(grid[head]) if h}
        self.row = {}  # (year, i) -> 0-based row; i = 13: the Landkreis
        for r in range(head + 1, len(grid)):
            year, key = grid[r][:2]
            if year in YEARS:
                self.row[(int(year), NSR if key == "Landkreis" else int(key) - 1)] = r
        self.assertEqual(len(self.row), len(YEARS) * (NSR + 1))

    def tearDown(self):
        self.doc.close(True)

    def at(self, year, i, header):
        """The cell of Sozialraum i + 1 (i = 13: the Landkreis row) in the year's block."""
        return self.sh.getCellByPosition(self.col[header], self.row[(year, i)])

    def counts(self, year, header):
        return [value(self.at(year, i, header)) for i in range(NSR)]

    def set_counts(self, year, header, values):
        for i, v in enumerate(values):
            c = self.at(year, i, header)
            if v is None:
                c.setString("")
            else:
                c.setValue(v)

    def check_block(self, year):
        for q, (num, dens) in QUOTAS.items():
            nums, den_cols = self.counts(year, num), [self.counts(year, d) for d in dens]
            for i in range(NSR):
                with self.subTest(year=year, quota=q, sr=i + 1):
                    want = by_hand(nums[i], [d[i] for d in den_cols])
                    got = value(self.at(year, i, q))
                    if isinstance(want, float):
                        self.assertAlmostEqual(got, want, delta=1e-12)
                    else:
                        self.assertEqual(got, want)
            with self.subTest(year=year, quota=q, sr="Landkreis"):
                complete = None not in nums and all(None not in d for d in den_cols)
                want = by_hand(sum(nums), [sum(d) for d in den_cols]) if complete else None
                got = value(self.at(year, NSR, q))
                if isinstance(want, float):
                    self.assertAlmostEqual(got, want, delta=1e-12)
                else:
                    self.assertEqual(got, want)

    def test_sample_quotas_by_hand(self):
        for y in YEARS:
            self.check_block(y)
        self.assertGreater(self.counts(2023, "Schulabgänger")[0], 100, "sample counts are there")

    def test_landkreis_is_sum_over_sum_not_a_mean(self):
        """Schulabgänger and Abgänger ohne Abschluss of 2023 set to literal counts; the small Sozialraum 2 has a
        quota of 50 %. By hand: Σ ohne Abschluss = 179, Σ Schulabgänger = 2770, Landkreis = 179 ÷ 2770 = 6,46 %;
        the mean of the 13 quotas would be 1,28 ÷ 13 = 9,85 %."""
        abg = [900, 20, 300, 150, 200, 100, 200, 200, 200, 100, 150, 100, 150]
        ohne = [45, 10, 24, 9, 14, 6, 12, 16, 10, 8, 9, 7, 9]
        self.assertEqual((sum(abg), sum(ohne)), (2770, 179))
        self.set_counts(2023, "Schulabgänger", abg)
        self.set_counts(2023, "davon ohne Abschluss", ohne)
        self.doc.calculateAll()
        quotas = [0.05, 0.5, 0.08, 0.06, 0.07, 0.06, 0.06, 0.08, 0.05, 0.08, 0.06, 0.07, 0.06]  # ohne ÷ abg by hand
        for i, q in enumerate(quotas):
            self.assertAlmostEqual(value(self.at(2023, i, "Quote ohne Abschluss")), q, delta=1e-12, msg=f"SR {i + 1}")
        landkreis = value(self.at(2023, NSR, "Quote ohne Abschluss"))
        self.assertAlmostEqual(landkreis, 179 / 2770, delta=1e-12)
        self.assertAlmostEqual(sum(quotas) / 13, 1.28 / 13, delta=1e-12)
        self.assertGreater(abs(landkreis - 1.28 / 13), 0.03, "the Landkreis row is no mean of the quotas")
        self.assertEqual(value(self.at(2023, NSR, "Schulabgänger")), 2770)
        self.assertEqual(value(self.at(2023, NSR, "davon ohne Abschluss")), 179)
        # The named result that the Wertekorridor on 2 Bedarfserfassung reads is this Landkreis cell.
        self.assertEqual(self.named_cell("Bildung_OhneAbschluss_LK"), (SHEET, self.col["Quote ohne Abschluss"],
                                                                      self.row[(2023, NSR)]))
        self.check_block(2023)

    def named_cell(self, name):
        a = self.doc.NamedRanges.getByName(name).getReferredCells().getCellAddress()
        return self.doc.Sheets.getByIndex(a.Sheet).Name, a.Column, a.Row

    def test_changed_counts_recompute(self):
        """Sozialraum 4, 2022: 120 Kinder im Jahr vor der Einschulung, 114 davon in Kita → 114 ÷ 120 = 95 %;
        180 Schulanfänger and 20 Zurückstellungen → 20 ÷ 200 = 10 %; 160 Schüler Klasse 4, 72 Empfehlungen,
        64 Gymnasium, 92 Oberschule → 45 %, 40 %, 57,5 %."""
        i = 3
        for header, v in (("Kinder im Jahr vor der Einschulung", 120), ("davon in Kita (letztes Kita-Jahr)", 114),
                          ("Schulanfänger (eingeschult)", 180), ("Zurückstellungen", 20), ("Schüler Klasse 4", 160),
                          ("Bildungsempfehlung Gymnasium", 72), ("Übergang Gymnasium", 64),
                          ("Übergang Oberschule", 92)):
            self.at(2022, i, header).setValue(v)
        self.doc.calculateAll()
        for header, want in (("Kita-Besuchsquote vor Einschulung", 0.95), ("Zurückstellungsquote", 0.10),
                             ("Empfehlungsquote Gymnasium", 0.45), ("Übergangsquote Gymnasium", 0.40),
                             ("Übergangsquote Oberschule", 0.575)):
            self.assertAlmostEqual(value(self.at(2022, i, header)), want, delta=1e-12, msg=header)
        self.assertEqual(value(self.at(2022, i, "Schulpflichtige (Schulanfänger + Zurückstellungen)")), 200)
        self.check_block(2022)

    def test_small_numerator_is_suppressed_and_zero_is_shown(self):
        self.at(2021, 1, "davon ohne Abschluss").setValue(2)
        self.at(2021, 2, "davon ohne Abschluss").setValue(0)
        self.doc.calculateAll()
        self.assertEqual(value(self.at(2021, 1, "Quote ohne Abschluss")), ".")
        self.assertEqual(value(self.at(2021, 2, "Quote ohne Abschluss")), 0.0)
        self.check_block(2021)

    def test_missing_count_is_no_zero(self):
        """A missing count empties the Sozialraum's quota and the Landkreis sum and quota (an incomplete sum would
        read as complete); the other quotas of the block stay."""
        self.at(2023, 5, "Schulabgänger").setString("")
        self.doc.calculateAll()
        for header in ("Quote ohne Abschluss", "Übergangsquote duale Ausbildung"):
            self.assertIsNone(value(self.at(2023, 5, header)), header)
            self.assertIsNone(value(self.at(2023, NSR, header)), header)
        self.assertIsNone(value(self.at(2023, NSR, "Schulabgänger")))
        self.assertIsInstance(value(self.at(2023, NSR, "Übergangsquote Gymnasium")), float)
        self.check_block(2023)

    def test_time_series_and_changes(self):
        lk = self.doc.Sheets.getByName(SHEET_LK)
        col_a = lk.getCellRangeByName("A1:A80").getDataArray()
        head = next(r for r, (v,) in enumerate(col_a) if v == "Jahr")
        header = lk.getCellRangeByPosition(0, head, 30, head).getDataArray()[0]
        rows = lk.getCellRangeByPosition(0, head + 1, 30, head + len(YEARS)).getDataArray()
        self.assertEqual([int(r[0]) for r in rows], list(YEARS))
        for k, y in enumerate(YEARS):
            for q in QUOTAS:
                self.assertEqual(rows[k][header.index(q)], value(self.at(y, NSR, q)), (y, q))
        start = [value(self.at(y, NSR, "Schulanfänger (eingeschult)")) for y in YEARS]
        abg = [value(self.at(y, NSR, "Schulabgänger")) for y in YEARS]
        c_start, c_abg = header.index("Schulanfänger (eingeschult)"), header.index("Schulabgänger")
        self.assertEqual([r[c_start] for r in rows], start)
        self.assertEqual([r[c_abg] for r in rows], abg)
        self.assertEqual(rows[0][c_start + 1], "")
        for k in (1, 2):
            self.assertAlmostEqual(rows[k][c_start + 1], start[k] / start[k - 1] - 1, delta=1e-12)
            self.assertAlmostEqual(rows[k][c_abg + 1], abg[k] / abg[k - 1] - 1, delta=1e-12)
        # Change per Sozialraum 2022 → 2023 in percentage points.
        vt = next(r for r, (v,) in enumerate(col_a) if str(v).startswith("Veränderung der Quoten je Sozialraum"))
        vheader = lk.getCellRangeByPosition(0, vt + 1, 10, vt + 1).getDataArray()[0]
        table = lk.getCellRangeByPosition(0, vt + 2, 10, vt + 2 + NSR).getDataArray()
        checked = 0
        for i in range(NSR + 1):
            self.assertEqual(table[i][0], float(i + 1) if i < NSR else "Landkreis")
            for q in QUOTAS:
                a, b = value(self.at(2022, i, q)), value(self.at(2023, i, q))
                got = table[i][vheader.index(q)]
                if isinstance(a, float) and isinstance(b, float):
                    self.assertAlmostEqual(got, 100 * (b - a), delta=1e-9, msg=(i, q))
                    checked += 1
                else:
                    self.assertEqual(got, "", (i, q))
        self.assertGreater(checked, 80)

    def test_chart_of_landkreis_quotas(self):
        """One line chart: the years as categories, one series per quota (named by its header) with the Landkreis
        quota of each year; a changed count moves the line."""
        model = chart_of(self.doc, SHEET_LK)
        self.assertEqual("".join(t.String for t in model.getTitleObject().getText()), "Übergangsquoten im Landkreis")
        self.assertEqual([float(c) for c in categories(model)], [float(y) for y in YEARS])
        series = series_of(model)
        self.assertEqual([name for name, _, _ in series], list(QUOTAS))
        for name, values, _ in series:
            want = [value(self.at(y, NSR, name)) for y in YEARS]
            for v, w in zip(values, want):
                self.assertAlmostEqual(v, w, delta=1e-12, msg=name)
        self.set_counts(2023, "Schulabgänger", [900, 20, 300, 150, 200, 100, 200, 200, 200, 100, 150, 100, 150])
        self.set_counts(2023, "davon ohne Abschluss", [45, 10, 24, 9, 14, 6, 12, 16, 10, 8, 9, 7, 9])
        self.doc.calculateAll()
        values = dict((name, v) for name, v, _ in series_of(chart_of(self.doc, SHEET_LK)))["Quote ohne Abschluss"]
        self.assertAlmostEqual(values[-1], 179 / 2770, delta=1e-12)

    def test_wertekorridor(self):
        """2 Bedarfserfassung: the Landkreis quota ohne Abschluss against its corridor 4 %–6 %: with 179 ÷ 2770 =
        6,46 % "oberhalb", deviation 0,46 percentage points (as a fraction 0,0046…)."""
        abg = [900, 20, 300, 150, 200, 100, 200, 200, 200, 100, 150, 100, 150]
        ohne = [45, 10, 24, 9, 14, 6, 12, 16, 10, 8, 9, 7, 9]
        self.set_counts(2023, "Schulabgänger", abg)
        self.set_counts(2023, "davon ohne Abschluss", ohne)
        self.doc.calculateAll()
        sh = self.doc.Sheets.getByName("2 Bedarfserfassung")
        col_a = sh.getCellRangeByName("A1:A120").getDataArray()
        r = next(r for r, (v,) in enumerate(col_a) if v == "Quote ohne Abschluss (Landkreis)")
        row = sh.getCellRangeByPosition(0, r, 5, r).getDataArray()[0]
        self.assertAlmostEqual(row[1], 179 / 2770, delta=1e-12)
        self.assertEqual((row[2], row[3]), (0.04, 0.06))
        self.assertEqual(row[4], "oberhalb")
        self.assertAlmostEqual(row[5], 179 / 2770 - 0.06, delta=1e-12)


class XlsxRoundTrip(unittest.TestCase):
    def test_quotas_survive(self):
        """The XLSX copy keeps the ISP_QUOTE formulas and their values: the cached value on opening and the value
        after a recalculation equal the ODS (Landkreis and Sozialraum 1, 2023)."""
        ods = T.office.load(T.private_copy("bildung"))
        self.addCleanup(ods.close, True)
        doc = T.office.load(T.private_copy("bildung", "xlsx"))
        self.addCleanup(doc.close, True)
        named = ods.NamedRanges.getByName("Bildung_OhneAbschluss_LK").getReferredCells().getCellAddress()
        for dr in (0, -13):  # the Landkreis row of 2023, Sozialraum 1 of 2023 (13 rows above)
            want = ods.Sheets.getByName(SHEET).getCellByPosition(named.Column, named.Row + dr)
            got = doc.Sheets.getByName(SHEET).getCellByPosition(named.Column, named.Row + dr)
            self.assertIn("QUOTE", got.getFormula().upper())
            self.assertAlmostEqual(got.getValue(), want.getValue(), delta=1e-12)
            self.assertGreater(want.getValue(), 0.0)
        doc.calculateAll()
        for dr in (0, -13):
            want = ods.Sheets.getByName(SHEET).getCellByPosition(named.Column, named.Row + dr).getValue()
            got = doc.Sheets.getByName(SHEET).getCellByPosition(named.Column, named.Row + dr)
            self.assertEqual(got.getError(), 0)
            self.assertAlmostEqual(got.getValue(), want, delta=1e-12)


if __name__ == "__main__":
    unittest.main()
