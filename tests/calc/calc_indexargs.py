"""Bezugspunkt, Einwohner, method parameters and outlier treatment in real Calc (issue 11, items 2 and 3):
ISP_SCORE with every engine method, ISP_BELASTUNG centred on the Landkreis (equal to the Sozialraummonitor's
Rechenweg), ISP_AUSREISSER. Every expected value comes from the published formula written with Calc's own
functions in the same sheet (or by hand), never from the add-in."""
import unittest

import lo
from calc_belastung import MATRIX, POL, POLARITIES
from lo import array_formula, formula, put, read_range

# 13 Sozialräume: B5 empty and B8 text are missing values. C: population per Sozialraum.
DATA = [[12.5, 1200], [8.3, 3400], [15.1, 900], [None, 2500], [9.9, 4100], [11.2, 1800], ["k.A.", 2200],
        [7.4, 5100], [13.8, 1500], [10.0, 2900], [6.1, 6000], [14.7, 1100], [9.0, 3300]]
ROWS = range(2, 15)
REF = "B$2:B$14"
POP = "C$2:C$14"
LK = "$H$1"  # a given Landkreis value (e.g. Σ numerators ÷ Σ denominators)
WMEAN = "$H$2"  # the population-weighted mean of the present values, from SUMPRODUCT
WSD = "$H$3"  # the population-weighted SD (divisor Σ weights), from SUMPRODUCT


def count_numbers(sh, addr):
    return sum(1 for row in read_range(sh, addr) for kind, _ in row if kind == "value")


def setUpModule():
    lo.start_module_office("indexargs")


def tearDownModule():
    lo.stop_module_office()


