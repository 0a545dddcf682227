"""ISP_QUOTE, ISP_GRUPPENQUOTE and ISP_GEHEIMHALTUNG in real Calc: quotas from counts with suppression."""
import unittest

import lo
from lo import array_formula, formula, put, read_range


def setUpModule():
    lo.start_module_office("quota")


def tearDownModule():
    lo.stop_module_office()


class Quote(lo.CalcTest):
    def test_single_cells(self):
        put(self.sh, "A1", [[10, 100, 2, 0, 5, 250, None, -1]])
        cases = [("=ISP_QUOTE(A1;B1)", ("value", 10.0)),
                 ("=ISP_QUOTE(C1;B1)", ("text", ".")),  # 0 < 2 < k = 3: secret
                 ("=ISP_QUOTE(D1;B1)", ("value", 0.0)),  # 0 is shown (only 1 and 2 are secret)
                 ("=ISP_QUOTE(E1;F1;1000;3;300)", ("text", ".")),  # denominator 250 < 300
                 ("=ISP_QUOTE(E1;F1;1000)", ("value", 20.0)),
                 ('=ISP_QUOTE(C1;B1;;;;"*")', ("text", "*")),
                 ("=ISP_QUOTE(C1;B1;100;0)", ("value", 2.0)),  # k = 0: suppression off
                 ("=ISP_QUOTE(G1;B1)", ("empty", None)),
                 ("=ISP_QUOTE(A1;D1)", ("error", 532)),
                 ("=ISP_QUOTE(H1;B1)", ("error", 502))]
        for i, (text, _) in enumerate(cases):
            formula(self.sh, f"K{i + 1}", text)
        self.recalc()
        for i, (text, expected) in enumerate(cases):
            with self.subTest(formula=text):
                self.assertEqual(lo.read(self.sh, f"K{i + 1}"), expected)
        self.assertIn("ISP-E09", self.diagnose("L1", '=ISP_DIAGNOSE("ISP_QUOTE";H1;B1)'))

    def test_array_form_equals_native_where_not_secret(self):
        put(self.sh, "A20", [[12, 400], [1, 50], [30, 900], [None, 100], [7, 0]])
        array_formula(self.sh, "C20:C24", "=ISP_QUOTE(A20:A24;B20:B24)")
        for r in range(20, 25):
            formula(self.sh, f"D{r}", f"=A{r}/B{r}*100")
        self.recalc()
        got = read_range(self.sh, "C20:C24")
        self.assertAlmostEqual(got[0][0][1], self.value("D20"), places=13)
        self.assertEqual(got[1][0], ("text", "."))
        self.assertAlmostEqual(got[2][0][1], self.value("D22"), places=13)
        self.assertEqual(got[3][0], ("empty", None))
        self.assertEqual(got[4][0], ("error", 532))


class GroupQuota(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [["A", 10, 100], ["A", 50, 1000], ["B", 1, 500], ["B", 1, 700], ["C", 4, None]])

    def test_ratio_of_sums_f2(self):
        formula(self.sh, "E1", '=ISP_GRUPPENQUOTE(B1:B5;C1:C5;A1:A5;"A")')
        array_formula(self.sh, "F1:F3", "=ISP_GRUPPENQUOTE(B1:B5;C1:C5;A1:A5)")
        self.recalc()
        self.assertValue("E1", 60 / 1100 * 100, tol=1e-13)  # not the mean of 10 % and 5 %
        got = read_range(self.sh, "F1:F3")
        self.assertAlmostEqual(got[0][0][1], 60 / 1100 * 100, places=13)
        self.assertEqual(got[1][0], ("text", "."))  # total numerator 2 < 3
        self.assertEqual(got[2][0], ("empty", None))  # a missing denominator

    def test_unknown_group(self):
        formula(self.sh, "H1", '=ISP_GRUPPENQUOTE(B1:B5;C1:C5;A1:A5;"Z")')
        self.recalc()
        self.assertError("H1", 502)


class Suppression(lo.CalcTest):
    # Group A: 2 is primary; 10 (the smallest other non-zero count) secondary, else A's total gives 2 away.
    # Group B: 1 and 1 primary; 10 secondary, else 12 - 10 = 2 pins both down. Group C: nothing secret.
    # Group D: 2 and 2 primary and no other non-zero count: the total itself is hidden.
    ROWS = [["A", 2], ["A", 10], ["A", 15], ["B", 1], ["B", 1], ["B", 10], ["C", 5], ["C", 7], ["D", 2], ["D", 2],
            ["D", 0]]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", cls.ROWS)

    def test_rows_and_totals(self):
        n = len(self.ROWS)
        array_formula(self.sh, f"D1:D{n}", f"=ISP_GEHEIMHALTUNG(B1:B{n};A1:A{n})")
        array_formula(self.sh, f"E1:E{n}", f'=ISP_GEHEIMHALTUNG(B1:B{n};A1:A{n};3;"status")')
        array_formula(self.sh, "F1:F4", f'=ISP_GEHEIMHALTUNG(B1:B{n};A1:A{n};3;"summen")')
        array_formula(self.sh, "G1:G4", f'=ISP_GEHEIMHALTUNG(B1:B{n};A1:A{n};3;"summenstatus")')
        self.recalc()
        values = [c[1] for [c] in read_range(self.sh, f"D1:D{n}")]
        self.assertEqual(values, [".", ".", 15.0, ".", ".", ".", 5.0, 7.0, ".", ".", 0.0])
        flags = [c[1] for [c] in read_range(self.sh, f"E1:E{n}")]
        self.assertEqual(flags, ["primär", "sekundär", None, "primär", "primär", "sekundär", None, None, "primär",
                                 "primär", None])
        self.assertEqual([c[1] for [c] in read_range(self.sh, "F1:F4")], [27.0, 12.0, 12.0, "."])
        self.assertEqual([c[1] for [c] in read_range(self.sh, "G1:G4")], [None, None, None, "sekundär"])


if __name__ == "__main__":
    unittest.main()
