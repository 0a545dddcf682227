"""ISP_INDEX_EBENEN and ISP_KORRELATION in real Calc, each against a sheet of native Calc formulas.

The multi-level index is rebuilt from the structure table with STANDARDIZE per indicator, SUMIFS for the weight
of every child in every group and SUMPRODUCT for the weighted mean of the available children with the coverage
rule, level by level. Pearson is checked against CORREL and PEARSON, Spearman against CORREL of RANK.AVG columns
taken over the rows where both values are present (pairwise deletion).
"""
import unittest

import lo
from lo import array_formula, formula, put, read_range

# 13 areas x 6 indicators. Missing values (None = empty cell, "k.A." = text) are placed so that the coverage
# rule (2/3 of the children with weight > 0, counted as COINr's dat_thresh; methods.md §4) decides on every level:
#   area 2: I2 missing -> D1 1 of 2 (empty); L1 1 of 2 (empty); G 1 of 2 (empty: the first empty G)
#   area 4: I1 missing -> D1 1 of 2 (empty), and with it L1 and G
#   area 6: I4 missing -> D2 1 of 2 (empty); L1 and L2 1 of 2 (empty); G has no child left
#   area 8: I5 text -> D3 keeps I3 and I6 (2 of 3, exactly at the threshold: present, re-weighted 1 : 0.5)
#   area 10: I3, I4, I6 missing -> D2 none, D3 1 of 3 (empty), nothing left for G
# With the lower thresholds of test_coverage_and_rescale_per_level (0.5 / 0.75 / 0.4) D1 and D2 survive on one
# child and L1 of area 4 is re-weighted to D2.
CODES = ["I1", "I2", "I3", "I4", "I5", "I6"]
DATA = [
    [12.5, 30.1, 4.2, 18.0, 7.7, 101],
    [8.3, None, 6.1, 15.5, 5.1, 95],
    [15.1, 33.0, 3.3, 21.2, 9.4, 120],
    [None, 26.0, 5.5, 16.1, 6.0, 88],
    [11.2, 28.8, 4.9, 17.3, 6.8, 99],
    [7.4, 22.1, 7.0, None, 4.4, 90],
    [13.8, 31.7, 3.9, 19.4, 8.1, 110],
    [10.0, 27.2, 5.2, 16.6, "k.A.", 97],
    [6.1, 23.5, 6.3, 14.2, 4.0, 85],
    [14.7, 32.5, None, None, 8.8, None],
    [9.0, 24.9, 6.4, 15.0, 5.6, 92],
    [12.0, 29.3, 4.5, 17.9, 7.2, 104],
    [10.8, 26.6, 5.0, 16.8, 6.5, 98],
]
N = len(DATA)
# code | parent | weight | polarity: 4 levels, non-uniform weights; D2 lies in two Lebenslagen and I3 in two
# Dimensionen (a code may have one row per parent).
STRUCTURE = [
    ["G", None, None, None],
    ["L1", "G", 2, None],
    ["L2", "G", 1, None],
    ["D1", "L1", 1, None],
    ["D2", "L1", 3, None],
    ["D2", "L2", 1, None],
    ["D3", "L2", 2, None],
    ["I1", "D1", 2, 1],
    ["I2", "D1", 1, -1],
    ["I3", "D2", 1, 1],
    ["I3", "D3", 1, 1],
    ["I4", "D2", 1.5, 1],
    ["I5", "D3", 1, -1],
    ["I6", "D3", 0.5, 1],
]
STRUCT = f"$Daten.$J$2:$M${1 + len(STRUCTURE)}"
# Node columns of the native sheets: indicators B..G, level 2 H..J, level 3 K..L, level 4 M.
LEVELS = {2: ["D1", "D2", "D3"], 3: ["L1", "L2"], 4: ["G"]}
NODE_COLS = dict(zip(CODES + LEVELS[2] + LEVELS[3] + LEVELS[4], "BCDEFGHIJKLM"))
LAST_BELOW = {2: "G", 3: "J", 4: "L"}  # the last node column of the levels below