class ScoreEveryMethod(lo.CalcTest):
    """ISP_SCORE per method against the native formula that defines it, per cell and as an array."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sh = cls.sh
        put(sh, "B2", DATA)
        formula(sh, "H1", "10.4")
        formula(sh, "H2", f"=SUMPRODUCT(IF(ISNUMBER({REF});{REF};0)*{POP})/SUMPRODUCT(ISNUMBER({REF})*{POP})")
        formula(sh, "H3", f"=SQRT(SUMPRODUCT(IF(ISNUMBER({REF});({REF}-{WMEAN})^2;0)*{POP})"
                          f"/SUMPRODUCT(ISNUMBER({REF})*{POP}))")
        cls.col = 9  # next free column (J)

    def check(self, args, native):
        """ISP_SCORE(B{r};B$2:B$14;args) per cell and as one array formula equal `native` (row {r})."""
        sh = self.sh
        c_cell, c_arr, c_nat = (column_name(sh, self.col + i) for i in range(3))
        type(self).col += 3
        for r in ROWS:
            formula(sh, f"{c_cell}{r}", f"=ISP_SCORE(B{r};{REF};{args})")
            formula(sh, f"{c_nat}{r}", f'=IF(ISNUMBER(B{r});{native.format(r=r)};"")')
        array_formula(sh, f"{c_arr}2:{c_arr}14", f"=ISP_SCORE(B2:B14;{REF};{args})")
        self.recalc()
        # The reference is a number wherever x is (no vacuous pass on two equal errors).
        self.assertEqual(count_numbers(sh, f"{c_nat}2:{c_nat}14"), 11, native)
        self.assertSameColumn(f"{c_cell}2:{c_cell}14", f"{c_nat}2:{c_nat}14", tol=1e-12)
        self.assertSameColumn(f"{c_arr}2:{c_arr}14", f"{c_nat}2:{c_nat}14", tol=1e-12)
        self.assertEmptyResult(f"{c_cell}5")
        self.assertEmptyResult(f"{c_arr}8")

    def test_z_centred_on_a_given_value(self):
        # methods §8.6: z_ref = d (x - x_LK) / s, s the sample SD over the areas = STANDARDIZE(x; LK; STDEV).
        self.check(f'"z";1;{LK}', f"STANDARDIZE(B{{r}};{LK};STDEV({REF}))")
        self.check(f'"z";-1;{LK}', f"-STANDARDIZE(B{{r}};{LK};STDEV({REF}))")
        self.check(f'"zpop";1;{LK}', f"STANDARDIZE(B{{r}};{LK};STDEVP({REF}))")

    def test_ratio_to_a_given_value(self):
        # F1: ratio to the Landkreis value x 100; a resource: x_LK / x x 100.
        self.check(f'"verhaeltnis";1;{LK}', f"B{{r}}/{LK}*100")
        self.check(f'"verhaeltnis";-1;{LK}', f"{LK}/B{{r}}*100")

    def test_weighted_centre_and_weighted_z(self):
        # "gewichtet": centre = population-weighted mean (SUMPRODUCT), SD stays STDEV.
        self.check(f'"z";1;"gewichtet";{POP}', f"STANDARDIZE(B{{r}};{WMEAN};STDEV({REF}))")
        # "zw": weighted mean and weighted SD sqrt(Σ w (x - m_w)^2 / Σ w).
        self.check(f'"zw";1;;{POP}', f"STANDARDIZE(B{{r}};{WMEAN};{WSD})")
        self.check(f'"zgewichtet";-1;;{POP}', f"-STANDARDIZE(B{{r}};{WMEAN};{WSD})")

    def test_ratio_default_and_plain_mean_with_weights(self):
        # With Einwohner, the ratio's default level is the weighted mean; "mittel" asks for the plain mean.
        self.check(f'"verhaeltnis";1;;{POP}', f"B{{r}}/{WMEAN}*100")
        self.check(f'"verhaeltnis";1;"mittel";{POP}', f"B{{r}}/AVERAGE({REF})*100")
        self.check(f'"verhaeltnis";1;"gewichtet";{POP}', f"B{{r}}/{WMEAN}*100")

    def test_goalposts(self):
        # COINr n_goalposts (methods §2): '+' (x - l)/(u - l), '-' (u - x)/(u - l), clipped to [0, 1], x scale.
        self.check('"zielpfosten";1;;;{8;14}', "MIN(1;MAX(0;(B{r}-8)/(14-8)))")
        self.check('"zielpfosten";-1;;;{8;14;100}', "MIN(1;MAX(0;(14-B{r})/(14-8)))*100")
        self.check('"goalposts";1;;;{8;14;100;0}', "(B{r}-8)/(14-8)*100")

    def test_distance_to_target(self):
        # COINr n_dist2targ (methods §2): '+' (x - min)/(target - min), '-' (max - x)/(max - target), cap 1.
        self.check('"zielabstand";1;;;{13}', f"MIN(1;(B{{r}}-MIN({REF}))/(13-MIN({REF})))")
        self.check('"zielabstand";-1;;;{8}', f"MIN(1;(MAX({REF})-B{{r}})/(MAX({REF})-8))")
        self.check('"dist2targ";1;;;{13;0}', f"(B{{r}}-MIN({REF}))/(13-MIN({REF}))")

    def test_minmax_range_and_none(self):
        self.check('"minmax";1;;;{1;10}', f"(B{{r}}-MIN({REF}))/(MAX({REF})-MIN({REF}))*9+1")
        self.check('"minmax";1;;;{0;100}', f"(B{{r}}-MIN({REF}))/(MAX({REF})-MIN({REF}))*100")
        # "keine": x' = d x, unchanged apart from the polarity.
        self.check('"keine"', "B{r}")
        self.check('"none";-1', "-B{r}")

    def test_parameters_from_cells(self):
        put(self.sh, "J20", [[8, 14, 100]])
        formula(self.sh, "J22", "=ISP_SCORE(B2;B2:B14;\"zielpfosten\";1;;;J20:L20)")
        formula(self.sh, "K22", "=ISP_SCORE(B2;B2:B14;\"zielpfosten\";1;;;{8;14;100})")
        self.recalc()
        # (12.5 - 8) / 6 x 100 = 75 by hand
        self.assertValue("J22", 75.0, tol=1e-12)
        self.assertValue("K22", 75.0, tol=1e-12)


def column_name(sh, index):
    """Column letters of a 0-based column index, as Calc names the column."""
    return sh.Columns.getByIndex(index).Name


class ScoreBadArguments(lo.CalcTest):
    """Each mistake gives Err:502 and a German reason in ISP_DIAGNOSE."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [[r[0], r[1]] for r in DATA])

    def expect(self, row, args, eid, words):
        formula(self.sh, f"E{row}", f"=ISP_SCORE(A1;A1:A13;{args})")
        self.recalc()
        self.assertError(f"E{row}", 502)
        text = self.diagnose(f"F{row}", f'=ISP_DIAGNOSE("ISP_SCORE";A1;A1:A13;{args})')
        self.assertIn(eid, text)
        self.assertIn(words, text)

    def test_goalposts_without_parameters(self):
        self.expect(1, '"zielpfosten"', "ISP-E12", "braucht Methodenparameter")
        self.expect(2, '"zielpfosten";1;;;{5}', "ISP-E12", "braucht Methodenparameter")

    def test_distance_to_target_without_target(self):
        self.expect(3, '"zielabstand"', "ISP-E12", "braucht Methodenparameter")

    def test_weighted_without_population(self):
        self.expect(4, '"z";1;"gewichtet"', "ISP-E12", "Einwohner")
        self.expect(5, '"zw"', "ISP-E12", "Einwohner")

    def test_centre_for_a_method_without_centre(self):
        self.expect(6, '"minmax";1;5', "ISP-E12", "Bezugspunkt gilt nur")
        self.expect(7, '"zielpfosten";1;"gewichtet";B1:B13;{0;10}', "ISP-E12", "Bezugspunkt gilt nur")

    def test_parameters_for_a_method_without_parameters(self):
        self.expect(8, '"z";1;;;{1;2}', "ISP-E12", "keine Methodenparameter")
        self.expect(9, '"zielpfosten";1;;;{0;10;1;1;7}', "ISP-E12", "höchstens 4")
        self.expect(10, '"zielpfosten";1;;;{0;10;1;2}', "ISP-E12", "WAHR oder FALSCH")

    def test_unknown_centre_and_wrong_population_length(self):
        self.expect(11, '"z";1;"landkreis"', "ISP-E07", "Bezugspunkt")
        self.expect(12, '"zw";1;;B1:B12', "ISP-E01", "Einwohner")


