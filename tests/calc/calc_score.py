"""ISP_SCORE in real Calc: equal to Calc's native formulas, single-cell and array forms, bad input."""
import unittest

import lo
from lo import array_formula, formula, put

# 13 Sozialräume: one empty cell (B5) and one text cell (B8) are missing values and must be skipped.
DATA = [["Quote"], [12.5], [8.3], [15.1], [None], [9.9], [11.2], ["k.A."], [7.4], [13.8], [10.0], [6.1],
        [14.7], [9.0]]
ROWS = range(2, 15)


def setUpModule():
    lo.start_module_office("score")


def tearDownModule():
    lo.stop_module_office()


class ScoreMethods(lo.CalcTest):
    """Each method against the native formula that defines it, per cell and as one array formula."""

    NATIVE = {
        # method keyword: native formula for row {r} (polarity 1); "" where x is missing
        "z": "STANDARDIZE(B{r};AVERAGE(B$2:B$14);STDEV(B$2:B$14))",
        "zpop": "STANDARDIZE(B{r};AVERAGE(B$2:B$14);STDEVP(B$2:B$14))",
        "minmax": "(B{r}-MIN(B$2:B$14))/(MAX(B$2:B$14)-MIN(B$2:B$14))*100",
        "rank": "PERCENTRANK(B$2:B$14;B{r};15)",
        "ratio": "B{r}/AVERAGE(B$2:B$14)*100",
    }
    NATIVE_NEG = {
        "z": "-STANDARDIZE(B{r};AVERAGE(B$2:B$14);STDEV(B$2:B$14))",
        "minmax": "(MAX(B$2:B$14)-B{r})/(MAX(B$2:B$14)-MIN(B$2:B$14))*100",
        "ratio": "AVERAGE(B$2:B$14)/B{r}*100",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "B1", DATA)

    def check(self, method, polarity, native):
        sh = self.sh
        args = f';"{method}"' + (f";{polarity}" if polarity != 1 else "")
        for r in ROWS:
            formula(sh, f"C{r}", f"=ISP_SCORE(B{r};B$2:B$14{args})")
            formula(sh, f"D{r}", f'=IF(ISNUMBER(B{r});{native.format(r=r)};"")')
        array_formula(sh, "E2:E14", f"=ISP_SCORE(B2:B14;B2:B14{args})")
        self.recalc()
        self.assertSameColumn("C2:C14", "D2:D14", tol=1e-12)
        self.assertSameColumn("E2:E14", "D2:D14", tol=1e-12)
        # Missing x gives an empty cell, never a number.
        self.assertEmptyResult("C5")
        self.assertEmptyResult("C8")
        self.assertEmptyResult("E5")

    def test_z_default_equals_standardize(self):
        formula(self.sh, "G1", "=ISP_SCORE(B2;B$2:B$14)")
        formula(self.sh, "H1", "=STANDARDIZE(B2;AVERAGE(B$2:B$14);STDEV(B$2:B$14))")
        self.recalc()
        self.assertValue("G1", self.value("H1"), tol=1e-13)
        for method, native in self.NATIVE.items():
            with self.subTest(method=method):
                self.check(method, 1, native)

    def test_polarity_minus_one(self):
        for method, native in self.NATIVE_NEG.items():
            with self.subTest(method=method):
                self.check(method, -1, native)

    def test_keywords_case_insensitive_and_german(self):
        pairs = [("Z", "z"), ("Z-Pop", "zpop"), ("MinMax", "minmax"), ("Rang", "rank"), ("Perzentil", "rank"),
                 ("Verhältnis", "ratio"), ("VERHAELTNIS", "ratio")]
        for i, (word, canonical) in enumerate(pairs):
            formula(self.sh, f"J{i + 1}", f'=ISP_SCORE(B3;B$2:B$14;"{word}")')
            formula(self.sh, f"K{i + 1}", f'=ISP_SCORE(B3;B$2:B$14;"{canonical}")')
        self.recalc()
        for i, (word, _) in enumerate(pairs):
            with self.subTest(word=word):
                self.assertValue(f"J{i + 1}", self.value(f"K{i + 1}"), tol=0)

    def test_whole_column_reference(self):
        # B1 holds the header text, the rest of column B is empty: B:B must give the same scores as B2:B14.
        formula(self.sh, "L2", "=ISP_SCORE(B2;B:B)")
        formula(self.sh, "M2", "=ISP_SCORE(B2;B$2:B$14)")
        array_formula(self.sh, "N2:N14", "=ISP_SCORE(B2:B14;$B:$B;\"rank\")")
        array_formula(self.sh, "O2:O14", "=ISP_SCORE(B2:B14;B2:B14;\"rank\")")
        self.recalc()
        self.assertValue("L2", self.value("M2"), tol=0)
        self.assertSameColumn("N2:N14", "O2:O14", tol=0)

    def test_array_of_two_columns_keeps_shape(self):
        put(self.sh, "Q2", [[1, 2], [3, None], [5, 6]])
        array_formula(self.sh, "S2:T4", "=ISP_SCORE(Q2:R4;Q2:R4)")
        self.recalc()
        # reference {1,2,3,5,6}: mean 3.4, sample SD sqrt(((2.4)^2+1.4^2+0.4^2+1.6^2+2.6^2)/4) = sqrt(4.3)
        sd = 4.3 ** 0.5
        self.assertValue("S2", (1 - 3.4) / sd, tol=1e-12)
        self.assertValue("T2", (2 - 3.4) / sd, tol=1e-12)
        self.assertEmptyResult("T3")
        self.assertValue("T4", (6 - 3.4) / sd, tol=1e-12)


