"""ISP_KREUZTABELLE in real Calc: every cell equals Calc's own SUMIFS over the same rows (the independent
reference), except that a cell without any value is empty instead of 0; keys compare like MATCH."""
import random
import unittest

import lo
from lo import array_formula, formula, put, read, read_range


def setUpModule():
    lo.start_module_office("kreuztabelle")


def tearDownModule():
    lo.stop_module_office()


def col(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


class Kreuztabelle(lo.CalcTest):
    N = 300  # data rows 2..301: A year, B area, C indicator, D value

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rnd = random.Random(7)
        rows = []
        for _ in range(cls.N):
            value = rnd.choice([rnd.randint(0, 500), rnd.uniform(-5, 5), None, "k.A."])
            rows.append([rnd.choice([2023, 2024]), rnd.choice([11, 12, 13, 14, "G15"]), rnd.randint(1, 6), value])
        put(cls.sh, "A2", rows)
        put(cls.sh, "F2", [[k] for k in (1, 2, 3, 4, 5, 7)])        # wanted indicators (7: no row)
        put(cls.sh, "G1", [[11, 12, 13, "g15", None, 99]])          # wanted areas ("g15" as MATCH; empty; no row)
        cls.last = cls.N + 1

    def test_grid_equals_sumifs_cell_by_cell(self):
        n = self.last
        array_formula(self.sh, "G2:L7", f"=ISP_KREUZTABELLE(D2:D{n};C2:C{n};F2:F7;B2:B{n};G1:L1;A2:A{n};2024)")
        for r in range(2, 8):
            for c in range(6):
                ref = f"{col(6 + c)}$1"
                crit = f"A$2:A${n};2024;C$2:C${n};$F{r};B$2:B${n};{ref}"
                # Empty where no matching row has a number (SUMIFS would say 0).
                formula(self.sh, f"{col(13 + c)}{r}",
                        f'=IF(OR({ref}="";COUNTIFS({crit};D$2:D${n};"<>";D$2:D${n};"<>k.A.")=0);"";'
                        f'SUMIFS(D$2:D${n};{crit}))')
        self.recalc()
        got, want = read_range(self.sh, "G2:L7"), read_range(self.sh, "N2:S7")
        filled = 0
        for r in range(6):
            for c in range(6):
                with self.subTest(cell=(r, c)):
                    self.assertEqual(got[r][c][0], want[r][c][0])
                    if want[r][c][0] == "value":
                        filled += 1
                        self.assertAlmostEqual(got[r][c][1], want[r][c][1], delta=1e-9)
        self.assertGreaterEqual(filled, 15)  # the data fill most cells: the comparison is not vacuous
        self.assertEqual(read(self.sh, "K2")[0], "empty")  # empty column key
        self.assertEqual(read(self.sh, "G7")[0], "empty")  # indicator 7 has no row
        # Leer = 0: the cells without a value show 0, the others stay as they were.
        array_formula(self.sh, "G20:L25", f"=ISP_KREUZTABELLE(D2:D{n};C2:C{n};F2:F7;B2:B{n};G1:L1;A2:A{n};2024;0)")
        self.recalc()
        zeros = read_range(self.sh, "G20:L25")
        for r in range(6):
            for c in range(6):
                with self.subTest(leer=(r, c)):
                    self.assertEqual(zeros[r][c], got[r][c] if got[r][c][0] == "value" else ("value", 0.0))

    def test_typed_condition_and_keys_as_inline_arrays(self):
        n = self.last
        # {1;2} is one row of keys: the result is one row per row key, one column per column key.
        array_formula(self.sh, "U2:V3", f"=ISP_KREUZTABELLE(D2:D{n};C2:C{n};{{1|2}};B2:B{n};{{11;12}};A2:A{n};2023)")
        for r, ind in ((2, 1), (3, 2)):
            for c, area in (("W", 11), ("X", 12)):
                formula(self.sh, f"{c}{r}", f'=SUMIFS(D2:D{n};A2:A{n};2023;C2:C{n};{ind};B2:B{n};{area})')
        self.recalc()
        for r in (2, 3):
            for got, want in (("U", "W"), ("V", "X")):
                with self.subTest(cell=f"{got}{r}"):
                    self.assertAlmostEqual(self.value(f"{got}{r}"), self.value(f"{want}{r}"), delta=1e-9)

    def test_error_cell_shows_where_it_belongs_and_text_digits_are_not_numbers(self):
        put(self.sh, "X10", [[1, 10, 1, 2024], [1, "=1/0", 1, 2024], [2, 5, 1, 2024], ["2", 7, 1, 2024]])
        array_formula(self.sh, "AC10:AC11", "=ISP_KREUZTABELLE(Y10:Y13;X10:X13;{1|2};Z10:Z13;{1};AA10:AA13;2024)")
        self.recalc()
        self.assertEqual(read(self.sh, "AC10"), ("error", 532))  # #DIV/0! of Y11 shows where it belongs
        self.assertEqual(read(self.sh, "AC11"), ("value", 5.0))  # the text "2" is not the number 2 (as MATCH)

    def test_sizes_must_agree(self):
        formula(self.sh, "AB1", "=ISP_KREUZTABELLE(D2:D10;C2:C9;1;B2:B10;11;A2:A10;2024)")
        formula(self.sh, "AB2", '=ISP_DIAGNOSE("ISP_KREUZTABELLE";D2:D10;C2:C9;1;B2:B10;11;A2:A10;2024)')
        self.recalc()
        self.assertEqual(read(self.sh, "AB1"), ("error", 502))
        self.assertIn("9 Werte, 8 Zeilenmerkmale", read(self.sh, "AB2")[1])


if __name__ == "__main__":
    unittest.main()