# ISP_BELASTUNG: the 13 areas x 5 indicators of calc_belastung.py (D a resource; C5 empty, E8 text; row 10 has 2
# of 5 values: below 2/3 coverage by count and by weight share with the weights used below).
COLS = "BCDEF"
N = len(MATRIX)
LANDKREIS = [10.7, 28.0, 5.1, 17.0, 6.6]  # given reference row (sheet row 16)
POPULATION = [1200, 3400, 900, 2500, 4100, 1800, 2200, 5100, 1500, 2900, 6000, 1100, 3300]  # column G


def native_index(sh, centre_row, weights, top, zcols, rescale=False):
    """The Sozialraummonitor's Rechenweg (t_sozialraummonitor.py, sections A-E) with native functions:
    z = pol (x - centre) / STDEV over the areas (B); weight x z (C) and the weight where z exists (D);
    raw index = Σ(w z) / Σ(w available) where Σ(w available) / Σ(w) >= 2/3 (E); optionally ÷ STDEV of the raw
    index (without re-centring). `zcols`: 5 z columns, then 5 w·z, 5 w, raw, index."""
    z, wz, wa, raw, idx = zcols[0:5], zcols[5:10], zcols[10:15], zcols[15], zcols[16]
    for j, c in enumerate(COLS):
        formula(sh, f"{c}{top - 2}", f"=STDEV({c}$2:{c}$14)")
        formula(sh, f"{c}{top - 1}", str(weights[j]))
    wsum = f"$B${top - 1}:$F${top - 1}"
    for i in range(N):
        r, t = 2 + i, top + i
        for j, c in enumerate(COLS):
            formula(sh, f"{z[j]}{t}", f'=IF(ISNUMBER({c}{r});{POL[j]}*({c}{r}-{c}${centre_row})/{c}${top - 2};"")')
            formula(sh, f"{wz[j]}{t}", f'=IF({z[j]}{t}="";"";{c}${top - 1}*{z[j]}{t})')
            formula(sh, f"{wa[j]}{t}", f'=IF({z[j]}{t}="";"";{c}${top - 1})')
        wzr, war = f"{wz[0]}{t}:{wz[4]}{t}", f"{wa[0]}{t}:{wa[4]}{t}"
        formula(sh, f"{raw}{t}", f'=IF(SUM({war})/SUM({wsum})<2/3;"";SUM({wzr})/SUM({war}))')
    raw_range = f"{raw}${top}:{raw}${top + N - 1}"
    for i in range(N):
        t = top + i
        formula(sh, f"{idx}{t}", f'=IF({raw}{t}="";"";{raw}{t}/STDEV({raw_range}))' if rescale else f"={raw}{t}")


