"""ISP_KLASSE boundaries, quantiles and output, ISP_KLASSEN (legend) and ISP_KLASSENANTEIL in real Calc.

The sheet is a German profile: a planner types 1,5 into a cell and {-1;1;1,5} into a formula. Every expected
class comes from the published rule written out here (methods.md §8.1 MSS, §8.6 Sozialraummonitor: a value
equal to a cut-point belongs to the class nearer to 0) or from a native Calc formula in the same sheet
(PERCENTILE for quantile cut-points, SUMPRODUCT for counting cut-points and for population shares).
"""
import unittest

import lo
from lo import array_formula, formula, put, read_range


def setUpModule():
    lo.start_module_office("klassen", locale="de-DE")


def tearDownModule():
    lo.stop_module_office()


def typed(sh, addr, text):
    """What a planner types into a cell in the German UI (decimal comma, German function names)."""
    sh.getCellRangeByName(addr).setPropertyValue("FormulaLocal", text)


# (typed value, belastung, mss-status, mss-dynamik); each cut-point exactly and 1e-12 on either side.
BOUNDARY = [
    ("-1,000000000001", "unterdurchschnittlich", "hoch", "positiv"),
    ("-1", "durchschnittlich", "mittel", "stabil"),
    ("-0,999999999999", "durchschnittlich", "mittel", "stabil"),
    ("0", "durchschnittlich", "mittel", "stabil"),
    ("0,999999999999", "durchschnittlich", "mittel", "stabil"),
    ("1", "durchschnittlich", "mittel", "stabil"),
    ("1,000000000001", "erhöht", "niedrig", "negativ"),
    ("1,499999999999", "erhöht", "niedrig", "negativ"),
    ("1,5", "erhöht", "niedrig", "negativ"),
    ("1,500000000001", "stark erhöht", "sehr niedrig", "negativ"),
    ("", None, None, None),  # empty: no class
    ("k. A.", None, None, None),  # text: no class
]
CUTS = [-1.0, 1.0, 1.5]


def label_cell(label):
    return ("text", label) if label else ("empty", None)


