"""ISP_KLASSE, ISP_AGGREGATE and ISP_GRUPPEN in real Calc: boundaries, native equivalents, bad input."""
import unittest

import lo
from lo import array_formula, formula, put, read_range


def setUpModule():
    lo.start_module_office("klasse_aggregate")


def tearDownModule():
    lo.stop_module_office()


class Klasse(lo.CalcTest):
    # Boundary values of the MSS status scheme (methods.md §8.1): hoch < -1.0 <= mittel <= +1.0 < niedrig
    # <= +1.5 < sehr niedrig, compared unrounded.
    STATUS = [(-1.0000001, "hoch"), (-1.0, "mittel"), (0.0, "mittel"), (1.0, "mittel"), (1.0000001, "niedrig"),
              (1.5, "niedrig"), (1.5000001, "sehr niedrig"), (None, None), ("k.A.", None)]
    DYNAMIK = [(-1.01, "positiv"), (-1.0, "stabil"), (1.0, "stabil"), (1.01, "negativ")]

    def test_mss_status_single_cells_and_array(self):
        put(self.sh, "A1", [[v] for v, _ in self.STATUS])
        n = len(self.STATUS)
        for i in range(n):
            formula(self.sh, f"B{i + 1}", f'=ISP_KLASSE(A{i + 1};"mss-status")')
        array_formula(self.sh, f"C1:C{n}", f'=ISP_KLASSE(A1:A{n};"status")')
        self.recalc()
        for i, (_, label) in enumerate(self.STATUS):
            for col in "BC":
                with self.subTest(cell=f"{col}{i + 1}"):
                    expected = ("text", label) if label else ("empty", None)
                    self.assertEqual(lo.read(self.sh, f"{col}{i + 1}"), expected)

    def test_mss_dynamik_and_case(self):
        put(self.sh, "E1", [[v] for v, _ in self.DYNAMIK])
        n = len(self.DYNAMIK)
        array_formula(self.sh, f"F1:F{n}", f'=ISP_KLASSE(E1:E{n};"MSS_Dynamik")')
        self.recalc()
        self.assertEqual([c for [c] in read_range(self.sh, f"F1:F{n}")], [("text", l) for _, l in self.DYNAMIK])

    def test_cut_points_equal_native_match(self):
        values = [-5, 0, 3.2, 10, 10.5, 99]
        put(self.sh, "H1", [[v] for v in values])
        put(self.sh, "J1", [[0], [10]])
        n = len(values)
        array_formula(self.sh, f"K1:K{n}", f"=ISP_KLASSE(H1:H{n};J1:J2)")
        array_formula(self.sh, f"L1:L{n}", f'=ISP_KLASSE(H1:H{n};{{0;10}};{{"wenig";"mittel";"viel"}})')
        for i in range(n):
            # Equal values go to the upper class, as MATCH(v; cuts; 1).
            formula(self.sh, f"M{i + 1}", f'="Klasse "&IF(H{i + 1}<J$1;1;MATCH(H{i + 1};J$1:J$2;1)+1)')
        self.recalc()
        self.assertEqual(read_range(self.sh, f"K1:K{n}"), read_range(self.sh, f"M1:M{n}"))
        self.assertEqual([c[1] for [c] in read_range(self.sh, f"L1:L{n}")],
                         ["wenig", "mittel", "mittel", "viel", "viel", "viel"])

    def test_preset_with_own_labels(self):
        formula(self.sh, "O1", '=ISP_KLASSE(A1;"mss-status";{"1";"2";"3";"4"})')
        self.recalc()
        self.assertEqual(lo.read(self.sh, "O1"), ("text", "1"))

    def test_bad_input(self):
        cases = [
            ('=ISP_KLASSE(A1;"ampel")', "ISP-E08"),
            ("=ISP_KLASSE(A1;{1;0})", "ISP-E13"),
            ('=ISP_KLASSE(A1;{0;1};{"a";"b"})', "ISP-E14"),
            ('=ISP_KLASSE(A1;"mss-status";{"a";"b"})', "ISP-E14"),
        ]
        for i, (text, eid) in enumerate(cases):
            with self.subTest(formula=text):
                formula(self.sh, f"Q{i + 1}", text)
                self.recalc()
                self.assertError(f"Q{i + 1}", 502)
                inner = text[len("=ISP_KLASSE("):-1]
                self.assertIn(eid, self.diagnose(f"R{i + 1}", f'=ISP_DIAGNOSE("ISP_KLASSE";{inner})'))

    def test_error_cell(self):
        put(self.sh, "T1", [["=1/0"], [2]])
        array_formula(self.sh, "U1:U2", "=ISP_KLASSE(T1:T2)")
        self.recalc()
        self.assertError("U1", 532)
        self.assertEqual(lo.read(self.sh, "U2"), ("text", "stark erhöht"))  # default scheme "belastung"


# Gemeinden with numerator, denominator, population and their Sozialraum (text) and Planungsraum (number).
GEMEINDEN = [
    # SR, PR, numerator, denominator, value
    ["SR 1", 1, 10, 100, 3.0],
    ["SR 2", 2, 50, 1000, 5.0],
    ["SR 1", 1, 30, 200, 1.0],
    ["SR 3", 2, 7, 70, None],
    ["SR 2", 2, 13, 260, 2.0],
    ["SR 3", 2, 4, 20, 8.0],
]