def col(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def setUpModule():
    lo.start_module_office("multilevel")


def tearDownModule():
    lo.stop_module_office()


def native_index(sh, coverage, rescale=()):
    """Every node of the structure per area with native formulas, on sheet sh (rows 2..14). coverage: per group
    level; rescale: the levels whose groups are divided by their sample SD (the raw group values then sit 20
    columns to the right)."""
    put(sh, "A1", [["Gebiet"] + list(NODE_COLS)])
    # Indicator z-scores, polarity from the structure (VLOOKUP finds an indicator's first row).
    for code in CODES:
        c = NODE_COLS[code]
        for i in range(N):
            r = 2 + i
            formula(sh, f"{c}{r}", f'=IF(ISNUMBER($Daten.{c}{r});VLOOKUP({c}$1;{STRUCT};4;0)*'
                                   f'STANDARDIZE($Daten.{c}{r};AVERAGE($Daten.{c}$2:{c}$14);'
                                   f'STDEV($Daten.{c}$2:{c}$14));"")')
    # The weight of every node (column) in every group (row), read from the structure table with SUMIFS.
    groups = LEVELS[2] + LEVELS[3] + LEVELS[4]
    for g, code in enumerate(groups):
        wr = 20 + g
        put(sh, f"A{wr}", [[code]])
        for c in "BCDEFGHIJKL":
            formula(sh, f"{c}{wr}", f"=SUMIFS($Daten.$L$2:$L$15;$Daten.$J$2:$J$15;{c}$1;$Daten.$K$2:$K$15;$A{wr})")
    for level in (2, 3, 4):
        last = LAST_BELOW[level]
        for code in LEVELS[level]:
            c = NODE_COLS[code]
            wr = 20 + groups.index(code)
            w = f"$B${wr}:${last}${wr}"
            target = col(ord(c) - 65 + 20) if level in rescale else c
            for i in range(N):
                r = 2 + i
                v = f"$B{r}:${last}{r}"
                formula(sh, f"{target}{r}",
                        f'=IF(SUMPRODUCT(ISNUMBER({v})*({w}>0))/COUNTIF({w};">0")>={coverage[level]};'
                        f'SUMPRODUCT(IF(ISNUMBER({v});{v};0)*{w})/SUMPRODUCT(ISNUMBER({v})*{w});"")')
                if level in rescale:
                    formula(sh, f"{c}{r}", f'=IF(ISNUMBER({target}{r});{target}{r}/STDEV({target}$2:{target}$14);"")')


class IndexEbenen(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc.Sheets.getByIndex(0).setName("Daten")
        put(cls.sh, "A1", [["Gebiet"] + CODES])
        put(cls.sh, "B2", DATA)
        put(cls.sh, "A2", [[f"SR {i + 1}"] for i in range(N)])
        put(cls.sh, "J1", [["Code", "Eltern", "Gewicht", "Polarität"]] + STRUCTURE)
        cls.native = cls.new_sheet("Nativ", 1)
        native_index(cls.native, {2: "2/3", 3: "2/3", 4: "2/3"})

    @classmethod
    def new_sheet(cls, name, index):
        cls.doc.Sheets.insertNewByName(name, index)
        return cls.doc.Sheets.getByName(name)

    def same(self, ours, native_sheet, native, tol=1e-12):
        a = read_range(self.sh, ours)
        b = read_range(native_sheet, native)
        self.assertEqual((len(a), len(a[0])), (len(b), len(b[0])))
        for i, (ra, rb) in enumerate(zip(a, b)):
            for j, (ca, cb) in enumerate(zip(ra, rb)):
                where = f"{ours} row {i} col {j}: ours {ca}, native {cb}"
                if cb[0] == "value":
                    self.assertEqual(ca[0], "value", where)
                    self.assertAlmostEqual(ca[1], cb[1], delta=tol * max(1.0, abs(cb[1])), msg=where)
                else:
                    self.assertEqual(cb, ("empty", None), where)  # the native sheet has no error
                    self.assertEqual(ca, ("empty", None), where)

    def test_every_level_equals_native_sheet(self):
        sh = self.sh
        args = f"B2:G14;B1:G1;J2:M{1 + len(STRUCTURE)}"
        array_formula(sh, "P2:U14", f"=ISP_INDEX_EBENEN({args};1)")
        array_formula(sh, "V2:X14", f"=ISP_INDEX_EBENEN({args};2)")
        array_formula(sh, "Y2:Z14", f"=ISP_INDEX_EBENEN({args};3)")
        array_formula(sh, "AA2:AA14", f"=ISP_INDEX_EBENEN({args})")
        array_formula(sh, "AB2:AB14", f"=ISP_INDEX_EBENEN({args};4)")
        self.recalc()
        self.same("P2:U14", self.native, "B2:G14")
        self.same("V2:X14", self.native, "H2:J14")
        self.same("Y2:Z14", self.native, "K2:L14")
        self.same("AA2:AA14", self.native, "M2:M14")
        self.same("AB2:AB14", self.native, "M2:M14")
        # The coverage cases the data were built for (see the comment at DATA).
        self.assertEqual(lo.read(sh, "X9")[0], "value")  # D3 at exactly 2 of 3 children
        self.assertEmptyResult("V3")  # D1 at 1 of 2, though the present I1 carries 2/3 of D1's weight
        self.assertEmptyResult("V5")  # D1 at 1 of 2
        self.assertEmptyResult("AA7")
        self.assertEqual(lo.read(sh, "AA9")[0], "value")
        self.assertEmptyResult("AA11")
        # ISP_DIAGNOSE names why the first empty cell is empty: area 2 (row 2 of the matrix) has 1 of G's 2 children.
        message = self.diagnose("AC1", f'=ISP_DIAGNOSE("ISP_INDEX_EBENEN";{args})')
        self.assertIn("ISP-E03", message)
        self.assertIn("„G“ in Zeile 2: nur 50 % der Kinder (mit Gewicht > 0)", message)
        self.assertIn("Ergebnis ohne Zahl in 4 von 13 Zellen", message)  # areas 2, 4, 6 and 10

    def test_codes_in_given_order(self):
        sh = self.sh
        put(sh, "AD1", [["L2", "I5", "D1"]])
        array_formula(sh, "AD2:AF14", f"=ISP_INDEX_EBENEN(B2:G14;B1:G1;J2:M{1 + len(STRUCTURE)};AD1:AF1)")
        array_formula(sh, "AG2:AG14", f'=ISP_INDEX_EBENEN(B2:G14;B1:G1;J2:M{1 + len(STRUCTURE)};"D2")')
        self.recalc()
        self.same("AD2:AD14", self.native, "L2:L14")
        self.same("AE2:AE14", self.native, "F2:F14")
        self.same("AF2:AF14", self.native, "H2:H14")
        self.same("AG2:AG14", self.native, "I2:I14")

    def test_coverage_and_rescale_per_level(self):
        sh = self.sh
        other = self.new_sheet("Nativ2", 2)
        native_index(other, {2: "0.5", 3: "0.75", 4: "0.4"}, rescale=(2, 3))
        put(sh, "AP1", [[0.5, 0.75, 0.4], [1, 1, 0]])  # per group level 2, 3, 4: coverage; rescale
        array_formula(sh, "AI2:AN14", f"=ISP_INDEX_EBENEN(B2:G14;B1:G1;J2:M{1 + len(STRUCTURE)};"
                                      f'{{"D1";"D2";"D3";"L1";"L2";"G"}};"z";AP1:AR1;AP2:AR2)')
        self.recalc()
        self.same("AI2:AN14", other, "H2:M14")

    def test_whole_columns_and_none(self):
        # "keine": the matrix holds scores already; with polarity 1 everywhere the groups are plain weighted
        # means of the values. The native z sheet fed back in must give the same groups.
        sh = self.sh
        other = self.new_sheet("Scores", 3)
        put(other, "A1", [CODES])
        put(other, "J1", [["G", None, None, None], ["D", "G", 1, None]])
        for i in range(N):
            for j, code in enumerate(CODES):
                formula(other, f"{col(j)}{2 + i}", f"=$Nativ.{NODE_COLS[code]}{2 + i}")
        put(other, "J3", [[code, "D", w, 1] for code, w in zip(CODES, [2, 1, 1, 1.5, 1, 0.5])])
        array_formula(other, "R2:R14", '=ISP_INDEX_EBENEN(A2:F14;A1:F1;J1:M8;;"keine";0)')
        array_formula(other, "S1:S14", '=ISP_INDEX_EBENEN(A:F;A1:F1;J:M;;"keine";0)')
        for i in range(N):
            v = f"A{2 + i}:F{2 + i}"
            w = "{2;1;1;1.5;1;0.5}"
            formula(other, f"T{2 + i}", f"=SUMPRODUCT(IF(ISNUMBER({v});{v};0)*{w})/SUMPRODUCT(ISNUMBER({v})*{w})")
        self.recalc()
        self.assertEqual(read_range(other, "T2:T2")[0][0][0], "value")
        a, b = read_range(other, "R2:R14"), read_range(other, "T2:T14")
        for [x], [y] in zip(a, b):
            self.assertAlmostEqual(x[1], y[1], places=12)
        # A whole column: the header row (codes, not numbers) is a row without values, the rest is the same.
        self.assertEqual(lo.read(other, "S1"), ("empty", None))
        self.assertEqual(read_range(other, "S2:S14"), read_range(other, "R2:R14"))


class IndexEbenenErrors(lo.CalcTest):
    """Bad structures give Err:502, and ISP_DIAGNOSE names the problem in German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", [["a", "b"], [1, 4], [2, 3], [3, 5], [4, 1]])

    def expect(self, structure, eid, text, extra=""):
        sh = self.sh
        sh.getCellRangeByName("D1:G10").clearContents(1 | 2 | 4 | 16)
        put(sh, "D1", structure)
        args = f"A2:B5;A1:B1;D1:G{len(structure)}{extra}"
        array_formula(sh, "I1:I4", f"=ISP_INDEX_EBENEN({args})")
        self.recalc()
        self.assertError("I1", 502)
        message = self.diagnose("K1", f'=ISP_DIAGNOSE("ISP_INDEX_EBENEN";{args})')
        self.assertIn(eid, message)
        self.assertIn(text, message)

    def test_cycle(self):
        self.expect([["G", None], ["X", "Y", 1], ["Y", "X", 1], ["a", "X", 1, 1], ["b", "G", 1, 1]], "ISP-E16",
                    "Kreis in der Struktur")

    def test_unknown_parent(self):
        self.expect([["G", None], ["a", "G", 1, 1], ["b", "D9", 1, 1]], "ISP-E16", "„D9“ ist unbekannt")

    def test_polarity_on_group(self):
        self.expect([["G", None], ["D", "G", 1, -1], ["a", "D", 1, 1], ["b", "D", 1, 1]], "ISP-E19",
                    "„D“ ist eine Gruppe")

    def test_indicator_missing_from_structure(self):
        self.expect([["G", None], ["a", "G", 1, 1]], "ISP-E16", "Indikator „b“")

    def test_parent_is_indicator(self):
        self.expect([["G", None], ["a", "G", 1, 1], ["b", "a", 1, 1]], "ISP-E16", "„a“ ist ein Indikator")

    def test_different_polarities(self):
        self.expect([["G", None], ["D", "G", 1], ["a", "G", 1, 1], ["a", "D", 1, -1], ["b", "D", 1, 1]],
                    "ISP-E19", "verschiedene Polaritäten")

    def test_output_unknown_code_and_level(self):
        good = [["G", None], ["a", "G", 1, 1], ["b", "G", 2, -1]]
        self.expect(good, "ISP-E12", "„Z“ steht weder", ';"Z"')
        self.expect(good, "ISP-E12", "ganze Zahl von 1 (Indikatoren) bis 2", ";3")

    def test_coverage_list_length(self):
        good = [["G", None], ["a", "G", 1, 1], ["b", "G", 2, -1]]
        self.expect(good, "ISP-E01", "je Gruppenebene (Ebene 2 bis 2) einer", ';;;{0.5;0.5}')

    def test_good_structure_works(self):
        put(self.sh, "D20", [["G", None], ["a", "G", 1, 1], ["b", "G", 2, -1]])
        array_formula(self.sh, "I20:I23", "=ISP_INDEX_EBENEN(A2:B5;A1:B1;D20:G22)")
        for r in range(2, 6):
            formula(self.sh, f"J{18 + r}", f"=(STANDARDIZE(A{r};AVERAGE(A$2:A$5);STDEV(A$2:A$5))"
                                           f"-2*STANDARDIZE(B{r};AVERAGE(B$2:B$5);STDEV(B$2:B$5)))/3")
        self.recalc()
        self.assertSameColumn("I20:I23", "J20:J23", tol=1e-12)


# Correlations: 13 rows, ties in every column, missing values in different rows (pairwise deletion matters).
KORR = [
    [3, 2, 10, 1, 5, 7],
    [1, 7, 12, 1, None, 7],
    [4, 1, "x", 2, None, 7],
    [1, 8, 15, 2, 2, 7],
    [5, 2, 11, 3, None, 7],
    [9, 8, 19, None, None, 7],
    [2, 1, 12, 3, None, 7],
    [6, 8, 16, 4, None, 7],
    [5, 2, 14, 4, None, 7],
    [3, 8, 12, 5, None, 7],
    [None, 4, 13, 5, None, 7],
    [8, None, 18, 6, None, 7],
    [9, 5, 20, 6, None, 7],
]


class Korrelation(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        put(cls.sh, "A1", KORR)

    def native_spearman(self, top_col, out_top_left):
        """Per ordered pair of columns (A..D): both columns filtered to the common rows, RANK.AVG within them,
        CORREL of the ranks. Helper columns from top_col on, the 4 x 4 result at out_top_left."""
        sh = self.sh
        k = top_col
        out_col = ord(out_top_left[0]) - 65
        out_row = int(out_top_left[1:])
        for i in range(4):
            for j in range(4):
                a, b = "ABCD"[i], "ABCD"[j]
                fa, fb, ra, rb = col(k), col(k + 1), col(k + 2), col(k + 3)
                k += 4
                for r in range(1, 14):
                    both = f"AND(ISNUMBER({a}{r});ISNUMBER({b}{r}))"
                    formula(sh, f"{fa}{r}", f'=IF({both};{a}{r};"")')
                    formula(sh, f"{fb}{r}", f'=IF({both};{b}{r};"")')
                    formula(sh, f"{ra}{r}", f'=IF(ISNUMBER({fa}{r});RANK.AVG({fa}{r};{fa}$1:{fa}$13;1);"")')
                    formula(sh, f"{rb}{r}", f'=IF(ISNUMBER({fb}{r});RANK.AVG({fb}{r};{fb}$1:{fb}$13;1);"")')
                formula(sh, f"{col(out_col + j)}{out_row + i}", f"=CORREL({ra}1:{ra}13;{rb}1:{rb}13)")

    def test_pearson_equals_correl_and_pearson(self):
        sh = self.sh
        array_formula(sh, "H1:K4", "=ISP_KORRELATION(A1:D13)")
        array_formula(sh, "H6:K9", '=ISP_KORRELATION(A1:D13;;"pearson")')
        for i in range(4):
            for j in range(4):
                a, b = "ABCD"[i], "ABCD"[j]
                formula(sh, f"{'MNOP'[j]}{1 + i}", f"=CORREL({a}1:{a}13;{b}1:{b}13)")
                formula(sh, f"{'MNOP'[j]}{6 + i}", f"=PEARSON({a}1:{a}13;{b}1:{b}13)")
        self.recalc()
        self.assertSameColumn("H1:K4", "M1:P4", tol=1e-12)
        self.assertSameColumn("H6:K9", "M6:P9", tol=1e-12)
        self.assertValue("H1", 1.0, tol=1e-15)

    def test_spearman_equals_correl_of_rank_avg(self):
        sh = self.sh
        array_formula(sh, "H20:K23", '=ISP_KORRELATION(A1:D13;;"spearman")')
        array_formula(sh, "H25:K28", '=ISP_KORRELATION(A1:D13;;"Rang")')
        self.native_spearman(30, "M20")
        self.recalc()
        self.assertSameColumn("H20:K23", "M20:P23", tol=1e-12)
        self.assertSameColumn("H25:K28", "H20:K23", tol=0)

    def test_pairs_output(self):
        # n per pair = rows where both cells are numbers: SUMPRODUCT(ISNUMBER(a)*ISNUMBER(b)).
        sh = self.sh
        array_formula(sh, "H70:L74", '=ISP_KORRELATION(A1:E13;;;;"paare")')
        for i in range(5):
            for j in range(5):
                a, b = "ABCDE"[i], "ABCDE"[j]
                formula(sh, f"{'MNOPQ'[j]}{70 + i}", f"=SUMPRODUCT(ISNUMBER({a}1:{a}13)*ISNUMBER({b}1:{b}13))")
        self.recalc()
        self.assertSameColumn("H70:L74", "M70:Q74", tol=0)
        self.assertValue("L70", 2)  # A and E share rows 1 and 4 (KORR)

    def test_two_ranges(self):
        sh = self.sh
        array_formula(sh, "H40:I41", "=ISP_KORRELATION(A1:B13;C1:D13)")
        for i in range(2):
            for j in range(2):
                a, b = "AB"[i], "CD"[j]
                formula(sh, f"{'MN'[j]}{40 + i}", f"=CORREL({a}1:{a}13;{b}1:{b}13)")
        self.recalc()
        self.assertSameColumn("H40:I41", "M40:N41", tol=1e-12)

    def test_too_few_pairs_and_no_spread(self):
        sh = self.sh
        array_formula(sh, "H50:L54", "=ISP_KORRELATION(A1:E13)")
        array_formula(sh, "H56:H56", "=ISP_KORRELATION(A1:A13;F1:F13)")
        self.recalc()
        # Column E has 2 values: every cell of its row and column is empty (CORREL would give ±1 from 2 pairs).
        for addr in ("L50", "L51", "L54", "H54", "K54"):
            self.assertEmptyResult(addr)
        self.assertEqual(lo.read(sh, "H50")[0], "value")
        message = self.diagnose("N50", '=ISP_DIAGNOSE("ISP_KORRELATION";A1:E13)')
        self.assertIn("ISP-E03", message)
        self.assertIn("nur 2 Zeilen mit beiden Werten", message)
        self.assertEmptyResult("H56")
        message = self.diagnose("N56", '=ISP_DIAGNOSE("ISP_KORRELATION";A1:A13;F1:F13)')
        self.assertIn("ISP-E04", message)
        # With minPairs 2 the pair (A, E) gets a value, as CORREL does.
        array_formula(sh, "H58:H58", "=ISP_KORRELATION(A1:A13;E1:E13;;2)")
        formula(sh, "I58", "=CORREL(A1:A13;E1:E13)")
        self.recalc()
        self.assertSameColumn("H58:H58", "I58:I58", tol=1e-12)

    def test_bad_arguments(self):
        sh = self.sh
        cases = [('A1:D13;;"kendall"', "ISP-E07"), ("A1:A13;B1:B5", "ISP-E01"), ("A1:D13;;;1", "ISP-E12")]
        for i, (args, eid) in enumerate(cases):
            with self.subTest(args=args):
                array_formula(sh, f"H{60 + i}:H{60 + i}", f"=ISP_KORRELATION({args})")
                self.recalc()
                self.assertError(f"H{60 + i}", 502)
                self.assertIn(eid, self.diagnose(f"J{60 + i}", f'=ISP_DIAGNOSE("ISP_KORRELATION";{args})'))


if __name__ == "__main__":
    unittest.main()
