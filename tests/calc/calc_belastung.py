"""ISP_BELASTUNG in real Calc: equal to a careful native sheet, MSS, weights, minimum population, bad input."""
import unittest

import lo
from lo import array_formula, formula, put, read_range

# 13 areas x 5 indicators; column D is a resource (polarity -1). C6 is empty and E9 is text (missing values);
# row 11 has only 2 of 5 values (below the 2/3 coverage) and must stay empty.
MATRIX = [
    [12.5, 30.1, 4.2, 18.0, 7.7],
    [8.3, 25.4, 6.1, 15.5, 5.1],
    [15.1, 33.0, 3.3, 21.2, 9.4],
    [9.9, None, 5.5, 16.1, 6.0],
    [11.2, 28.8, 4.9, 17.3, 6.8],
    [7.4, 22.1, 7.0, 13.9, 4.4],
    [13.8, 31.7, 3.9, "k.A.", 8.1],
    [10.0, 27.2, 5.2, 16.6, 6.3],
    [6.1, None, None, None, 4.0],
    [14.7, 32.5, 3.6, 20.1, 8.8],
    [9.0, 24.9, 6.4, 15.0, 5.6],
    [12.0, 29.3, 4.5, 17.9, 7.2],
    [10.8, 26.6, 5.0, 16.8, 6.5],
]
POLARITIES = "{1;1;-1;1;1}"
POL = [1, 1, -1, 1, 1]
N = len(MATRIX)  # rows 2..14 on the sheet, columns B..F


def setUpModule():
    lo.start_module_office("belastung")


def tearDownModule():
    lo.stop_module_office()


def native_z_sheet(sh, weights, top=20):
    """The careful native sheet: mean and SD per column in helper rows, STANDARDIZE per cell, weighted mean
    per row over the available indicators, empty below 2/3 coverage. z-scores in H{top}:L{top+12}, index in M."""
    cols = "BCDEF"
    zc = "HIJKL"
    for j, c in enumerate(cols):
        formula(sh, f"{c}16", f"=AVERAGE({c}2:{c}14)")
        formula(sh, f"{c}17", f"=STDEV({c}2:{c}14)")
        formula(sh, f"{c}18", str(weights[j]))
    for i in range(N):
        r = 2 + i
        for j, c in enumerate(cols):
            sign = "-" if POL[j] < 0 else ""
            formula(sh, f"{zc[j]}{top + i}", f'=IF(ISNUMBER({c}{r});{sign}STANDARDIZE({c}{r};{c}$16;{c}$17);"")')
        z = f"H{top + i}:L{top + i}"
        formula(sh, f"M{top + i}",
                f'=IF(SUMPRODUCT(ISNUMBER({z})*(B$18:F$18>0))/SUMPRODUCT(B$18:F$18>0)>=2/3;'
                f'SUMPRODUCT(IF(ISNUMBER({z});{z};0)*B$18:F$18)/SUMPRODUCT(ISNUMBER({z})*B$18:F$18);"")')