class ScoreBadInput(lo.CalcTest):
    """Every bad input gives an error (Err:502 with a reason ISP_DIAGNOSE can tell), never a number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [[1, 5, 1, "=1/0", 1, None],
                           [2, 5, 2, 2, "x", None],
                           [3, 5, 3, 3, 3, None],
                           [4, 5, 4, 4, 4, None]])
        # A: good data, B: constant, D: an error cell (#DIV/0!), E: text, F: empty

    def test_empty_single_cell_is_missing_not_zero(self):
        formula(self.sh, "H1", "=ISP_SCORE(F1;A1:A4)")
        self.recalc()
        self.assertEmptyResult("H1")

    def test_zero_variance(self):
        formula(self.sh, "H2", "=ISP_SCORE(B1;B1:B4)")
        self.recalc()
        self.assertError("H2", 502)
        text = self.diagnose("I2", '=ISP_DIAGNOSE("ISP_SCORE";B1;B1:B4)')
        self.assertIn("ISP-E04", text)

    def test_unknown_method(self):
        formula(self.sh, "H3", '=ISP_SCORE(A1;A1:A4;"zz")')
        self.recalc()
        self.assertError("H3", 502)
        self.assertIn("ISP-E07", self.diagnose("I3", '=ISP_DIAGNOSE("ISP_SCORE";A1;A1:A4;"zz")'))

    def test_bad_polarity(self):
        formula(self.sh, "H4", '=ISP_SCORE(A1;A1:A4;"z";2)')
        self.recalc()
        self.assertError("H4", 502)
        self.assertIn("ISP-E19", self.diagnose("I4", '=ISP_DIAGNOSE("ISP_SCORE";A1;A1:A4;"z";2)'))

    def test_error_cell_in_reference_is_passed_on(self):
        formula(self.sh, "H5", "=ISP_SCORE(A1;D1:D4)")
        array_formula(self.sh, "J1:J4", "=ISP_SCORE(A1:A4;D1:D4)")
        self.recalc()
        self.assertError("H5", 532)  # #DIV/0! of D1
        self.assertError("J1", 532)

    def test_error_cell_in_x_only_spoils_its_own_score(self):
        array_formula(self.sh, "K1:K4", "=ISP_SCORE(D1:D4;A1:A4)")
        self.recalc()
        self.assertError("K1", 532)
        self.assertValue("K2", (2 - 2.5) / (5 / 3) ** 0.5, tol=1e-12)

    def test_text_reference_too_few_values(self):
        formula(self.sh, "H6", "=ISP_SCORE(A1;E1:E2)")  # one number only
        self.recalc()
        self.assertError("H6", 502)
        self.assertIn("ISP-E03", self.diagnose("I6", '=ISP_DIAGNOSE("ISP_SCORE";A1;E1:E2)'))

    def test_empty_reference(self):
        formula(self.sh, "H7", "=ISP_SCORE(A1;F1:F4)")
        self.recalc()
        self.assertError("H7", 502)
        self.assertIn("ISP-E02", self.diagnose("I7", '=ISP_DIAGNOSE("ISP_SCORE";A1;F1:F4)'))

    def test_method_from_empty_cell_is_an_error_not_the_default(self):
        formula(self.sh, "H8", "=ISP_SCORE(A1;A1:A4;F1)")
        self.recalc()
        self.assertError("H8", 502)

    def test_number_instead_of_reference(self):
        # Data arguments are references: Calc rejects a typed number before the add-in runs.
        formula(self.sh, "H9", "=ISP_SCORE(5;A1:A4)")
        self.recalc()
        self.assertError("H9", 504)

    def test_missing_required_argument(self):
        formula(self.sh, "H10", "=ISP_SCORE(A1)")
        self.recalc()
        self.assertError("H10")

    def test_whole_columns_no_crash(self):
        array_formula(self.sh, "L1:L4", "=ISP_SCORE(A:A;A:A)")
        formula(self.sh, "M1", "=ISP_SCORE(A1;A:A)")
        self.recalc()
        self.assertValue("M1", (1 - 2.5) / (5 / 3) ** 0.5, tol=1e-12)
        self.assertValue("L4", (4 - 2.5) / (5 / 3) ** 0.5, tol=1e-12)

    def test_diagnose_ok_and_unknown_function(self):
        self.assertTrue(self.diagnose("I11", '=ISP_DIAGNOSE("ISP_SCORE";A1;A1:A4)').startswith("OK"))
        self.assertIn("Unbekannte Funktion", self.diagnose("I12", '=ISP_DIAGNOSE("ISP_NIX";A1)'))
        self.assertIn("fehlt", self.diagnose("I13", '=ISP_DIAGNOSE("score";A1)'))

    def test_version(self):
        formula(self.sh, "H14", "=ISP_VERSION()")
        self.recalc()
        self.assertRegex(self.sh.getCellRangeByName("H14").getString(), r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