class Aggregate(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [["SR", "PR", "Zähler", "Nenner", "Wert"]] + GEMEINDEN)

    def test_ratio_of_sums_not_mean_of_ratios(self):
        # domain.md F2: 10/100 and 50/1000 give 60/1100 = 5.45 %, not the mean of 10 % and 5 % (7.5 %).
        put(self.sh, "H1", [["A", 10, 100], ["A", 50, 1000]])
        formula(self.sh, "K1", '=ISP_AGGREGATE(I1:I2;H1:H2;"A";"ratio";J1:J2)')
        self.recalc()
        self.assertValue("K1", 60 / 1100, tol=1e-15)

    def test_methods_equal_native(self):
        cases = {
            "sum": ('=ISP_AGGREGATE(C2:C7;A2:A7;"SR 2")', '=SUMIF(A2:A7;"SR 2";C2:C7)'),
            "mean": ('=ISP_AGGREGATE(E2:E7;A2:A7;"SR 3";"mittel")', '=AVERAGEIF(A2:A7;"SR 3";E2:E7)'),
            "min": ('=ISP_AGGREGATE(E2:E7;A2:A7;"SR 1";"min")', '=MINIFS(E2:E7;A2:A7;"SR 1")'),
            "max": ('=ISP_AGGREGATE(E2:E7;B2:B7;2;"Maximum")', "=MAXIFS(E2:E7;B2:B7;2)"),
            "ratio": ('=ISP_AGGREGATE(C2:C7;B2:B7;2;"Quote";D2:D7)', "=SUMIF(B2:B7;2;C2:C7)/SUMIF(B2:B7;2;D2:D7)"),
            "wmean": ('=ISP_AGGREGATE(E2:E7;A2:A7;"SR 2";"wmean";D2:D7)',
                      '=SUMPRODUCT((A2:A7="SR 2")*D2:D7*E2:E7)/SUMPRODUCT((A2:A7="SR 2")*D2:D7)'),
            "median": ('=ISP_AGGREGATE(E2:E7;B2:B7;2;"median")', "=MEDIAN(5;2;8)"),
        }
        for i, (name, (ours, native)) in enumerate(cases.items()):
            formula(self.sh, f"M{i + 1}", ours)
            formula(self.sh, f"N{i + 1}", native)
        self.recalc()
        for i, name in enumerate(cases):
            with self.subTest(method=name):
                self.assertValue(f"M{i + 1}", self.value(f"N{i + 1}"), tol=1e-14)

    def test_sum_with_a_missing_member_is_missing(self):
        formula(self.sh, "P1", '=ISP_AGGREGATE(E2:E7;A2:A7;"SR 3")')
        self.recalc()
        self.assertEmptyResult("P1")

    def test_all_groups_and_gruppen_in_the_same_order(self):
        array_formula(self.sh, "R1:R3", "=ISP_GRUPPEN(A2:A7)")
        array_formula(self.sh, "S1:S3", "=ISP_AGGREGATE(C2:C7;A2:A7)")
        array_formula(self.sh, "T1:T3", "=ISP_AGGREGATE(C2:C7;A2:A7;R1:R3)")
        self.recalc()
        self.assertEqual([c for [c] in read_range(self.sh, "R1:R3")],
                         [("text", "SR 1"), ("text", "SR 2"), ("text", "SR 3")])
        self.assertEqual([c[1] for [c] in read_range(self.sh, "S1:S3")], [40.0, 63.0, 11.0])
        self.assertEqual(read_range(self.sh, "T1:T3"), read_range(self.sh, "S1:S3"))

    def test_numeric_groups_and_whole_columns(self):
        formula(self.sh, "V1", "=ISP_AGGREGATE(C:C;B:B;2)")
        formula(self.sh, "W1", "=SUMIF(B:B;2;C:C)")
        array_formula(self.sh, "V2:V3", "=ISP_GRUPPEN(B2:B7)")
        self.recalc()
        self.assertValue("V1", self.value("W1"), tol=0)
        self.assertEqual([c for [c] in read_range(self.sh, "V2:V3")], [("text", "1"), ("text", "2")])

    def test_bad_input(self):
        cases = [
            ('=ISP_AGGREGATE(C2:C7;A2:A6;"SR 1")', "ISP-E01"),
            ('=ISP_AGGREGATE(C2:C7;A2:A7;"SR 9")', "ISP-E17"),
            ('=ISP_AGGREGATE(C2:C7;A2:A7;"SR 1";"modus")', "ISP-E07"),
            ('=ISP_AGGREGATE(C2:C7;A2:A7;"SR 1";"ratio";D2:D5)', "ISP-E01"),
        ]
        for i, (text, eid) in enumerate(cases):
            with self.subTest(formula=text):
                formula(self.sh, f"Y{i + 1}", text)
                self.recalc()
                self.assertError(f"Y{i + 1}", 502)
                inner = text[len("=ISP_AGGREGATE("):-1]
                self.assertIn(eid, self.diagnose(f"Z{i + 1}", f'=ISP_DIAGNOSE("ISP_AGGREGATE";{inner})'))


if __name__ == "__main__":
    unittest.main()