class Boundaries(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for i, row in enumerate(BOUNDARY):
            if row[0]:
                typed(cls.sh, f"A{i + 1}", row[0])

    def test_typed_values_are_numbers(self):
        # 1,5 typed in a German UI is the number 1.5 (not the text "1,5", which would be a missing value).
        self.assertAlmostEqual(self.value("A9"), 1.5, delta=0)
        self.assertAlmostEqual(self.value("A7"), 1 + 1e-12, delta=1e-15)
        self.assertAlmostEqual(self.value("A10"), 1.5 + 1e-12, delta=1e-15)

    def test_named_schemes_and_default(self):
        n = len(BOUNDARY)
        for i in range(n):
            typed(self.sh, f"B{i + 1}", f"=ISP_KLASSE(A{i + 1})")  # default: belastung
        array_formula(self.sh, f"C1:C{n}", f'=ISP_KLASSE(A1:A{n};"belastung")')
        array_formula(self.sh, f"D1:D{n}", f'=ISP_KLASSE(A1:A{n};"MSS-Status")')
        array_formula(self.sh, f"E1:E{n}", f'=ISP_KLASSE(A1:A{n};"dynamik")')
        self.recalc()
        for i, (v, bel, status, dyn) in enumerate(BOUNDARY):
            with self.subTest(value=v):
                self.assertEqual(lo.read(self.sh, f"B{i + 1}"), label_cell(bel))
                self.assertEqual(lo.read(self.sh, f"C{i + 1}"), label_cell(bel))
                self.assertEqual(lo.read(self.sh, f"D{i + 1}"), label_cell(status))
                self.assertEqual(lo.read(self.sh, f"E{i + 1}"), label_cell(dyn))

    def test_boundary_argument_on_a_named_scheme(self):
        # belastung with "ab": 1,0 and 1,5 go up ("ab 1,5 stark erhöht"), -1,0 too.
        n = len(BOUNDARY)
        array_formula(self.sh, f"G1:G{n}", f'=ISP_KLASSE(A1:A{n};"belastung";;"ab")')
        self.recalc()
        got = [c for [c] in read_range(self.sh, f"G1:G{n}")]
        self.assertEqual(got[1], ("text", "durchschnittlich"))  # -1
        self.assertEqual(got[5], ("text", "erhöht"))  # 1
        self.assertEqual(got[8], ("text", "stark erhöht"))  # 1,5
        self.assertEqual(got[7], ("text", "erhöht"))  # 1,5 - 1e-12

    def test_cut_point_lists_against_native_counts(self):
        # Class number = 1 + number of cut-points the value has passed: "ab" passes c when v >= c, "bis" when
        # v > c, "mitte" when v >= c below 0 and v > c above 0 (SUMPRODUCT over the cut-points in K1:K3).
        put(self.sh, "K1", [[c] for c in CUTS])
        put(self.sh, "L1", [["ab"], ["bis"], ["ab"]])
        n = 10  # the numeric rows
        rules = {
            "M": ('"ab"', "SUMPRODUCT(($K$1:$K$3<=A{r})*1)+1"),
            "N": ('"bis"', "SUMPRODUCT(($K$1:$K$3<A{r})*1)+1"),
            "O": ('"mitte"', "SUMPRODUCT(($K$1:$K$3<0)*($K$1:$K$3<=A{r})+($K$1:$K$3>=0)*($K$1:$K$3<A{r}))+1"),
            "P": ("L1:L3", "($K$1<=A{r})+($K$2<A{r})+($K$3<=A{r})+1"),
        }
        for col, (rule, _) in rules.items():
            # Typed as a planner would in the German UI: {-1;1;1,5}, a range of rules, "nummer".
            typed(self.sh, f"{col}1", f"=ISP_KLASSE(A1:A{n};{{-1;1;1,5}};;{rule};\"nummer\")")
            self.sh.getCellRangeByName(f"{col}1:{col}{n}").setArrayFormula(
                self.sh.getCellRangeByName(f"{col}1").getFormula())
        for col, (_, native) in rules.items():
            ncol = chr(ord(col) + 5)  # R, S, T, U
            for r in range(1, n + 1):
                formula(self.sh, f"{ncol}{r}", "=" + native.format(r=r))
        self.recalc()
        for col in rules:
            ncol = chr(ord(col) + 5)
            with self.subTest(rule=rules[col][0]):
                self.assertEqual(read_range(self.sh, f"{col}1:{col}{n}"), read_range(self.sh, f"{ncol}1:{ncol}{n}"))
        # "mitte" on the MSS cut-points is the MSS rule: the numbers of ISP_KLASSE(…;"mss-status";;;"nummer").
        array_formula(self.sh, f"W1:W{n}", f'=ISP_KLASSE(A1:A{n};"mss-status";;;"Nummer")')
        self.recalc()
        self.assertEqual(read_range(self.sh, f"W1:W{n}"), read_range(self.sh, f"O1:O{n}"))

    def test_number_output_and_missing(self):
        n = len(BOUNDARY)
        array_formula(self.sh, f"Y1:Y{n}", f'=ISP_KLASSE(A1:A{n};;;;"number")')
        self.recalc()
        expected = [["unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"].index(b) + 1
                    if b else None for _, b, _, _ in BOUNDARY]
        got = [c for [c] in read_range(self.sh, f"Y1:Y{n}")]
        self.assertEqual(got, [("value", float(e)) if e else ("empty", None) for e in expected])


# 13 index values with a hole (empty) and a text; native PERCENTILE skips both, as the add-in does.
INDEX = [0.31, -1.42, 2.05, 0.77, -0.18, 1.5, None, -0.93, 1.12, "k. A.", 0.05, -2.2, 0.77]


class Quantiles(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [[v] for v in INDEX])

    def check(self, keyword, k, col, cut_col, native_col):
        n = len(INDEX)
        for j in range(1, k):
            formula(self.sh, f"{cut_col}{j}", f"=PERCENTILE($A$1:$A${n};{j}/{k})")
        array_formula(self.sh, f"{col}1:{col}{n}", f'=ISP_KLASSE(A1:A{n};"{keyword}";;;"nummer")')
        for r in range(1, n + 1):
            formula(self.sh, f"{native_col}{r}",
                    f'=IF(ISNUMBER(A{r});SUMPRODUCT(({cut_col}$1:{cut_col}${k - 1}<=A{r})*1)+1;"")')
        self.recalc()
        self.assertEqual(read_range(self.sh, f"{col}1:{col}{n}"), read_range(self.sh, f"{native_col}1:{native_col}{n}"))

    def test_terciles(self):
        self.check("terzil", 3, "C", "D", "E")

    def test_quartiles(self):
        self.check("Quartile", 4, "G", "H", "I")

    def test_quintiles_with_labels_and_legend(self):
        self.check("quintil", 5, "K", "L", "M")
        n = len(INDEX)
        array_formula(self.sh, f"O1:O{n}", f'=ISP_KLASSE(A1:A{n};"quintil")')
        array_formula(self.sh, "P1:S5", f'=ISP_KLASSEN("quintil";;;A1:A{n})')
        self.recalc()
        labels = read_range(self.sh, "P1:P5")
        self.assertEqual([c for [c] in labels], [("text", f"Quintil {i}") for i in range(1, 6)])
        # The legend's cut-points are the PERCENTILE cells; the label of each class is the legend row.
        for j in range(1, 5):
            self.assertEqual(lo.read(self.sh, f"R{j}"), ("value", self.value(f"L{j}")))
            self.assertEqual(lo.read(self.sh, f"Q{j + 1}"), ("value", self.value(f"L{j}")))
        for r in range(1, n + 1):
            num = lo.read(self.sh, f"K{r}")
            got = lo.read(self.sh, f"O{r}")
            self.assertEqual(got, ("text", f"Quintil {int(num[1])}") if num[0] == "value" else ("empty", None))

    def test_bis_on_quantiles(self):
        # The middle quartile is the order statistic 0,31 itself; with "bis" it stays in the lower class.
        n = len(INDEX)
        for j in range(1, 4):
            formula(self.sh, f"U{j}", f"=PERCENTILE($A$1:$A${n};{j}/4)")
        array_formula(self.sh, f"V1:V{n}", f'=ISP_KLASSE(A1:A{n};"quartil";;"bis";"nummer")')
        for r in range(1, n + 1):
            formula(self.sh, f"W{r}", f'=IF(ISNUMBER(A{r});SUMPRODUCT((U$1:U$3<A{r})*1)+1;"")')
        self.recalc()
        self.assertEqual(read_range(self.sh, f"V1:V{n}"), read_range(self.sh, f"W1:W{n}"))


E = ("empty", None)


def t(s):
    return ("text", s)


def v(x):
    return ("value", float(x))


class Legend(lo.CalcTest):
    def test_belastung_default_and_mss_status(self):
        array_formula(self.sh, "A1:D4", "=ISP_KLASSEN()")
        array_formula(self.sh, "F1:I4", '=ISP_KLASSEN("mss-status")')
        self.recalc()
        self.assertEqual(read_range(self.sh, "A1:D4"), [
            [t("unterdurchschnittlich"), E, v(-1), t("unter −1,0")],
            [t("durchschnittlich"), v(-1), v(1), t("−1,0 bis 1,0")],
            [t("erhöht"), v(1), v(1.5), t("über 1,0 bis 1,5")],
            [t("stark erhöht"), v(1.5), E, t("über 1,5")],
        ])
        self.assertEqual(read_range(self.sh, "F1:I4"), [
            [t("hoch"), E, v(-1), t("unter −1,0")],
            [t("mittel"), v(-1), v(1), t("−1,0 bis 1,0")],
            [t("niedrig"), v(1), v(1.5), t("über 1,0 bis 1,5")],
            [t("sehr niedrig"), v(1.5), E, t("über 1,5")],
        ])

    def test_cut_points_ab_and_own_labels(self):
        typed(self.sh, "A10", '=ISP_KLASSEN({-1;1;1,5};{"niedrig";"mittel";"erhöht";"hoch"};"ab")')
        self.sh.getCellRangeByName("A10:D13").setArrayFormula(self.sh.getCellRangeByName("A10").getFormula())
        array_formula(self.sh, "F10:I12", '=ISP_KLASSEN("dynamik";;{"ab";"bis"})')
        self.recalc()
        self.assertEqual([c for c in [row[3] for row in read_range(self.sh, "A10:D13")]],
                         [t("unter −1,0"), t("−1,0 bis unter 1,0"), t("1,0 bis unter 1,5"), t("ab 1,5")])
        self.assertEqual([row[0] for row in read_range(self.sh, "A10:D13")],
                         [t("niedrig"), t("mittel"), t("erhöht"), t("hoch")])
        self.assertEqual([row[3] for row in read_range(self.sh, "F10:I12")],
                         [t("unter −1,0"), t("−1,0 bis 1,0"), t("über 1,0")])

    def test_classes_match_the_legend_labels(self):
        # What a conditional format does: compare each class cell with the legend's label cells. The label column
        # alone (output "beschriftung") is a text grid, which Calc 7.4 compares like native text.
        vals = [-3, -1, 0.5, 1, 1.2, 1.5, 1.7]
        put(self.sh, "K1", [[x] for x in vals])
        array_formula(self.sh, "L1:L7", "=ISP_KLASSE(K1:K7)")
        array_formula(self.sh, "M1:M7", '=ISP_KLASSE(K1:K7;;;;"nummer")')
        array_formula(self.sh, "O1:O4", '=ISP_KLASSEN(;;;;"beschriftung")')
        for r in range(1, 8):
            formula(self.sh, f"N{r}", f"=INDEX($O$1:$O$4;M{r})=L{r}")
            formula(self.sh, f"P{r}", f'=SUMPRODUCT(($O$1:$O$4=L{r})*1)')
        self.recalc()
        self.assertEqual([c for [c] in read_range(self.sh, "N1:N7")], [v(1)] * 7)
        self.assertEqual([c for [c] in read_range(self.sh, "P1:P7")], [v(1)] * 7)

    def test_single_columns_equal_the_legend(self):
        array_formula(self.sh, "A20:D23", '=ISP_KLASSEN("mss-status";;"bis")')
        for col, out in zip("FGHI", ["Beschriftung", "untere", "obere", "Beschreibung"]):
            array_formula(self.sh, f"{col}20:{col}23", f'=ISP_KLASSEN("mss-status";;"bis";;"{out}")')
        self.recalc()
        self.assertEqual(read_range(self.sh, "F20:I23"), read_range(self.sh, "A20:D23"))
        self.assertEqual([row[3] for row in read_range(self.sh, "A20:D23")],
                         [t("bis −1,0"), t("über −1,0 bis 1,0"), t("über 1,0 bis 1,5"), t("über 1,5")])


# Sozialräume: Planungsraum, population, index. SR 5 has no index (no class), SR 9 a class but no population.
AREAS = [
    ["PR", "Einwohner", "Index"],
    ["I", 12000, 1.2],
    ["II", 8000, -0.4],
    ["I", 5000, 1.5],
    ["III", 3000, 2.1],
    ["II", 9500, None],
    ["I", 7000, -1.3],
    ["II", 4000, 1.6],
    ["III", 6000, 0.2],
    ["III", None, 1.8],
    ["IV", 2500, 0.9],
]


class Anteil(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", AREAS)
        n = len(AREAS)
        array_formula(cls.sh, f"D2:D{n}", f"=ISP_KLASSE(C2:C{n})")
        array_formula(cls.sh, f"E2:E{n}", f'=ISP_KLASSE(C2:C{n};;;;"nummer")')

    def native(self, group, wanted):
        n = len(AREAS)
        hit = "+".join(f'(D2:D{n}="{w}")' for w in wanted)
        return (f'=SUMPRODUCT((A2:A{n}="{group}")*({hit})*B2:B{n})'
                f'/SUMPRODUCT((A2:A{n}="{group}")*(D2:D{n}<>"")*B2:B{n})')

    def test_one_group_against_sumproduct(self):
        n = len(AREAS)
        cases = [("I", ["erhöht", "stark erhöht"]), ("II", ["stark erhöht"]), ("I", ["durchschnittlich"]),
                 ("IV", ["erhöht"]), ("II", ["unterdurchschnittlich"])]
        for i, (g, wanted) in enumerate(cases):
            arr = "{" + ";".join(f'"{w}"' for w in wanted) + "}"
            formula(self.sh, f"G{i + 1}", f'=ISP_KLASSENANTEIL(D2:D{n};B2:B{n};A2:A{n};{arr};"{g}")')
            formula(self.sh, f"H{i + 1}", self.native(g, wanted))
        self.recalc()
        for i, (g, wanted) in enumerate(cases):
            with self.subTest(group=g, wanted=wanted):
                self.assertValue(f"G{i + 1}", self.value(f"H{i + 1}"), tol=1e-15)
        # Hand check of the first: PR I has 12000 (erhöht), 5000 (erhöht), 7000 (unterdurchschnittlich).
        self.assertValue("G1", 17000 / 24000, tol=1e-15)

    def test_all_groups_numbers_and_missing_population(self):
        n = len(AREAS)
        array_formula(self.sh, "J1:J4", f"=ISP_GRUPPEN(A2:A{n})")
        array_formula(self.sh, "K1:K4", f"=ISP_KLASSENANTEIL(E2:E{n};B2:B{n};A2:A{n};{{3;4}})")
        array_formula(self.sh, "L1:L4", f'=ISP_KLASSENANTEIL(D2:D{n};B2:B{n};A2:A{n};{{"erhöht";"stark erhöht"}};J1:J4)')
        for r, g in enumerate(["I", "II", "IV"], start=1):
            formula(self.sh, f"M{r}", self.native(g, ["erhöht", "stark erhöht"]))
        self.recalc()
        self.assertEqual([c for [c] in read_range(self.sh, "J1:J4")], [t("I"), t("II"), t("III"), t("IV")])
        self.assertEqual(read_range(self.sh, "K1:K4"), read_range(self.sh, "L1:L4"))
        self.assertValue("K1", self.value("M1"), tol=1e-15)
        self.assertValue("K2", self.value("M2"), tol=1e-15)
        self.assertValue("K4", self.value("M3"), tol=1e-15)
        # PR III: SR 9 has a class but no population, so the share is unknown: empty, never 0.
        self.assertEmptyResult("K3")
        text = self.diagnose("N1", f'=ISP_DIAGNOSE("ISP_KLASSENANTEIL";E2:E{n};B2:B{n};A2:A{n};{{3;4}};"III")')
        self.assertIn("Einwohner in Zeile 9 fehlen", text)


class EdgeCases(lo.CalcTest):
    def test_group_without_classed_population_is_empty(self):
        # Neither area of group V has an index, so none has a class: the share is unknown (empty), not 0.
        put(self.sh, "A1", [["V", 100, None], ["V", None, None], ["W", 50, 1.7]])
        array_formula(self.sh, "D1:D3", "=ISP_KLASSE(C1:C3)")
        formula(self.sh, "E1", '=ISP_KLASSENANTEIL(D1:D3;B1:B3;A1:A3;"stark erhöht";"V")')
        formula(self.sh, "E2", '=ISP_KLASSENANTEIL(D1:D3;B1:B3;A1:A3;"stark erhöht";"W")')
        self.recalc()
        self.assertEmptyResult("E1")
        self.assertValue("E2", 1.0, tol=0)
        text = self.diagnose("F1", '=ISP_DIAGNOSE("ISP_KLASSENANTEIL";D1:D3;B1:B3;A1:A3;"stark erhöht";"V")')
        self.assertIn("kein Gebiet hat eine Klasse", text)

    def test_error_cell_among_quantile_values_fails_like_percentile(self):
        # An error cell would move the quantile cut-points; PERCENTILE fails too.
        put(self.sh, "H1", [["=1/0"], [1], [2], [3], [4]])
        array_formula(self.sh, "I1:I5", '=ISP_KLASSE(H1:H5;"terzil")')
        formula(self.sh, "J1", "=PERCENTILE(H1:H5;1/3)")
        # With a fixed scheme the error stays in its own cell, as in an element-wise Calc formula.
        array_formula(self.sh, "K1:K5", "=ISP_KLASSE(H1:H5)")
        self.recalc()
        self.assertError("J1", 532)
        self.assertError("I1", 532)
        self.assertError("I3", 532)
        self.assertError("K1", 532)
        self.assertEqual(lo.read(self.sh, "K3"), ("text", "stark erhöht"))  # 2 > 1,5


class Errors(lo.CalcTest):
    CASES = [
        ("ISP_KLASSE", 'A1:A3;"quintil"', "ISP-E03", "3 Werte für 5 Quantilklassen"),
        ("ISP_KLASSE", 'A1;;;"über"', "ISP-E07", "„über“ für Grenzwert; möglich: ab, bis, mitte"),
        ("ISP_KLASSE", 'A1;{-1;1;1.5};;{"ab";"bis"}', "ISP-E01", "3 Klassengrenzen, aber 2 Grenzwert-Regeln"),
        ("ISP_KLASSE", 'A1;;;;"farbe"', "ISP-E07", "Ausgabe"),
        ("ISP_KLASSE", 'A1;"ampel"', "ISP-E08", "„ampel“"),
        ("ISP_KLASSEN", '"quintil"', "ISP-E08", "Quantilklassen brauchen die Werte"),
        ("ISP_KLASSEN", '"belastung";{"a";"b"}', "ISP-E14", "hat 4 Klassen, angegeben sind 2"),
        ("ISP_KLASSEN", ';;;;"farbe"', "ISP-E07", "„farbe“ für Ausgabe"),
        ("ISP_KLASSENANTEIL", 'B1:B3;A1:A3;C1:C3;4', "ISP-E12", "die Klassen sind Beschriftungen"),
        ("ISP_KLASSENANTEIL", 'B1:B3;A1:A3;C1:C3;"Erhöht"', "ISP-E12", "gemeint ist wohl „erhöht“"),
        ("ISP_KLASSENANTEIL", "B1:B3;A1:A3;C1:C3", "ISP-E18", "die gesuchte Klasse fehlt"),
        ("ISP_KLASSENANTEIL", 'B1:B3;A1:A2;C1:C3;"erhöht"', "ISP-E01", None),
    ]

    def test_errors_and_diagnose(self):
        put(self.sh, "A1", [[1000, "erhöht", "I"], [2000, "durchschnittlich", "I"], [1500, "erhöht", "II"]])
        for i, (fn, args, eid, message) in enumerate(self.CASES):
            with self.subTest(function=fn, args=args):
                array_formula(self.sh, f"E{i + 1}:E{i + 1}", f"={fn}({args})")
                self.recalc()
                self.assertError(f"E{i + 1}", 502)
                text = self.diagnose(f"F{i + 1}", f'=ISP_DIAGNOSE("{fn}";{args})')
                self.assertIn(eid, text)
                if message:
                    self.assertIn(message, text)


if __name__ == "__main__":
    unittest.main()