class BelastungReference(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sh = cls.sh
        put(sh, "B2", MATRIX)
        put(sh, "B16", [LANDKREIS])
        put(sh, "G2", [[p] for p in POPULATION])
        # Row 17: the population-weighted mean per column over the areas where the value is present.
        for c in COLS:
            x = f"{c}$2:{c}$14"
            formula(sh, f"{c}17", f"=SUMPRODUCT(IF(ISNUMBER({x});{x};0)*$G$2:$G$14)"
                                  f"/SUMPRODUCT(ISNUMBER({x})*$G$2:$G$14)")

    def zcols(self, start):
        return [column_name(self.sh, start + k) for k in range(17)]

    def test_equals_the_sozialraummonitor_rechenweg(self):
        # z around the Landkreis row, non-uniform weights, missing values, ÷ SD of the raw index: the monitor.
        weights = [2, 1, 1, 0.5, 1]
        cols = self.zcols(8)  # I..Y
        native_index(self.sh, 16, weights, 22, cols, rescale=True)
        array_formula(self.sh, "Z22:Z34", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};{{2;1;1;0.5;1}};;;;;;1;B16:F16)")
        array_formula(self.sh, "AA22:AA34",
                      f'=ISP_BELASTUNG(B2:F14;{POLARITIES};{{2;1;1;0.5;1}};"mittel";;;"z";2/3;TRUE();B16:F16;"nein")')
        self.recalc()
        self.assertEqual(count_numbers(self.sh, f"{cols[16]}22:{cols[16]}34"), 12)
        self.assertSameColumn("Z22:Z34", f"{cols[16]}22:{cols[16]}34", tol=1e-12)
        self.assertSameColumn("AA22:AA34", "Z22:Z34", tol=0)
        self.assertEmptyResult("Z30")  # data row 9: 2 of 5 values

    def test_reference_row_without_rescaling(self):
        cols = self.zcols(8)
        native_index(self.sh, 16, [1, 1, 1, 1, 1], 42, cols)
        array_formula(self.sh, "Z42:Z54", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;;;;B16:F16)")
        self.recalc()
        self.assertEqual(count_numbers(self.sh, f"{cols[16]}42:{cols[16]}54"), 12)
        self.assertSameColumn("Z42:Z54", f"{cols[16]}42:{cols[16]}54", tol=1e-12)

    def test_weighted_centre(self):
        # "gewichtet": every column centred on its population-weighted mean (row 17), SD stays STDEV.
        cols = self.zcols(8)
        native_index(self.sh, 17, [1, 1, 1, 1, 1], 62, cols)
        array_formula(self.sh, "Z62:Z74", f'=ISP_BELASTUNG(B2:F14;{POLARITIES};;;G2:G14;;;;;"gewichtet")')
        self.recalc()
        self.assertEqual(count_numbers(self.sh, f"{cols[16]}62:{cols[16]}74"), 12)
        self.assertSameColumn("Z62:Z74", f"{cols[16]}62:{cols[16]}74", tol=1e-12)

    def test_ratio_to_the_landkreis(self):
        # "verhaeltnis" with a reference row: x / x_LK x 100 (resource: x_LK / x x 100), mean per row.
        sh = self.sh
        for i in range(N):
            r = 2 + i
            for j, c in enumerate(COLS):
                q = f"{c}{r}/{c}$16*100" if POL[j] > 0 else f"{c}$16/{c}{r}*100"
                formula(sh, f"{column_name(sh, 30 + j)}{r}", f'=IF(ISNUMBER({c}{r});{q};"")')
            rng = f"AE{r}:AI{r}"
            formula(sh, f"AJ{r}", f'=IF(COUNT({rng})/5<2/3;"";AVERAGE({rng}))')
        array_formula(sh, "AK2:AK14", f'=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;"verhaeltnis";;;B16:F16)')
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "AJ2:AJ14"), 12)
        self.assertSameColumn("AK2:AK14", "AJ2:AJ14", tol=1e-12)

    def test_none_aggregates_given_scores(self):
        # "keine": already normalised scores are averaged as they are (pol x score), no re-normalising.
        sh = self.sh
        for i in range(N):
            r = 2 + i
            parts = [f"{'-' if POL[j] < 0 else ''}{c}{r}" for j, c in enumerate(COLS)]
            formula(sh, f"AM{r}", f'=IF(COUNT(B{r}:F{r})/5<2/3;"";'
                                  f'({"+".join(f"IF(ISNUMBER({c}{r});{p};0)" for c, p in zip(COLS, parts))})'
                                  f"/COUNT(B{r}:F{r}))")
        array_formula(sh, "AN2:AN14", f'=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;"keine")')
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "AM2:AM14"), 12)
        self.assertSameColumn("AN2:AN14", "AM2:AM14", tol=1e-12)

    def test_bad_reference_arguments(self):
        cases = [
            # a missing Landkreis value for a column with weight > 0, named by its column
            (f"B2:F14;{POLARITIES};;;;;;;;{{10.7;28;5.1;\"\";6.6}}", "ISP-E18", "Spalte 4"),
            (f'B2:F14;{POLARITIES};;;;;;;;"gewichtet"', "ISP-E12", "Einwohner"),
            (f"B2:F14;{POLARITIES};;;;;;;;B16:E16", "ISP-E01", "Bezugspunkt"),
            (f'B2:F14;{POLARITIES};;;;;"minmax";;;B16:F16', "ISP-E12", "Bezugspunkt gilt nur"),
            (f'B2:F14;{POLARITIES};;;;;;;;"landkreis"', "ISP-E07", "Bezugspunkt"),
            (f'B2:F14;{POLARITIES};;;;;;;;;"vielleicht"', "ISP-E07", "Ausreißer"),
        ]
        for i, (args, eid, words) in enumerate(cases):
            with self.subTest(args=args):
                array_formula(self.sh, f"AP{2 + i}:AP{2 + i}", f"=ISP_BELASTUNG({args})")
                self.recalc()
                self.assertError(f"AP{2 + i}", 502)
                text = self.diagnose(f"AQ{2 + i}", f'=ISP_DIAGNOSE("ISP_BELASTUNG";{args})')
                self.assertIn(eid, text)
                self.assertIn(words, text)

    def test_empty_texts_keep_the_defaults(self):
        # A formula cell showing "" as Bezugspunkt or Ausreißer means the default, as an omitted argument.
        formula(self.sh, "AV1", '=""')
        array_formula(self.sh, "AV2:AV14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;;;;AV1;AV1)")
        array_formula(self.sh, "AW2:AW14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES})")
        array_formula(self.sh, "AX2:AX14", f"=ISP_BELASTUNG(B2:F14;{POLARITIES};;;;;;;;\"mittel\";\"nein\")")
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "AW2:AW14"), 12)
        self.assertSameColumn("AV2:AV14", "AW2:AW14", tol=0)
        self.assertSameColumn("AX2:AX14", "AW2:AW14", tol=0)

    def test_missing_reference_for_weight_zero_is_fine(self):
        # Column 4 has weight 0: its reference value may be missing; equals leaving column 4 out.
        array_formula(self.sh, "AS2:AS14",
                      f"=ISP_BELASTUNG(B2:F14;{POLARITIES};{{1;1;1;0;1}};;;;;;;{{10.7;28;5.1;\"\";6.6}})")
        array_formula(self.sh, "AT2:AT14", "=ISP_BELASTUNG(B2:F14;{1;1;-1;1;1};{1;1;1;0;1};;;;;;;B16:F16)")
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "AT2:AT14"), 12)
        self.assertSameColumn("AS2:AS14", "AT2:AT14", tol=0)