class Belastung(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [["Gebiet", "I1", "I2", "I3", "I4", "I5"]])
        put(cls.sh, "B2", MATRIX)
        put(cls.sh, "A2", [[f"SR {i + 1}"] for i in range(N)])

    def test_mean_equals_native_sheet(self):
        native_z_sheet(self.sh, [1, 1, 1, 1, 1])
        array_formula(self.sh, "N20:N32", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        self.recalc()
        self.assertSameColumn("N20:N32", "M20:M32", tol=1e-12)
        self.assertEmptyResult("N28")  # data row 9 (sheet row 10): 2 of 5 values

    def test_weights_and_zero_weight(self):
        native_z_sheet(self.sh, [2, 1, 1, 0.5, 0], top=40)
        array_formula(self.sh, "N40:N52", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};{{2;1;1;0.5;0}})")
        # A weight of 0 equals leaving the indicator out (domain.md F3).
        array_formula(self.sh, "O40:O52", "=ISP_BELASTUNG(B2:E14;{1;1;-1;1};{2;1;1;0.5})")
        self.recalc()
        self.assertSameColumn("N40:N52", "M40:M52", tol=1e-12)
        self.assertSameColumn("N40:N52", "O40:O52", tol=1e-12)

    def test_polarities_and_weights_from_cells(self):
        put(self.sh, "Q1", [[1, 1, -1, 1, 1], [1, 1, 1, 1, 1]])
        array_formula(self.sh, "Q3:Q15", "=ISP_BELASTUNG(B2:F14;Q1:U1;Q2:U2)")
        array_formula(self.sh, "R3:R15", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        self.recalc()
        self.assertSameColumn("Q3:Q15", "R3:R15", tol=0)

    def test_mss_equals_sum_over_sd_of_sums(self):
        # Berlin MSS on complete rows (rows 1-3, 5-6, 8, 10-13 of the data): z per column, sum, / STDEV(sums).
        sh = self.sh
        complete = [0, 1, 2, 4, 5, 7, 9, 10, 11, 12]
        put(sh, "W2", [MATRIX[i] for i in complete])
        n = len(complete)
        array_formula(sh, f"AC2:AC{n + 1}", f'=ISP_BELASTUNG(W2:AA{n + 1};{POLARITIES};;"mss")')
        for i in range(n):
            r = 2 + i
            parts = [f"{'-' if POL[j] < 0 else ''}STANDARDIZE({c}{r};AVERAGE({c}$2:{c}${n + 1});"
                     f"STDEV({c}$2:{c}${n + 1}))" for j, c in enumerate(["W", "X", "Y", "Z", "AA"])]
            formula(sh, f"AD{r}", "=" + "+".join(parts))
        for i in range(n):
            formula(sh, f"AE{2 + i}", f"=AD{2 + i}/STDEV(AD$2:AD${n + 1})")
        self.recalc()
        self.assertSameColumn(f"AC2:AC{n + 1}", f"AE2:AE{n + 1}", tol=1e-12)
        # The MSS check of the published tables: Statussumme / Status-Index is the same for every area.
        ratios = [self.value(f"AD{2 + i}") / self.value(f"AC{2 + i}") for i in range(n)]
        self.assertAlmostEqual(max(ratios), min(ratios), places=12)

    def test_minimum_population(self):
        # Areas below 300 inhabitants are empty and left out of the reference statistics: the other rows equal
        # the index computed without those rows.
        sh = self.sh
        put(sh, "G2", [[5000], [250], [4000], [3000], [299], [6000], [3500], [2500], [4100], [3900], [4200],
                       [300], [2800]])
        array_formula(sh, "AG2:AG14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;G2:G14)")
        keep = [i for i in range(N) if i not in (1, 4)]
        put(sh, "AI2", [MATRIX[i] for i in keep])
        array_formula(sh, f"AO2:AO{len(keep) + 1}", f"=ISP_BELASTUNG(AI2:AM{len(keep) + 1};{POLARITIES})")
        array_formula(sh, "AQ2:AQ14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;G2:G14;0)")
        array_formula(sh, "AR2:AR14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        self.recalc()
        self.assertEmptyResult("AG3")
        self.assertEmptyResult("AG6")
        ours = [c for i, [c] in enumerate(read_range(sh, "AG2:AG14")) if i in keep]
        self.assertEqual(len(ours), len(keep))
        ref = [c for [c] in read_range(sh, f"AO2:AO{len(keep) + 1}")]
        for a, b in zip(ours, ref):
            self.assertEqual(a[0], b[0])
            if a[0] == "value":
                self.assertAlmostEqual(a[1], b[1], places=12)
        # min_population 0 switches the rule off.
        self.assertSameColumn("AQ2:AQ14", "AR2:AR14", tol=0)

    def test_rescale_by_sd(self):
        # Sozialraummonitor default: the index divided by its sample SD over the areas, not re-centred.
        array_formula(self.sh, "AW2:AW14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        array_formula(self.sh, "AX2:AX14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;;;1)")
        for r in range(2, 15):
            formula(self.sh, f"AY{r}", f'=IF(ISNUMBER(AW{r});AW{r}/STDEV(AW$2:AW$14);"")')
        self.recalc()
        self.assertSameColumn("AX2:AX14", "AY2:AY14", tol=1e-12)

    def test_whole_columns(self):
        array_formula(self.sh, "AT1:AT14", f"=ISP_BELASTUNG(B:F;{POLARITIES})")
        array_formula(self.sh, "AU2:AU14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        self.recalc()
        self.assertEmptyResult("AT1")  # the header row has no numbers
        # Helper rows that other tests of this class put below row 14 are part of B:F; compare where both
        # see the same data: on a fresh sheet with nothing below the matrix.
        sh2 = self.doc.Sheets
        sh2.insertNewByName("Spalten", 1)
        other = sh2.getByName("Spalten")
        put(other, "B1", [["I1", "I2", "I3", "I4", "I5"]] + MATRIX)
        array_formula(other, "H1:H14", f"=ISP_BELASTUNG(B:F;{POLARITIES})")
        array_formula(other, "I2:I14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        self.recalc()
        self.assertEqual(lo.read(other, "H1"), ("empty", None))
        self.assertEqual(read_range(other, "H2:H14"), read_range(other, "I2:I14"))


class Stabilitaet(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "B2", MATRIX)

    def test_outputs_agree_with_belastung_and_klasse(self):
        sh = self.sh
        args = f'B2:F14;{POLARITIES};;"mss";;200'
        array_formula(sh, "H2:H14", f'=ISP_STABILITAET({args};;"index")')
        array_formula(sh, "I2:I14", f'=ISP_BELASTUNG(B2:F14;{POLARITIES};;"mss")')
        array_formula(sh, "J2:J14", f'=ISP_STABILITAET({args};;"klasse")')
        array_formula(sh, "K2:K14", "=ISP_KLASSE(I2:I14)")
        array_formula(sh, "L2:L14", f"=ISP_STABILITAET({args})")
        array_formula(sh, "M2:P14", f'=ISP_STABILITAET({args};;"wahrscheinlichkeiten")')
        array_formula(sh, "Q2:Q14", f"=ISP_STABILITAET({args})")  # same seed, same result
        array_formula(sh, "R2:R14", f"=ISP_STABILITAET({args};;;7)")  # another seed
        self.recalc()
        self.assertSameColumn("H2:H14", "I2:I14", tol=1e-12)
        self.assertEqual(read_range(sh, "J2:J14"), read_range(sh, "K2:K14"))
        self.assertEqual(read_range(sh, "L2:L14"), read_range(sh, "Q2:Q14"))
        labels = ["unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"]  # default "belastung"
        probs = read_range(sh, "M2:P14")
        for i, ([stab], [cls], row) in enumerate(zip(read_range(sh, "L2:L14"), read_range(sh, "J2:J14"), probs)):
            if cls[0] == "empty":  # no nominal class (too few data): no stability either
                self.assertEqual(stab, ("empty", None), f"row {i}")
                continue
            self.assertTrue(0 <= stab[1] <= 1)
            self.assertAlmostEqual(sum(c[1] for c in row), 1.0, places=12)
            # The stability is the probability of the nominal class.
            self.assertAlmostEqual(row[labels.index(cls[1])][1], stab[1], places=12)

    def test_bad_parameters(self):
        cases = [("B2:F14;;;;;0", "ISP-E12"), ("B2:F14;;;;;;1", "ISP-E12"), ('B2:F14;;;;;;;"rang"', "ISP-E07"),
                 ('B2:F14;;;;"ampel"', "ISP-E08")]
        for i, (args, eid) in enumerate(cases):
            with self.subTest(args=args):
                array_formula(self.sh, f"T{2 + i}:T{2 + i}", f"=ISP_STABILITAET({args})")
                self.recalc()
                self.assertError(f"T{2 + i}", 502)
                self.assertIn(eid, self.diagnose(f"U{2 + i}", f'=ISP_DIAGNOSE("ISP_STABILITAET";{args})'))


class BelastungBadInput(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [[1, 2, 5, 1], [2, 4, 5, "=1/0"], [3, 5, 5, 3], [4, 9, 5, 4]])

    def expect(self, addr, formula_text, eid):
        array_formula(self.sh, addr, formula_text)
        self.recalc()
        first = addr.split(":")[0]
        self.assertError(first, 502)
        inner = formula_text[len("=ISP_BELASTUNG("):-1]
        self.assertIn(eid, self.diagnose("Z1", f'=ISP_DIAGNOSE("ISP_BELASTUNG";{inner})'))

    def test_polarities_of_wrong_length(self):
        self.expect("G1:G4", "=ISP_BELASTUNG(A1:B4;{1;1;1})", "ISP-E01")

    def test_bad_polarity(self):
        self.expect("H1:H4", "=ISP_BELASTUNG(A1:B4;{1;0})", "ISP-E19")

    def test_negative_weight(self):
        self.expect("I1:I4", "=ISP_BELASTUNG(A1:B4;;{1;-1})", "ISP-E10")

    def test_zero_weights(self):
        self.expect("J1:J4", "=ISP_BELASTUNG(A1:B4;;{0;0})", "ISP-E11")

    def test_unknown_method(self):
        self.expect("K1:K4", '=ISP_BELASTUNG(A1:B4;;;"median")', "ISP-E07")

    def test_zero_variance_column(self):
        self.expect("L1:L4", "=ISP_BELASTUNG(A1:C4)", "ISP-E04")

    def test_error_cell_is_passed_on(self):
        array_formula(self.sh, "M1:M4", "=ISP_BELASTUNG(A1:D4)")
        self.recalc()
        self.assertError("M1", 532)


if __name__ == "__main__":
    unittest.main()