# One indicator with a high outlier: 1..12 and 100 (SKEW 3.49, KURT 12.4: both above the thresholds 2 and
# 3.5), one point winsorised to 12 passes (SKEW -0.09).
OUTLIER_COLUMN = list(range(1, 13)) + [100]


class Outliers(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sh = cls.sh
        put(sh, "A1", [[v] for v in OUTLIER_COLUMN])
        # B: the hand-winsorised column (100 -> 12, the next value inward).
        put(sh, "B1", [[min(v, 12)] for v in OUTLIER_COLUMN])
        put(sh, "C1", [[-v] for v in OUTLIER_COLUMN])  # the mirror: a low outlier
        # D: sixty 1s and 10, 20, ..., 60 (winsorising 5 points is not enough: log).
        put(sh, "D1", [[1]] * 60 + [[10 * k] for k in range(1, 7)])

    def test_test_data_fail_the_coinr_test_natively(self):
        formula(self.sh, "F1", "=SKEW(A1:A13)")
        formula(self.sh, "F2", "=KURT(A1:A13)")
        formula(self.sh, "F3", "=SKEW(B1:B13)")
        self.recalc()
        self.assertGreaterEqual(abs(self.value("F1")), 2)
        self.assertGreaterEqual(self.value("F2"), 3.5)
        self.assertLess(abs(self.value("F3")), 2)

    def test_treated_values_and_marks(self):
        sh = self.sh
        array_formula(sh, "H1:H13", "=ISP_AUSREISSER(A1:A13)")
        array_formula(sh, "I1:I13", '=ISP_AUSREISSER(A1:A13;"behandlung")')
        array_formula(sh, "J1:J13", '=ISP_AUSREISSER(C1:C13;"behandlung")')
        array_formula(sh, "K1:K13", '=ISP_AUSREISSER(C1:C13;"werte")')
        self.recalc()
        self.assertSameColumn("H1:H13", "B1:B13", tol=0)
        marks = [c for [c] in read_range(sh, "I1:I13")]
        self.assertEqual(marks[:12], [("empty", None)] * 12)
        self.assertEqual(marks[12], ("text", "gekappt oben"))
        self.assertEqual(lo.read(sh, "J13"), ("text", "gekappt unten"))
        self.assertValue("K13", -12.0, tol=0)

    def test_log_when_winsorising_is_not_enough(self):
        # COINr log_CT: ln(x - min + 0.01 (max - min)), written natively.
        sh = self.sh
        array_formula(sh, "M1:M66", "=ISP_AUSREISSER(D1:D66)")
        array_formula(sh, "N1:N66", '=ISP_AUSREISSER(D1:D66;"behandlung")')
        for r in range(1, 67):
            formula(sh, f"O{r}", f"=LN(D{r}-MIN(D$1:D$66)+0.01*(MAX(D$1:D$66)-MIN(D$1:D$66)))")
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "O1:O66"), 66)
        self.assertSameColumn("M1:M66", "O1:O66", tol=1e-12)
        self.assertEqual({c for [c] in read_range(sh, "N1:N66")}, {("text", "logarithmiert")})

    def test_report(self):
        sh = self.sh
        formula(sh, "Q1", '=ISP_AUSREISSER(A1:A13;"bericht")')
        formula(sh, "Q2", '=ISP_AUSREISSER(B1:B13;"bericht")')
        formula(sh, "Q3", '=ISP_AUSREISSER(D1:D66;"bericht")')
        formula(sh, "Q4", '=ISP_AUSREISSER(A1:A3;"bericht")')
        formula(sh, "R1", "=SKEW(A1:A13)")
        formula(sh, "R2", "=SKEW(B1:B13)")
        self.recalc()

        def german(v):
            return f"{v:.2f}".replace(".", ",")
        report = sh.getCellRangeByName("Q1").getString()
        self.assertTrue(report.startswith("winsorisiert: 1 Wert gekappt"), report)
        self.assertIn(f"Schiefe {german(self.value('R1'))} → {german(self.value('R2'))}", report)
        self.assertIn("COINr", report)
        self.assertTrue(sh.getCellRangeByName("Q2").getString().startswith("keine Behandlung nötig"))
        self.assertTrue(sh.getCellRangeByName("Q3").getString().startswith("logarithmiert"))
        self.assertTrue(sh.getCellRangeByName("Q4").getString().startswith("nicht prüfbar"))

    def test_belastung_with_outlier_treatment(self):
        # Two indicators: the outlier column and its mirror's partner E (normal data). With "ja" the first
        # column's z-scores are those of the hand-winsorised column B; with "nein" those of A.
        sh = self.sh
        put(sh, "E1", [[v] for v in [3, 5, 4, 6, 5, 7, 4, 6, 5, 3, 6, 4, 5]])
        for r in range(1, 14):
            formula(sh, f"T{r}", f"=(STANDARDIZE(B{r};AVERAGE(B$1:B$13);STDEV(B$1:B$13))"
                                 f"+STANDARDIZE(E{r};AVERAGE(E$1:E$13);STDEV(E$1:E$13)))/2")
            formula(sh, f"U{r}", f"=(STANDARDIZE(A{r};AVERAGE(A$1:A$13);STDEV(A$1:A$13))"
                                 f"+STANDARDIZE(E{r};AVERAGE(E$1:E$13);STDEV(E$1:E$13)))/2")
        # A and E side by side as the matrix (A1:A13 and E1:E13 are not adjacent: copy A into F).
        put(sh, "F1", [[v] for v in OUTLIER_COLUMN])
        put(sh, "G1", [[v] for v in [3, 5, 4, 6, 5, 7, 4, 6, 5, 3, 6, 4, 5]])
        array_formula(sh, "V1:V13", '=ISP_BELASTUNG(F1:G13;;;;;;;;;;"ja")')
        array_formula(sh, "W1:W13", '=ISP_BELASTUNG(F1:G13;;;;;;;;;;"nein")')
        array_formula(sh, "X1:X13", "=ISP_BELASTUNG(F1:G13;;;;;;;;;;TRUE())")
        self.recalc()
        self.assertEqual(count_numbers(self.sh, "T1:T13"), 13)
        self.assertSameColumn("V1:V13", "T1:T13", tol=1e-12)
        self.assertEqual(count_numbers(self.sh, "U1:U13"), 13)
        self.assertSameColumn("W1:W13", "U1:U13", tol=1e-12)
        self.assertSameColumn("X1:X13", "V1:V13", tol=0)

    def test_bad_output_and_error_cells(self):
        sh = self.sh
        formula(sh, "Z1", "=1/0")
        array_formula(sh, "Z3:Z3", '=ISP_AUSREISSER(A1:A13;"liste")')
        array_formula(sh, "Z4:Z4", "=ISP_AUSREISSER(Z1:Z2)")
        self.recalc()
        self.assertError("Z3", 502)
        self.assertIn("ISP-E07", self.diagnose("AA3", '=ISP_DIAGNOSE("ISP_AUSREISSER";A1:A13;"liste")'))
        self.assertError("Z4", 532)  # the #DIV/0! of Z1 is passed on


if __name__ == "__main__":
    unittest.main()
